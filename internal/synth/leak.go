package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
	"github.com/telusur/telusur/internal/region"
	"github.com/telusur/telusur/internal/synth/names"
)

// Scenario describes one kind of leak.
type Scenario struct {
	Name        string
	Description string
	layout      layout
	format      string // default output format
	older       bool   // sample the first snapshot instead of the last
}

// Scenarios are the leaks WriteLeak makes.
var Scenarios = []Scenario{
	{Name: "genuine", layout: kpuLayout, format: "csv",
		Description: "A random sample of the latest snapshot, unaltered, re-exported in the commission's column layout (dates dd|mm|yyyy)."},
	{Name: "masked", layout: sellerLayout, format: "csv",
		Description: "A sample of the latest snapshot as a reseller shows it: English headers, NIK and NKK partly replaced by '*' (last four digits, the birth-date digits, or all but the region prefix and the last two)."},
	{Name: "typos", layout: retypeLayout, format: "csv",
		Description: "A sample of the latest snapshot re-typed by hand: transcription errors, old spellings (oe/dj/tj), titles (H., Hj., Dr., S.Pd.), abbreviations (Moh., M., Muh.), dates in mixed local formats, a few mistyped NIK and birth-date digits."},
	{Name: "fabricated", layout: kpuLayout, format: "csv",
		Description: "Made-up people with valid-looking NIKs built on real region codes, salted with a small fraction of real rows; the fakes carry the usual tells: NIK birth dates and sex digits that disagree with the columns, unknown district codes, uniform serials and ages, repeated NIKs."},
	{Name: "older-snapshot", layout: kpuLayout, format: "csv", older: true,
		Description: "A sample of the first (oldest) snapshot: people since removed, old addresses of movers, names not yet corrected, no new voters."},
	{Name: "recipient-copy", layout: recipientLayout, format: "csv",
		Description: "The 7-field copy handed to parties (name, sex, age, address, RT, RW, remarks; no NIK), one file per village of one regency, as printed per village."},
	{Name: "mixed", layout: kpuLayout, format: "mixed",
		Description: "A sample of the latest snapshot split over the formats dumps come in: ';'-separated Windows-1252 CSV, NDJSON, a MySQL INSERT dump, a PostgreSQL COPY dump, XLSX, and a zip of per-province CSV files."},
}

// ScenarioNamed returns the scenario called name.
func ScenarioNamed(name string) (Scenario, bool) {
	for _, s := range Scenarios {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// LeakOptions say what leak to make.
type LeakOptions struct {
	Registry     string  // folder written by WriteRegistry
	Scenario     string  // one of Scenarios
	Out          string  // output folder, created 0700
	Seed         uint64  // sampling and perturbation seed
	Rows         int     // rows wanted (about; sampling is by person)
	Snapshot     string  // snapshot name; the latest (or the first for older-snapshot) if empty
	Format       string  // export format (export.Formats or "zip-provinces"); the scenario's default if empty
	Region       string  // recipient-copy: regency code; chosen by the seed if empty
	RealFraction float64 // fabricated: share of real rows (default 0.03)
	Tool         string
	Progress     func(done int64)
}

// LeakManifest describes a leak; written as leak.json beside the files.
type LeakManifest struct {
	Tool          string            `json:"tool"`
	Scenario      string            `json:"scenario"`
	Description   string            `json:"description"`
	Seed          uint64            `json:"seed"`
	Registry      string            `json:"registry"`
	RegistrySeed  uint64            `json:"registry_seed"`
	Snapshot      string            `json:"snapshot"`
	SnapshotDate  string            `json:"snapshot_date"`
	Layout        string            `json:"layout"`
	Columns       []ColumnTruth     `json:"columns"`
	Files         []LeakFile        `json:"files"`
	Rows          int64             `json:"rows"`
	RealRows      int64             `json:"real_rows"`
	FakeRows      int64             `json:"fabricated_rows"`
	Perturbations map[string]int64  `json:"perturbations"`
	Params        map[string]string `json:"params"`
	Truth         string            `json:"truth"`
}

// ColumnTruth is a leak column and the role it really has.
type ColumnTruth struct {
	Header string `json:"header"`
	Role   string `json:"role"`
}

// SnapshotTime is the leaked snapshot's date.
func (m *LeakManifest) SnapshotTime() time.Time {
	t, _ := time.Parse(time.DateOnly, m.SnapshotDate)
	return t
}

// LeakFile is one file of a leak.
type LeakFile struct {
	Name   string `json:"name"`
	Format string `json:"format"`
	Rows   int64  `json:"rows"`
}

// LeakManifestFile and TruthFile are the names of the leak's description
// and ground truth inside its folder.
const (
	LeakManifestFile = "leak.json"
	TruthFile        = "truth.csv"
)

// TruthColumns are the columns of truth.csv: which file and data row (1 =
// first row after the header) each leak row is, the person it came from (0
// for fabricated rows), the snapshot, the true NIK, name and birth date of
// the person, and the perturbations applied, separated by ';'.
var TruthColumns = []string{"file", "row", "person_id", "real", "snapshot", "nik", "name", "birth_date", "perturbations"}

// WriteLeak makes a leak from a generated registry.
func WriteLeak(ctx context.Context, opt LeakOptions) (*LeakManifest, error) {
	sc, ok := ScenarioNamed(opt.Scenario)
	if !ok {
		var ns []string
		for _, s := range Scenarios {
			ns = append(ns, s.Name)
		}
		return nil, fmt.Errorf("unknown scenario %q (want one of %s)", opt.Scenario, strings.Join(ns, ", "))
	}
	reg, err := ReadManifest(opt.Registry)
	if err != nil {
		return nil, err
	}
	snap := &reg.Snapshots[len(reg.Snapshots)-1]
	if sc.older {
		snap = &reg.Snapshots[0]
	}
	if opt.Snapshot != "" {
		snap = nil
		for i := range reg.Snapshots {
			if reg.Snapshots[i].Name == opt.Snapshot {
				snap = &reg.Snapshots[i]
			}
		}
		if snap == nil {
			return nil, fmt.Errorf("registry %s has no snapshot %q", opt.Registry, opt.Snapshot)
		}
	}
	if opt.Rows <= 0 {
		opt.Rows = int(min(snap.Rows, 10000))
	}
	format := opt.Format
	if format == "" {
		format = sc.format
	}
	if err := os.MkdirAll(opt.Out, 0o700); err != nil {
		return nil, err
	}
	lw, err := newLeakWriter(opt.Out, sc, format)
	if err != nil {
		return nil, err
	}
	defer lw.abort()
	m := &LeakManifest{
		Tool: opt.Tool, Scenario: sc.Name, Description: sc.Description, Seed: opt.Seed,
		Registry: opt.Registry, RegistrySeed: reg.Seed, Snapshot: snap.Name,
		SnapshotDate: snap.Date.Format(time.DateOnly), Layout: sc.layout.name,
		Perturbations: map[string]int64{}, Params: map[string]string{"rows": strconv.Itoa(opt.Rows), "format": format},
		Truth: TruthFile,
	}
	for _, c := range sc.layout.columns {
		m.Columns = append(m.Columns, ColumnTruth{c.header, c.role})
	}
	g := &leakGen{
		opt: opt, sc: sc, snap: snap, reg: reg, lw: lw, m: m,
		r:     rand.New(rand.NewPCG(opt.Seed, 0x6c65616b)),
		names: names.New(),
	}
	switch sc.Name {
	case "fabricated":
		err = g.fabricated(ctx)
	case "recipient-copy":
		err = g.recipient(ctx)
	default:
		err = g.sample(ctx)
	}
	if err != nil {
		return nil, err
	}
	if err := lw.close(m); err != nil {
		return nil, err
	}
	if err := writeJSON(filepath.Join(opt.Out, LeakManifestFile), m); err != nil {
		return nil, err
	}
	return m, nil
}

type leakGen struct {
	opt   LeakOptions
	sc    Scenario
	snap  *SnapshotManifest
	reg   *RegistryManifest
	lw    *leakWriter
	m     *LeakManifest
	r     *rand.Rand
	names *names.Generator
	done  int64
}

// picked decides by person whether a record is in the sample, so the same
// seed picks the same people from any snapshot.
func (g *leakGen) picked(id uint64, p float64) bool {
	x := splitmix(g.opt.Seed ^ id*0x9e3779b97f4a7c15)
	return float64(x>>11)/(1<<53) < p
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func (g *leakGen) progress() {
	g.done++
	if g.opt.Progress != nil && g.done%4096 == 0 {
		g.opt.Progress(g.done)
	}
}

// prepare fills a leak row's text fields from its record.
func (g *leakGen) prepare(lr *leakRow, dateStyle string) {
	lr.dob = formatDate(lr.rec.BirthDate, dateStyle)
	lr.sex = lr.rec.Sex
	lr.age = dpt.AgeAt(lr.rec.BirthDate.Time(), g.snap.Date)
}

// sample writes a seeded sample of a snapshot, perturbed as the scenario says.
func (g *leakGen) sample(ctx context.Context) error {
	p := float64(g.opt.Rows) / float64(max(1, g.snap.Rows))
	var lr leakRow
	return scanSnapshot(g.opt.Registry, g.reg, g.snap, func(file string, rec *dpt.Record) error {
		if !g.picked(rec.PersonID, p) {
			return nil
		}
		if g.done%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		lr = leakRow{rec: *rec, truth: *rec, real: true, file: file, tags: lr.tags[:0]}
		style := g.sc.layout.dates
		switch g.sc.Name {
		case "masked":
			g.mask(&lr)
		case "typos":
			style = g.typos(&lr)
		}
		g.prepare(&lr, style)
		if g.sc.Name == "typos" && g.r.IntN(100) < 30 {
			lr.sex = map[string]string{"L": "LAKI-LAKI", "P": "PEREMPUAN"}[lr.sex]
			lr.tags = append(lr.tags, "sex_word")
		}
		g.progress()
		return g.lw.write(&lr, g.m)
	})
}

// mask hides part of NIK and NKK, one pattern per row.
func (g *leakGen) mask(lr *leakRow) {
	pat := g.r.IntN(10)
	m := func(s string) string {
		if len(s) != 16 {
			return s
		}
		switch {
		case pat < 5: // last four
			return s[:12] + "****"
		case pat < 8: // the birth-date digits
			return s[:6] + "******" + s[12:]
		default: // all but region prefix and last two
			return s[:4] + "**********" + s[14:]
		}
	}
	lr.rec.NIK, lr.rec.NKK = m(lr.rec.NIK), m(lr.rec.NKK)
	lr.tags = append(lr.tags, []string{"mask_last4", "mask_last4", "mask_last4", "mask_last4", "mask_last4", "mask_dob", "mask_dob", "mask_dob", "mask_middle", "mask_middle"}[pat])
}

// typos alters a row the way hand re-typing does; it returns the date style.
func (g *leakGen) typos(lr *leakRow) string {
	r := g.r
	rec := &lr.rec
	female := rec.Sex == dpt.Female
	if r.IntN(100) < 8 {
		if s, tag := names.Typo(r, rec.Name); s != rec.Name {
			rec.Name = s
			lr.tags = append(lr.tags, "name_"+string(tag))
		}
	}
	if r.IntN(100) < 6 {
		if s, ok := names.OldSpelling(rec.Name); ok {
			rec.Name = s
			lr.tags = append(lr.tags, "name_old_spelling")
		} else if s, ok := names.NewSpelling(rec.Name); ok {
			rec.Name = s
			lr.tags = append(lr.tags, "name_new_spelling")
		}
	}
	if r.IntN(100) < 6 {
		if s, ok := names.Abbreviate(r, rec.Name); ok {
			rec.Name = s
			lr.tags = append(lr.tags, "name_abbrev")
		}
	}
	if r.IntN(100) < 5 {
		rec.Name, _ = names.AddTitle(r, rec.Name, female)
		lr.tags = append(lr.tags, "name_title")
	}
	if r.IntN(100) < 3 && len(rec.NIK) == 16 {
		rec.NIK = digitTypo(r, rec.NIK)
		lr.tags = append(lr.tags, "nik_typo")
	}
	if r.IntN(100) < 2 {
		t := rec.BirthDate.Time()
		if y, m, d := t.Date(); d <= 12 && int(m) != d {
			rec.BirthDate = dpt.NewDate(y, time.Month(d), int(m))
			lr.tags = append(lr.tags, "dob_swap")
		} else {
			rec.BirthDate += dpt.Date([]int{-10, -1, 1, 10}[r.IntN(4)])
			lr.tags = append(lr.tags, "dob_digit")
		}
	}
	style := "dmy-dash"
	if r.IntN(100) < 15 {
		style = DateStyles[r.IntN(len(DateStyles))]
		lr.tags = append(lr.tags, "date_"+style)
	}
	return style
}

// digitTypo changes one digit or swaps two neighbours, as keying does.
func digitTypo(r *rand.Rand, s string) string {
	b := []byte(s)
	i := r.IntN(len(b) - 1)
	if r.IntN(2) == 0 && b[i] != b[i+1] {
		b[i], b[i+1] = b[i+1], b[i]
		return string(b)
	}
	d := b[i]
	for d == b[i] {
		d = byte('0' + r.IntN(10))
	}
	b[i] = d
	return string(b)
}

// recipient writes the 7-field copy of one regency, one file per village.
func (g *leakGen) recipient(ctx context.Context) error {
	code := g.opt.Region
	if code == "" {
		// The regency of a person picked by the seed: weighted by population.
		counts := map[string]int{}
		var order []string
		err := scanSnapshot(g.opt.Registry, g.reg, g.snap, func(_ string, rec *dpt.Record) error {
			if rec.RegencyCode != "" {
				if counts[rec.RegencyCode] == 0 {
					order = append(order, rec.RegencyCode)
				}
				counts[rec.RegencyCode]++
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(order) == 0 {
			return fmt.Errorf("snapshot %s has no domestic voters", g.snap.Name)
		}
		x := g.r.IntN(int(g.snap.Rows - g.snap.Overseas))
		for _, c := range order {
			if x -= counts[c]; x < 0 {
				code = c
				break
			}
		}
	}
	code = strings.ReplaceAll(code, ".", "")
	if _, ok := region.Lookup(code); !ok || len(code) != 4 {
		return fmt.Errorf("recipient-copy: %q is not a regency code", g.opt.Region)
	}
	g.m.Params["region"] = code
	// Movers are listed in their new village but generated with their old
	// one, so a village's rows are not contiguous in the registry: gather
	// the copy (bounded by --rows), then write it village by village.
	type picked struct {
		rec  dpt.Record
		file string
	}
	var rows []picked
	err := scanSnapshot(g.opt.Registry, g.reg, g.snap, func(file string, rec *dpt.Record) error {
		if rec.RegencyCode != code {
			return nil
		}
		if len(rows) >= g.opt.Rows {
			return errStop
		}
		if len(rows)%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rows = append(rows, picked{*rec, file})
		return nil
	})
	if err != nil {
		return err
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].rec.VillageCode < rows[j].rec.VillageCode })
	var lr leakRow
	for i := range rows {
		lr = leakRow{rec: rows[i].rec, truth: rows[i].rec, real: true, file: rows[i].file}
		g.prepare(&lr, "")
		g.progress()
		if err := g.lw.write(&lr, g.m); err != nil {
			return err
		}
	}
	return nil
}

// fabricated writes made-up people with a small share of real rows mixed
// in, interleaved as a seller would shuffle them.
func (g *leakGen) fabricated(ctx context.Context) error {
	frac := g.opt.RealFraction
	if frac <= 0 {
		frac = 0.03
	}
	if frac > 1 {
		return fmt.Errorf("real fraction %.2f is above 1", frac)
	}
	g.m.Params["real_fraction"] = strconv.FormatFloat(frac, 'f', -1, 64)
	wantReal := int(float64(g.opt.Rows) * frac)
	wantFake := g.opt.Rows - wantReal
	p := float64(wantReal) / float64(max(1, g.snap.Rows))
	fakesPerReal := float64(wantFake) / float64(max(1, wantReal))
	fab := newFabricator(g)
	var lr leakRow
	fakes := 0
	emitFakes := func(n int) error {
		for ; n > 0 && fakes < wantFake; n-- {
			lr = leakRow{tags: lr.tags[:0]}
			fab.person(&lr)
			fakes++
			g.progress()
			if err := g.lw.write(&lr, g.m); err != nil {
				return err
			}
		}
		return nil
	}
	err := scanSnapshot(g.opt.Registry, g.reg, g.snap, func(file string, rec *dpt.Record) error {
		if !g.picked(rec.PersonID, p) {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		n := int(fakesPerReal)
		if g.r.Float64() < fakesPerReal-float64(n) {
			n++
		}
		if err := emitFakes(n); err != nil {
			return err
		}
		lr = leakRow{rec: *rec, truth: *rec, real: true, file: file, tags: lr.tags[:0]}
		g.prepare(&lr, g.sc.layout.dates)
		g.progress()
		return g.lw.write(&lr, g.m)
	})
	if err != nil {
		return err
	}
	return emitFakes(wantFake - fakes)
}

// fabricator makes people who do not exist, the way sellers of fake lists
// do: real region codes from the public table (villages picked uniformly,
// not by population), ages uniform over 17–80, and NIKs assembled from
// parts without keeping them consistent with the other columns.
type fabricator struct {
	g     *leakGen
	vills []region.Area
	prev  []string // recent NIKs, to repeat some
}

func newFabricator(g *leakGen) *fabricator {
	return &fabricator{g: g, vills: region.All(region.Village)}
}

func (f *fabricator) person(lr *leakRow) {
	r := f.g.r
	v := f.vills[r.IntN(len(f.vills))]
	dist, _ := region.Lookup(v.Parent)
	reg, _ := region.Lookup(dist.Parent)
	prov, _ := region.Lookup(reg.Parent)
	female := r.IntN(2) == 0
	age := 17 + r.IntN(64)
	birth := dpt.DateOf(f.g.snap.Date.AddDate(-age, 0, 0)) - dpt.Date(r.IntN(365))
	style := f.g.names.PickStyle(r, prov.Code)
	rec := dpt.Record{
		Name:       f.g.names.Name(r, style, female, birth.Time().Year(), 1+r.IntN(3), f.g.names.Family(r, style)),
		BirthPlace: reg.ShortName(), BirthDate: birth, Sex: dpt.Male,
		MaritalStatus: []string{dpt.Single, dpt.Married, dpt.Married, dpt.FormerlyMarried}[r.IntN(4)],
		Address:       "JL. " + streets[r.IntN(len(streets))] + " NO. " + strconv.Itoa(1+r.IntN(99)),
		RT:            int32(1 + r.IntN(15)), RW: int32(1 + r.IntN(10)), EKTP: dpt.EKTPRecorded,
		TPS:          int32(1 + r.IntN(30)),
		ProvinceCode: prov.Code, Province: upper(prov.Name), RegencyCode: reg.Code, Regency: upper(reg.Name),
		DistrictCode: dist.Code, District: upper(dist.Name), VillageCode: v.Code, Village: upper(v.Name),
	}
	if female {
		rec.Sex = dpt.Female
	}
	// The NIK: region prefix, sometimes a district the table lacks; a birth
	// date that is the row's only part of the time; a sex digit that
	// sometimes disagrees; a serial drawn uniformly.
	district := dist.Code
	if r.IntN(100) < 8 {
		district = reg.Code + dpt.Pad(70+r.IntN(30), 2)
		lr.tags = append(lr.tags, "fake_unknown_district")
	}
	nikBirth, nikFemale := birth, female
	if r.IntN(100) < 35 {
		nikBirth = dpt.DateOf(f.g.snap.Date.AddDate(-17-r.IntN(64), 0, 0)) - dpt.Date(r.IntN(365))
		lr.tags = append(lr.tags, "fake_nik_dob_mismatch")
	}
	if r.IntN(100) < 20 {
		nikFemale = !female
		lr.tags = append(lr.tags, "fake_nik_sex_mismatch")
	}
	s, err := nik.Make(district, nikBirth.Time(), nikFemale, 1+r.IntN(9999))
	if err != nil {
		panic("synth: " + err.Error())
	}
	if len(f.prev) > 0 && r.IntN(100) < 3 {
		s = f.prev[r.IntN(len(f.prev))]
		lr.tags = append(lr.tags, "fake_duplicate_nik")
	}
	if len(f.prev) < 1000 {
		f.prev = append(f.prev, s)
	} else {
		f.prev[r.IntN(len(f.prev))] = s
	}
	rec.NIK = s
	kk, err := nik.MakeNKK(district, dpt.NewDate(2010+r.IntN(13), time.Month(1+r.IntN(12)), 1+r.IntN(28)).Time(), 1+r.IntN(9999))
	if err != nil {
		panic("synth: " + err.Error())
	}
	rec.NKK = kk
	lr.rec = rec
	lr.real = false
	lr.tags = append(lr.tags, "fabricated")
	f.g.prepare(lr, f.g.sc.layout.dates)
}
