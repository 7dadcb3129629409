package names

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// maxNameLen caps generated names (bytes); KPU's field is wider, but real
// voter names longer than this are vanishingly rare.
const maxNameLen = 60

type slotKind uint8

const (
	slotList slotKind = iota // a token drawn from a weighted list ("" = skip)
	slotLit                  // a fixed token ("=SRI")
	slotFam                  // the household family name / marga ("@fam")
	slotOrd                  // EKO/DWI/TRI/CATUR/PANCA for birth order 1..5 ("@ord")
	slotBali                 // I/NI or caste prefix + Balinese birth-order word ("@bali")
)

type slot struct {
	kind slotKind
	l    *list
	lit  string
}

type pattern struct {
	slots    []slot
	needsOrd bool
}

type patTable struct {
	pats     []pattern
	t        [numEras]alias
	fallback int // a pattern that does not need a birth order
}

type famEntry struct {
	name    string
	pMuslim float64
}

type styleTab struct {
	style    Style
	pats     [2][2]patTable // [religion: 0 Muslim/default, 1 Christian][female]
	split    bool           // religion varies within the style
	pMuslim  float64        // for split styles when the family is unknown
	fam      *list          // nil for styles without family names
	famIndex []famEntry     // sorted by name
}

// Generator draws Indonesian personal names. It is immutable after New and
// safe for concurrent use; all randomness comes from the caller's *rand.Rand.
type Generator struct {
	styles   [numStyles]styleTab
	province [100]*alias // by two-digit province code
	provSty  [100][]Style
	national alias
	natSty   []Style
	ord      [2][6]*list // [female][birth order 1..5]
	baliOrd  [2][5]*list // [female][1..4]
	caste    [2]*list
	casteOrd float64 // probability that a caste name still carries the birth-order word
}

var (
	buildOnce sync.Once
	built     *Generator
	buildErr  error
)

// New returns the shared generator, building its tables on first use
// (a few milliseconds). It panics if the embedded name lists are malformed,
// which the package tests rule out.
func New() *Generator {
	buildOnce.Do(func() { built, buildErr = build() })
	if buildErr != nil {
		panic(buildErr)
	}
	return built
}

func build() (*Generator, error) {
	specs := map[string]string{}
	for _, m := range []map[string]string{sharedLists, javaLists, sumatraLists, eastLists, morphLists()} {
		for k, v := range m {
			if _, dup := specs[k]; dup {
				return nil, fmt.Errorf("list %s defined twice", k)
			}
			specs[k] = v
		}
	}
	lists := map[string]*list{}
	get := func(name string) (*list, error) {
		if l, ok := lists[name]; ok {
			return l, nil
		}
		spec, ok := specs[name]
		if !ok {
			return nil, fmt.Errorf("unknown list %q", name)
		}
		l, err := parseList(name, spec)
		if err != nil {
			return nil, err
		}
		lists[name] = l
		return l, nil
	}
	names := make([]string, 0, len(specs))
	for k := range specs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names { // validate every list, used or not
		if _, err := get(k); err != nil {
			return nil, err
		}
	}
	g := &Generator{casteOrd: 0.55}
	var err error
	for f := 0; f < 2; f++ {
		sex := "m"
		if f == 1 {
			sex = "f"
		}
		for o := 1; o <= 5; o++ {
			if g.ord[f][o], err = get("ord." + sex + strconv.Itoa(o)); err != nil {
				return nil, err
			}
		}
		for o := 1; o <= 4; o++ {
			if g.baliOrd[f][o], err = get("bali.ord." + sex + strconv.Itoa(o)); err != nil {
				return nil, err
			}
		}
		if g.caste[f], err = get("bali.caste." + sex); err != nil {
			return nil, err
		}
	}
	for s := Style(0); s < numStyles; s++ {
		d := styleDefs[s]
		if d == nil {
			return nil, fmt.Errorf("style %v has no definition", s)
		}
		st := &g.styles[s]
		st.style = s
		st.split = len(d.maleC) > 0
		st.pMuslim = d.pMuslim
		sets := [2][2][]string{{d.male, d.female}, {d.maleC, d.femaleC}}
		for rel := 0; rel < 2; rel++ {
			for f := 0; f < 2; f++ {
				src := sets[rel][f]
				if len(src) == 0 {
					src = sets[0][f]
				}
				pt, err := parsePatterns(fmt.Sprintf("%v/%d/%d", s, rel, f), src, get)
				if err != nil {
					return nil, err
				}
				st.pats[rel][f] = pt
			}
		}
		if len(d.fams) > 0 {
			union := []string{}
			for _, fd := range d.fams {
				l, err := get(fd.list)
				if err != nil {
					return nil, err
				}
				for i, it := range l.items {
					if it == "" {
						return nil, fmt.Errorf("family list %s has an empty entry", fd.list)
					}
					union = append(union, it+":"+strconv.FormatFloat(l.w[0][i], 'g', -1, 64))
					st.famIndex = append(st.famIndex, famEntry{it, fd.pMuslim})
				}
			}
			if st.fam, err = parseList(s.String()+".fam", strings.Join(union, ",")); err != nil {
				return nil, err
			}
			sort.Slice(st.famIndex, func(i, j int) bool { return st.famIndex[i].name < st.famIndex[j].name })
			for i := 1; i < len(st.famIndex); i++ {
				if st.famIndex[i].name == st.famIndex[i-1].name {
					return nil, fmt.Errorf("style %v: family %s listed twice", s, st.famIndex[i].name)
				}
			}
		}
	}
	for _, code := range ProvinceCodes() {
		i, _ := strconv.Atoi(code)
		a, sty := mixAlias(provinceMix[code])
		g.province[i] = &a
		g.provSty[i] = sty
	}
	g.national, g.natSty = mixAlias(nationalMix)
	return g, nil
}

func mixAlias(mix []Weighted) (alias, []Style) {
	ws := make([]float64, len(mix))
	sty := make([]Style, len(mix))
	for i, m := range mix {
		ws[i] = m.Weight
		sty[i] = m.Style
	}
	return newAlias(ws), sty
}

// parsePatterns reads lines of the form "w0/w1/w2/w3: slot slot ...", the
// four weights being for the birth-year eras (<1965, 1965–79, 1980–94,
// 1995+). A slot is a list name, "=LITERAL", "@fam", "@ord" or "@bali".
func parsePatterns(what string, lines []string, get func(string) (*list, error)) (patTable, error) {
	var pt patTable
	var ws [numEras][]float64
	pt.fallback = -1
	for _, line := range lines {
		colon := strings.IndexByte(line, ':')
		if colon < 0 {
			return pt, fmt.Errorf("%s: pattern %q has no ':'", what, line)
		}
		wparts := strings.Split(strings.TrimSpace(line[:colon]), "/")
		if len(wparts) != numEras {
			return pt, fmt.Errorf("%s: pattern %q needs %d weights", what, line, numEras)
		}
		for e, s := range wparts {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || x < 0 {
				return pt, fmt.Errorf("%s: pattern %q: bad weight %q", what, line, s)
			}
			ws[e] = append(ws[e], x)
		}
		var p pattern
		for _, f := range strings.Fields(line[colon+1:]) {
			switch {
			case f == "@fam":
				p.slots = append(p.slots, slot{kind: slotFam})
			case f == "@ord":
				p.slots = append(p.slots, slot{kind: slotOrd})
				p.needsOrd = true
			case f == "@bali":
				p.slots = append(p.slots, slot{kind: slotBali})
			case strings.HasPrefix(f, "="):
				lit := strings.ReplaceAll(f[1:], "_", " ")
				if err := checkToken(lit); err != nil || lit == "" {
					return pt, fmt.Errorf("%s: bad literal %q", what, f)
				}
				p.slots = append(p.slots, slot{kind: slotLit, lit: lit})
			default:
				l, err := get(f)
				if err != nil {
					return pt, fmt.Errorf("%s: %v", what, err)
				}
				p.slots = append(p.slots, slot{kind: slotList, l: l})
			}
		}
		if len(p.slots) == 0 {
			return pt, fmt.Errorf("%s: pattern %q is empty", what, line)
		}
		if !p.needsOrd && pt.fallback < 0 {
			pt.fallback = len(pt.pats)
		}
		pt.pats = append(pt.pats, p)
	}
	if len(pt.pats) == 0 {
		return pt, fmt.Errorf("%s: no patterns", what)
	}
	if pt.fallback < 0 {
		return pt, fmt.Errorf("%s: every pattern needs a birth order", what)
	}
	for e := 0; e < numEras; e++ {
		sum := 0.0
		for _, x := range ws[e] {
			sum += x
		}
		if sum <= 0 {
			return pt, fmt.Errorf("%s: era %d has no weight", what, e)
		}
		pt.t[e] = newAlias(ws[e])
	}
	return pt, nil
}

// PickStyle draws a naming tradition from the province's mix. provinceCode
// may be longer than two digits (only the first two are used); unknown codes
// use the national mix.
func (g *Generator) PickStyle(r *rand.Rand, provinceCode string) Style {
	if len(provinceCode) >= 2 {
		c0, c1 := provinceCode[0], provinceCode[1]
		if c0 >= '0' && c0 <= '9' && c1 >= '0' && c1 <= '9' {
			i := int(c0-'0')*10 + int(c1-'0')
			if a := g.province[i]; a != nil {
				return g.provSty[i][a.pick(r)]
			}
		}
	}
	return g.natSty[g.national.pick(r)]
}

// Family draws a family name or marga to be shared by a household, or ""
// for styles whose households share none (Javanese, Sundanese, Balinese,
// Bugis ...; nobility prefixes such as ANDI, LALU or TEUKU are drawn per
// person by Name).
func (g *Generator) Family(r *rand.Rand, s Style) string {
	if s < 0 || s >= numStyles {
		return ""
	}
	st := &g.styles[s]
	if st.fam == nil {
		return ""
	}
	return st.fam.pick(r, eraMid)
}

// religionOf returns the probability that a bearer of family is Muslim.
func (st *styleTab) pMuslimFor(family string) float64 {
	idx := st.famIndex
	lo, hi := 0, len(idx)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if idx[m].name < family {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(idx) && idx[lo].name == family {
		return idx[lo].pMuslim
	}
	return st.pMuslim
}

// Name draws a full name as the voter list writes it.
//
// birthYear drives fashion (single-word Javanese names and the pre-1972
// spelling mostly before 1965, three-part modern names after 1995);
// birthOrder (1 = eldest, 0 = unknown) selects Balinese birth-order names and
// Javanese EKO/DWI/TRI/CATUR prefixes. family is the household's family name
// from Family; for styles with family names an empty family is drawn afresh,
// for the others it is ignored. Styles outside the declared range are
// treated as Javanese.
func (g *Generator) Name(r *rand.Rand, s Style, female bool, birthYear, birthOrder int, family string) string {
	if s < 0 || s >= numStyles {
		s = Javanese
	}
	st := &g.styles[s]
	era := eraOf(birthYear)
	fi := 0
	if female {
		fi = 1
	}
	if st.fam != nil && family == "" {
		family = st.fam.pick(r, eraMid)
	}
	rel := 0
	if st.split {
		p := st.pMuslim
		if family != "" {
			p = st.pMuslimFor(family)
		}
		if r.Float64() >= p {
			rel = 1
		}
	}
	pt := &st.pats[rel][fi]
	pi := pt.t[era].pick(r)
	if pt.pats[pi].needsOrd && (birthOrder < 1 || birthOrder > 5) {
		pi = pt.fallback
	}
	p := &pt.pats[pi]

	var b strings.Builder
	b.Grow(48)
	last := ""
	put := func(tok string) {
		if tok == "" || repeats(last, tok) {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
		last = tok
	}
	for i := range p.slots {
		sl := &p.slots[i]
		switch sl.kind {
		case slotList:
			tok := sl.l.pick(r, era)
			if tok != "" && repeats(last, tok) {
				tok = sl.l.pick(r, era)
			}
			put(tok)
		case slotLit:
			put(sl.lit)
		case slotFam:
			put(family)
		case slotOrd:
			put(g.ord[fi][birthOrder].pick(r, era))
		case slotBali:
			o := birthOrder
			if o < 1 {
				o = 1 + int(r.Uint64()%4)
			}
			o = (o-1)%4 + 1
			caste := g.caste[fi].pick(r, era)
			if caste == "" {
				if female {
					put("NI")
				} else {
					put("I")
				}
				put(g.baliOrd[fi][o].pick(r, era))
			} else {
				put(caste)
				if r.Float64() < g.casteOrd {
					put(g.baliOrd[fi][o].pick(r, era))
				}
			}
		}
	}
	name := b.String()
	if name == "" { // every pattern has a mandatory part; belt and braces
		name = "SITI"
		if !female {
			name = "SLAMET"
		}
	}
	if p := oldSpellingRate(birthYear); p > 0 && r.Float64() < p {
		name, _ = OldSpelling(name)
	}
	if len(name) > maxNameLen {
		name = clip(name)
	}
	return name
}

// oldSpellingRate is the share of people born in a year whose registered
// name still uses the pre-1972 (Van Ophuijsen / Soewandi) spelling.
func oldSpellingRate(birthYear int) float64 {
	switch {
	case birthYear == 0:
		return 0
	case birthYear < 1940:
		return 0.45
	case birthYear < 1950:
		return 0.32
	case birthYear < 1960:
		return 0.18
	case birthYear < 1965:
		return 0.10
	case birthYear < 1972:
		return 0.04
	case birthYear < 1980:
		return 0.008
	}
	return 0
}

// clip cuts a name at the last word boundary within maxNameLen bytes.
func clip(name string) string {
	cut := strings.LastIndexByte(name[:maxNameLen+1], ' ')
	if cut <= 0 {
		cut = maxNameLen
		for cut > 0 && name[cut]&0xC0 == 0x80 { // keep UTF-8 whole
			cut--
		}
	}
	return strings.TrimRight(name[:cut], " ,")
}

// famDef names a family-name list and the probability that its bearers are
// Muslim (which selects the given-name patterns in mixed styles).
type famDef struct {
	list    string
	pMuslim float64
}

// styleDef is the declarative description of a style: weighted name
// patterns per sex (and, for styles mixed in religion, a Christian set), and
// family-name lists.
type styleDef struct {
	male, female   []string // Muslim or default patterns
	maleC, femaleC []string // Christian patterns; non-empty makes the style religion-split
	fams           []famDef
	pMuslim        float64 // split styles: share of Muslims when the family is unknown
}

var styleDefs = [numStyles]*styleDef{
	Javanese:          &javaneseDef,
	Sundanese:         &sundaneseDef,
	Betawi:            &betawiDef,
	Madurese:          &madureseDef,
	Batak:             &batakDef,
	Minang:            &minangDef,
	Malay:             &malayDef,
	Acehnese:          &acehDef,
	Bugis:             &bugisDef,
	Makassar:          &makassarDef,
	Balinese:          &balineseDef,
	Sasak:             &sasakDef,
	Banjar:            &banjarDef,
	Dayak:             &dayakDef,
	ChineseIndonesian: &chineseDef,
	Manado:            &manadoDef,
	Maluku:            &malukuDef,
	NTT:               &nttDef,
	Papuan:            &papuanDef,
}

// repeats reports whether tok would repeat a word at the seam with the
// previous token (AYU after I GUSTI AYU, SRI WAHYUNI after SRI).
func repeats(last, tok string) bool {
	if last == "" {
		return false
	}
	if tok == last {
		return true
	}
	if n := len(last) - len(tok); n > 0 && last[n-1] == ' ' && last[n:] == tok {
		return true
	}
	if n := len(last); len(tok) > n && tok[n] == ' ' && tok[:n] == last {
		return true
	}
	return false
}
