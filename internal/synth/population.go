package synth

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
	"github.com/telusur/telusur/internal/region"
	"github.com/telusur/telusur/internal/synth/names"
)

// Snapshot is one dated version of the list.
type Snapshot struct {
	Name string    `json:"name"`
	Date time.Time `json:"date"`
}

// never marks an event that does not happen within the snapshots.
const never = math.MaxInt8

// person is one member of a household, with everything that happens to them
// across the snapshots decided up front.
type person struct {
	id         uint64
	name       string // the correct name
	typoName   string // the name as wrongly written before corrAt
	corrAt     int8   // first snapshot with the corrected name
	diedAt     int8   // first snapshot without the person
	female     bool
	married    bool
	marital    dpt.Marital
	birth      dpt.Date
	birthPlace string
	nik        string
	disability int32
	ektp       string
	overseas   int16 // index into overseasPosts + 1, 0 when at home
	passport   string
}

// household is a family card (KK): its members share the NKK and address.
type household struct {
	nkk     string
	rt, rw  int32
	address string
	tps     int32
	movedAt int8 // first snapshot at the new address
	move    *move
	members []person
}

// move is a household's new home.
type move struct {
	to      *village
	rt, rw  int32
	address string
	tps     int32
}

// world is what every village generator shares, read-only.
type world struct {
	seed      uint64
	snaps     []Snapshot
	adultBorn []dpt.Date // per snapshot, the latest birth date of a 17-year-old
	names     *names.Generator
	villages  []village
	byRegency map[string][]int // regency code → indices into villages
	gaz       []gazetteer      // per village
	places    birthPlaces
	// overseasScale scales every province's overseas rate so the national
	// share is the one asked for.
	overseasScale float64
}

// villageGen generates one village's households; it owns its random stream.
type villageGen struct {
	w        *world
	v        *village
	vi       int
	r        *rand.Rand
	gaz      *gazetteer
	serials  *serials
	seq      uint32 // persons so far, for IDs
	overseas int    // overseas voters so far, for passport numbers
}

// generate builds the village's households until its first snapshot has
// exactly v.voters voters.
//
// Villages of one district must be generated in code order with the same
// serials, which hands out NIK and NKK serials district-wide.
func (w *world) generate(vi int, ser *serials) (*villageGen, []household) {
	v := &w.villages[vi]
	ser.enter(v.district.Code)
	g := &villageGen{
		w: w, v: v, vi: vi,
		r:       rand.New(rand.NewPCG(w.seed, uint64(v.idx)+1)),
		gaz:     &w.gaz[vi],
		serials: ser,
	}
	var hs []household
	left := v.voters
	rw, rt, rtLeft := 1, 1, 20+g.r.IntN(30)
	tps, tpsLeft := int32(1), 230+g.r.IntN(71)
	for left > 0 {
		h := g.household()
		// Trim members past the village's quota: they live elsewhere.
		n := 0
		kept := h.members[:0]
		for _, p := range h.members {
			if g.eligible(&p, 0) {
				if n == left {
					continue
				}
				n++
			}
			kept = append(kept, p)
		}
		h.members = kept
		if n == 0 {
			continue // a household with no voter yet is not in the list
		}
		left -= n
		if rtLeft == 0 {
			rt, rtLeft = rt+1, 20+g.r.IntN(30)
			if rt > g.gaz.rts[rw-1] {
				rw, rt = rw%len(g.gaz.rts)+1, 1
			}
		}
		rtLeft--
		domestic := 0
		for i := range h.members {
			if h.members[i].overseas == 0 && g.eligible(&h.members[i], 0) {
				domestic++
			}
		}
		if tpsLeft < domestic && tpsLeft < 230 {
			tps, tpsLeft = tps+1, 230+g.r.IntN(71)
		}
		tpsLeft -= domestic
		h.rw, h.rt, h.tps = int32(rw), int32(rt), tps
		h.address = g.gaz.address(g.r, rw)
		g.events(&h)
		hs = append(hs, h)
	}
	return g, hs
}

// eligible reports whether p is on the list of snapshot k: alive, and 17 or
// older on the snapshot's date or married.
func (g *villageGen) eligible(p *person, k int) bool {
	if int(p.diedAt) <= k {
		return false
	}
	return p.married || p.birth <= g.w.adultBorn[k]
}

// householdAge draws a household head's age: the shape of Indonesian
// household heads (few under 25, a broad middle, a thin tail past 70).
func (g *villageGen) headAge() int {
	x := g.r.Float64()
	switch {
	case x < 0.05:
		return 20 + g.r.IntN(5)
	case x < 0.20:
		return 25 + g.r.IntN(10)
	case x < 0.46:
		return 35 + g.r.IntN(10)
	case x < 0.70:
		return 45 + g.r.IntN(10)
	case x < 0.87:
		return 55 + g.r.IntN(10)
	case x < 0.96:
		return 65 + g.r.IntN(10)
	default:
		return 75 + g.r.IntN(20)
	}
}

// birthAt returns a birth date for someone age years old on day ref.
func (g *villageGen) birthAt(age int, ref time.Time) dpt.Date {
	d := dpt.DateOf(ref.AddDate(-age, 0, 0)) - dpt.Date(1+g.r.IntN(365))
	// Older people without a known birthday were registered on 1 July or
	// 31 December of their birth year, a convention seen in every list.
	if t := d.Time(); t.Year() < 1965 && g.r.IntN(100) < 6 {
		if g.r.IntN(2) == 0 {
			return dpt.NewDate(t.Year(), time.July, 1)
		}
		return dpt.NewDate(t.Year(), time.December, 31)
	}
	return d
}

func (g *villageGen) household() household {
	w, r := g.w, g.r
	ref := w.snaps[0].Date
	style := w.names.PickStyle(r, g.v.province.Code)
	family := w.names.Family(r, style)
	var h household
	headAge := g.headAge()
	headFemale := r.IntN(100) < 12
	couple := !headFemale && r.IntN(100) < 88 && headAge >= 20
	if headAge < 27 && r.IntN(3) == 0 {
		couple = false
	}
	head := g.person(style, family, headFemale, g.birthAt(headAge, ref), 1)
	switch {
	case couple:
		head.married, head.marital = true, dpt.Married
	case headAge >= 35 || headFemale:
		head.married, head.marital = true, dpt.FormerlyMarried
	default:
		head.marital = dpt.Single
	}
	h.members = append(h.members, head)
	motherAge := headAge
	if couple {
		sa := headAge - 3 + int(r.NormFloat64()*4)
		sa = max(17, min(sa, 95))
		motherAge = sa
		// A wife from the same community keeps the family name only in
		// styles where wives take it; names.Name decides from style.
		sp := g.person(style, "", true, g.birthAt(sa, ref), 1)
		sp.married, sp.marital = true, dpt.Married
		h.members = append(h.members, sp)
	}
	if couple || headFemale {
		// Children born when the mother was 20–40, two to five years apart.
		n := int(min(6, max(0, math.Round(r.NormFloat64()*1.2+2.4))))
		first := motherAge - 20 - r.IntN(6)
		for i := 0; i < n; i++ {
			age := first - i*(2+r.IntN(4))
			if age < 0 {
				break
			}
			stay := age < 17 || (age < 25 && r.IntN(100) < 75) || (age < 35 && r.IntN(100) < 30) || r.IntN(100) < 8
			if !stay {
				continue
			}
			c := g.person(style, family, r.IntN(2) == 0, g.birthAt(age, ref), i+1)
			c.marital = dpt.Single
			h.members = append(h.members, c)
		}
	}
	if headAge >= 30 && headAge <= 55 && r.IntN(100) < 7 {
		pa := min(95, headAge+22+r.IntN(14))
		p := g.person(style, family, r.IntN(10) < 7, g.birthAt(pa, ref), 1)
		p.married, p.marital = true, dpt.FormerlyMarried
		h.members = append(h.members, p)
	}
	// The family card was issued after the head turned 17 and since 2005
	// for most, when KK numbers took their current 16-digit form.
	hb := head.birth.Time().AddDate(17, 0, 0)
	lo := max(dpt.DateOf(hb), dpt.NewDate(2005, 1, 1))
	hi := dpt.DateOf(ref) - 30
	issued := hi
	if lo < hi {
		issued = lo + dpt.Date(r.IntN(int(hi-lo)))
	}
	h.nkk = g.nkk(issued)
	g.overseasVoters(&h)
	return h
}

// person makes one person with a name, birth place, NIK and status fields.
func (g *villageGen) person(style names.Style, family string, female bool, birth dpt.Date, order int) person {
	r := g.r
	g.seq++
	p := person{
		id:     uint64(g.v.idx+1)<<24 | uint64(g.seq),
		female: female,
		birth:  birth,
		corrAt: 0, diedAt: never,
		ektp: dpt.EKTPRecorded,
	}
	p.name = g.w.names.Name(r, style, female, birth.Time().Year(), order, family)
	p.birthPlace = g.birthPlace()
	nikDate := birth
	if r.IntN(1000) < 2 {
		// The birth date was corrected after the NIK was issued; the NIK
		// keeps the old one, as real lists show.
		nikDate = birth + dpt.Date(r.IntN(60)-30)
	}
	p.nik = g.nik(nikDate, female)
	// Disability is reported more often with age: about 0.55% overall,
	// as in the 2024 list (1.1 million voters).
	perMille := 3
	if y := birth.Time().Year(); y < 1965 {
		perMille = 12
	} else if y < 1985 {
		perMille = 5
	}
	if r.IntN(1000) < perMille {
		p.disability = int32(disabilityCat[r.IntN(len(disabilityCat))])
	}
	if r.IntN(100) < 2 {
		p.ektp = dpt.EKTPNotRecorded
	}
	return p
}

// disabilityCat weights KPU's categories roughly as reported in 2024:
// physical most often, then sight and mental.
var disabilityCat = []int{1, 1, 1, 1, 6, 6, 5, 5, 3, 3, 2, 4}

// birthPlace is mostly the home regency, sometimes elsewhere in the
// province, sometimes another island, written as lists write it.
func (g *villageGen) birthPlace() string {
	r := g.r
	x := r.IntN(100)
	var code string
	switch {
	case x < 78:
		code = g.v.regency.Code
	case x < 92:
		rs := g.w.places.byProvince[g.v.province.Code]
		code = rs[r.IntN(len(rs))]
	default:
		// Migrants come mostly from the populous provinces.
		rs := g.w.places.byProvince[g.w.places.provinces[pickWeighted(r, g.w.places.provWeights)]]
		code = rs[r.IntN(len(rs))]
	}
	if code[:2] == "31" && code != "3101" && r.IntN(3) > 0 {
		return "JAKARTA"
	}
	return g.w.places.short[code]
}

// birthPlaces caches regency names as places of birth are written.
type birthPlaces struct {
	short       map[string]string   // regency code → short upper-case name
	byProvince  map[string][]string // province code → regency codes
	provinces   []string
	provWeights []float64 // cumulative voters
}

func newBirthPlaces() birthPlaces {
	b := birthPlaces{short: map[string]string{}, byProvince: map[string][]string{}}
	for _, a := range region.All(region.Regency) {
		b.short[a.Code] = a.ShortName()
		b.byProvince[a.Parent] = append(b.byProvince[a.Parent], a.Code)
	}
	sum := 0.0
	for _, p := range region.All(region.Province) {
		sum += provinceVoters[p.Code]
		b.provinces = append(b.provinces, p.Code)
		b.provWeights = append(b.provWeights, sum)
	}
	return b
}

// serials numbers NIKs and NKKs within a district as the civil registry
// does: the first person of a district born on a day gets serial 0001, the
// next 0002, so real serials are small (a tell against fabricated lists,
// whose serials are often uniform).
type serials struct {
	district string
	nik      map[uint32]uint16 // (NIK date, sex) → persons so far
	nkk      map[dpt.Date]uint16
}

func (s *serials) enter(district string) {
	if s.district != district {
		s.district = district
		s.nik = make(map[uint32]uint16, 1<<12)
		s.nkk = make(map[dpt.Date]uint16, 1<<10)
	}
}

// nik builds a unique NIK for someone born on d.
func (g *villageGen) nik(d dpt.Date, female bool) string {
	for {
		k := uint32(d) << 1
		if female {
			k |= 1
		}
		c := g.serials.nik[k]
		if c >= 9999 {
			d++ // improbable: the date's serials are used up; shift a day
			continue
		}
		g.serials.nik[k] = c + 1
		s, err := nik.Make(g.v.district.Code, d.Time(), female, int(c)+1)
		if err != nil {
			panic("synth: " + err.Error()) // inputs are built valid here
		}
		return s
	}
}

func (g *villageGen) nkk(d dpt.Date) string {
	for {
		c := g.serials.nkk[d]
		if c >= 9999 {
			d--
			continue
		}
		g.serials.nkk[d] = c + 1
		s, err := nik.MakeNKK(g.v.district.Code, d.Time(), int(c)+1)
		if err != nil {
			panic("synth: " + err.Error())
		}
		return s
	}
}

// overseasVoters sends some adults of working age abroad: they are listed
// by an overseas post (DPTLN) instead of the village. Most keep their NIK;
// nearly all have a passport.
func (g *villageGen) overseasVoters(h *household) {
	rate := overseasRate(g.v.province.Code) * g.w.overseasScale
	ref := g.w.snaps[0].Date
	for i := range h.members {
		p := &h.members[i]
		age := dpt.AgeAt(p.birth.Time(), ref)
		if age < 20 || age > 54 || g.r.Float64() >= rate {
			continue
		}
		p.overseas = int16(pickPost(g.r) + 1)
		if g.r.IntN(100) < 95 && g.overseas < 500 {
			// Letter and 7 digits, unique: the village and a counter mapped
			// through a bijection of 0..9,999,999 so numbers look random.
			n := (uint64(g.v.idx)*100 + uint64(g.overseas%100)) * 7919 % 10_000_000
			p.passport = string("EXCBA"[g.overseas/100]) + dpt.Pad(int(n), 7)
			g.overseas++
		}
		if p.passport != "" && g.r.IntN(100) < 15 {
			p.nik = "" // registered abroad by passport alone
		}
	}
}

// events decides deaths, moves and name corrections between snapshots.
func (g *villageGen) events(h *household) {
	w, r := g.w, g.r
	h.movedAt = never
	K := len(w.snaps)
	for k := 1; k < K; k++ {
		years := w.snaps[k].Date.Sub(w.snaps[k-1].Date).Hours() / 24 / 365.25
		if h.movedAt == never && r.Float64() < 0.02*years {
			h.movedAt = int8(k)
			h.move = g.moveTarget()
		}
		for i := range h.members {
			p := &h.members[i]
			if p.diedAt != never {
				continue
			}
			age := float64(dpt.AgeAt(p.birth.Time(), w.snaps[k].Date))
			q := (0.0004*math.Exp(0.085*(age-30)) + 0.002) * years // death or other removal
			if r.Float64() < q {
				p.diedAt = int8(k)
			}
		}
	}
	if K > 1 {
		for i := range h.members {
			p := &h.members[i]
			if r.IntN(1000) < 3 {
				p.corrAt = int8(1 + r.IntN(K-1))
				p.typoName, _ = names.Typo(r, p.name)
			}
		}
	}
}

// moveTarget picks a new home in the same regency (most moves are local).
func (g *villageGen) moveTarget() *move {
	w, r := g.w, g.r
	cands := w.byRegency[g.v.regency.Code]
	vi := cands[r.IntN(len(cands))]
	to := &w.villages[vi]
	gz := &w.gaz[vi]
	rw := 1 + r.IntN(len(gz.rts))
	return &move{
		to: to, rw: int32(rw), rt: int32(1 + r.IntN(gz.rts[rw-1])),
		address: gz.address(r, rw), tps: int32(1 + r.IntN(tpsCount(to.voters))),
	}
}
