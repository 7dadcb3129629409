package names

import (
	"bufio"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// testProvinceWeights is a Java-heavy national mix: the big provinces with
// the given weights, the rest sharing 40% in proportion to their voters.
func testProvinceWeights() ([]string, []float64) {
	big := map[string]float64{"32": 0.18, "35": 0.15, "33": 0.14, "12": 0.05, "36": 0.04, "31": 0.04}
	rest := 0.0
	for c, v := range provinceVoters {
		if _, ok := big[c]; !ok {
			rest += v
		}
	}
	var codes []string
	var ws []float64
	for _, c := range ProvinceCodes() {
		codes = append(codes, c)
		if w, ok := big[c]; ok {
			ws = append(ws, w)
		} else {
			ws = append(ws, 0.40*provinceVoters[c]/rest)
		}
	}
	return codes, ws
}

// testBirthYear draws a voter's year of birth (2024 election: ages 17–95,
// fewer old people).
func testBirthYear(r *rand.Rand) int {
	for {
		age := 17 + r.IntN(79)
		p := 1.0
		if age > 45 {
			p = 1 - float64(age-45)/50
		}
		if r.Float64() < p {
			return 2024 - age
		}
	}
}

type person struct {
	style  Style
	female bool
	year   int
	order  int
	family string
	name   string
	prov   string
}

func samplePopulation(seed uint64, n int) []person {
	g := New()
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	codes, ws := testProvinceWeights()
	provAlias := newAlias(ws)
	out := make([]person, n)
	for i := range out {
		prov := codes[provAlias.pick(r)]
		s := g.PickStyle(r, prov)
		p := person{style: s, female: r.IntN(2) == 0, year: testBirthYear(r), order: 1 + r.IntN(5), prov: prov}
		p.family = g.Family(r, s)
		p.name = g.Name(r, s, p.female, p.year, p.order, p.family)
		out[i] = p
	}
	return out
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

func TestNationalRealism(t *testing.T) {
	const n = 200000
	pop := samplePopulation(2024, n)
	var men, women, muh, siti, nur, sri, javW, oneWordOld, old, oneWordYoung, young int
	var threePlusYoung, threePlusOld int
	counts := map[string]int{}
	for _, p := range pop {
		counts[p.name]++
		fw := firstWord(p.name)
		if p.female {
			women++
			if fw == "SITI" || fw == "SITTI" || fw == "ST." {
				siti++
			}
			if fw == "NUR" || fw == "NURUL" {
				nur++
			}
			if p.style == Javanese {
				javW++
				if fw == "SRI" {
					sri++
				}
			}
		} else {
			men++
			if IsMuhammad(fw) {
				muh++
			}
		}
		words := len(strings.Fields(p.name))
		if p.style == Javanese {
			if p.year < 1965 {
				old++
				if words == 1 {
					oneWordOld++
				}
				if words >= 3 {
					threePlusOld++
				}
			}
			if p.year >= 1995 {
				young++
				if words == 1 {
					oneWordYoung++
				}
				if words >= 3 {
					threePlusYoung++
				}
			}
		}
	}
	type kv struct {
		k string
		v int
	}
	var top []kv
	for k, v := range counts {
		top = append(top, kv{k, v})
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].v != top[j].v {
			return top[i].v > top[j].v
		}
		return top[i].k < top[j].k
	})
	top10 := 0
	for _, x := range top[:10] {
		top10 += x.v
	}
	share := func(a, b int) float64 { return float64(a) / float64(b) }
	t.Logf("men starting with a Muhammad spelling: %.2f%%", 100*share(muh, men))
	t.Logf("women starting with SITI: %.2f%%", 100*share(siti, women))
	t.Logf("women starting with NUR/NURUL: %.2f%%", 100*share(nur, women))
	t.Logf("Javanese women starting with SRI: %.2f%%", 100*share(sri, javW))
	t.Logf("Javanese born <1965 with one-word names: %.1f%%, three+ words: %.1f%%", 100*share(oneWordOld, old), 100*share(threePlusOld, old))
	t.Logf("Javanese born 1995+ with one-word names: %.1f%%, three+ words: %.1f%%", 100*share(oneWordYoung, young), 100*share(threePlusYoung, young))
	t.Logf("distinct names: %d of %d", len(counts), n)
	t.Logf("top-10 full names cover %.2f%%:", 100*share(top10, n))
	for _, x := range top[:20] {
		t.Logf("  %-24s %4d  (%.0f per million)", x.k, x.v, 1e6*share(x.v, n))
	}

	if s := share(muh, men); s < 0.02 || s > 0.12 {
		t.Errorf("Muhammad share among men = %.3f, want 0.02..0.12", s)
	}
	if s := share(siti, women); s < 0.02 || s > 0.12 {
		t.Errorf("SITI share among women = %.3f, want 0.02..0.12", s)
	}
	if s := share(top10, n); s <= 0.003 {
		t.Errorf("top-10 names cover %.4f, want > 0.003", s)
	}
	if top[0].v < 40 { // hundreds per million
		t.Errorf("most frequent name %q appears %d times in %d", top[0].k, top[0].v, n)
	}
	if s := share(sri, javW); s < 0.04 {
		t.Errorf("SRI share among Javanese women = %.3f, want common", s)
	}
	if share(nur, women) < 0.01 {
		t.Errorf("NUR/NURUL too rare")
	}
	if share(oneWordOld, old) < 4*share(oneWordYoung, young) {
		t.Errorf("single-word Javanese names do not drift with birth year")
	}
	if share(threePlusYoung, young) < 3*share(threePlusOld, old) {
		t.Errorf("three-part names do not drift with birth year")
	}
}

func TestNameFormat(t *testing.T) {
	pop := samplePopulation(7, 100000)
	accented := 0
	for _, p := range pop {
		s := p.name
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8: %q", s)
		}
		if n := utf8.RuneCountInString(s); n < 2 || len(s) > maxNameLen {
			t.Errorf("bad length %d: %q", n, s)
		}
		if strings.ToUpper(s) != s {
			t.Errorf("not uppercase: %q", s)
		}
		if strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
			t.Errorf("bad spacing: %q", s)
		}
		if strings.IndexFunc(s, unicode.IsDigit) >= 0 {
			t.Errorf("digit in %q", s)
		}
		for _, c := range s {
			switch {
			case c >= 'A' && c <= 'Z', c == ' ', c == '\'', c == '.', c == '-':
			case c == 'É' || c == 'Ç' || c == 'Ã':
				accented++
			default:
				t.Errorf("unexpected character %q in %q", c, s)
			}
		}
	}
	if float64(accented)/float64(len(pop)) >= 0.001 {
		t.Errorf("accented letters in %d of %d names, want well under 0.1%%", accented, len(pop))
	}
	t.Logf("accented letters: %d of %d names", accented, len(pop))
}

// TestBuildDeterminism builds the tables twice (map iteration order differs
// between builds) and checks that a seed still yields the same names, so
// populations are reproducible across processes.
func TestBuildDeterminism(t *testing.T) {
	g1, err := build()
	if err != nil {
		t.Fatal(err)
	}
	g2, err := build()
	if err != nil {
		t.Fatal(err)
	}
	r1 := rand.New(rand.NewPCG(42, 43))
	r2 := rand.New(rand.NewPCG(42, 43))
	for i := 0; i < 50000; i++ {
		s := Style(i % int(numStyles))
		f1, f2 := g1.Family(r1, s), g2.Family(r2, s)
		n1 := g1.Name(r1, s, i%3 == 0, 1930+i%77, 1+i%6, f1)
		n2 := g2.Name(r2, s, i%3 == 0, 1930+i%77, 1+i%6, f2)
		p1, p2 := g1.PickStyle(r1, "xx"), g2.PickStyle(r2, "xx")
		if n1 != n2 || f1 != f2 || p1 != p2 {
			t.Fatalf("builds disagree at %d: %q/%q %q/%q %v/%v", i, n1, n2, f1, f2, p1, p2)
		}
	}
}

func TestDeterminism(t *testing.T) {
	a := samplePopulation(99, 5000)
	b := samplePopulation(99, 5000)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different output at %d: %+v vs %+v", i, a[i], b[i])
		}
	}
	c := samplePopulation(100, 5000)
	same := 0
	for i := range a {
		if a[i].name == c[i].name {
			same++
		}
	}
	if same > 500 {
		t.Errorf("different seeds give %d identical names of 5000", same)
	}
}

var baliOrderWords = map[string]int{"WAYAN": 1, "PUTU": 1, "GEDE": 1, "LUH": 1, "MADE": 2, "KADEK": 2, "NENGAH": 2, "NYOMAN": 3, "KOMANG": 3, "KETUT": 4}

func TestBalinese(t *testing.T) {
	g := New()
	r := rand.New(rand.NewPCG(5, 6))
	var castes []string
	for _, l := range []*list{g.caste[0], g.caste[1]} {
		for _, c := range l.items {
			if c != "" {
				castes = append(castes, c+" ")
			}
		}
	}
	sort.Slice(castes, func(i, j int) bool { return len(castes[i]) > len(castes[j]) })
	commoners, caste := 0, 0
	for i := 0; i < 20000; i++ {
		female := i%2 == 0
		order := 1 + r.IntN(8)
		year := testBirthYear(r)
		name := g.Name(r, Balinese, female, year, order, "")
		// Names of the very old may carry the old spelling (I NJOMAN).
		norm, _ := NewSpelling(name)
		norm = strings.ReplaceAll(norm, "WAJAN", "WAYAN")
		norm = strings.ReplaceAll(norm, "NJOMAN", "NYOMAN")
		var rest string
		commoner := false
		switch {
		case !female && strings.HasPrefix(norm, "I ") && !strings.HasPrefix(norm, "I GUSTI") && !strings.HasPrefix(norm, "I DEWA"):
			rest = norm[2:]
			commoners++
			commoner = true
		case female && strings.HasPrefix(norm, "NI "):
			rest = norm[3:]
			commoners++
			commoner = true
		default:
			for _, c := range castes {
				if strings.HasPrefix(norm, c) {
					rest = norm[len(c):]
					caste++
					break
				}
			}
			if rest == "" {
				t.Fatalf("Balinese name %q (female=%v) starts with neither I/NI nor a caste prefix", name, female)
			}
		}
		want := (order-1)%4 + 1
		words := strings.Fields(rest)
		if w, ok := baliOrderWords[words[0]]; ok {
			if w != want {
				t.Errorf("%q: birth-order word for child %d", name, order)
			}
			for _, x := range words[1:] {
				if w2, ok := baliOrderWords[x]; ok && w2 != want {
					t.Errorf("%q: second birth-order word %s for child %d", name, x, order)
				}
			}
		} else if commoner {
			t.Errorf("commoner name %q lacks a birth-order word", name)
		}
	}
	if f := float64(caste) / float64(caste+commoners); f < 0.05 || f > 0.16 {
		t.Errorf("caste share %.3f, want about 10%%", f)
	}
}

func TestBatakMarga(t *testing.T) {
	g := New()
	r := rand.New(rand.NewPCG(11, 12))
	muslim := 0
	for h := 0; h < 3000; h++ {
		fam := g.Family(r, Batak)
		if fam == "" {
			t.Fatal("Batak household without marga")
		}
		for m := 0; m < 4; m++ {
			name := g.Name(r, Batak, m%2 == 1, testBirthYear(r), m+1, fam)
			norm, _ := NewSpelling(name)
			if !strings.HasSuffix(name, " "+fam) && !strings.HasSuffix(norm, " "+fam) {
				if old, _ := OldSpelling(fam); !strings.HasSuffix(name, " "+old) {
					t.Fatalf("Batak name %q does not end in household marga %s", name, fam)
				}
			}
			if IsMuhammad(firstWord(name)) || strings.HasPrefix(name, "SITI ") || strings.HasPrefix(name, "AHMAD ") {
				muslim++
			}
		}
	}
	if muslim == 0 {
		t.Error("no Muslim Batak names")
	}
}

func TestFamilyStyles(t *testing.T) {
	g := New()
	r := rand.New(rand.NewPCG(1, 1))
	for _, s := range Styles() {
		f := g.Family(r, s)
		if s.HasFamily() != (f != "") {
			t.Errorf("%v: HasFamily=%v but Family=%q", s, s.HasFamily(), f)
		}
		if s.HasFamily() {
			name := g.Name(r, s, false, 1980, 1, "")
			if name == "" {
				t.Errorf("%v: empty name without family", s)
			}
		}
	}
	if g.Family(r, Style(-1)) != "" || g.Family(r, numStyles) != "" {
		t.Error("Family for invalid style")
	}
	if n := g.Name(r, Style(99), true, 1980, 1, ""); n == "" {
		t.Error("invalid style should fall back")
	}
}

func TestStyleString(t *testing.T) {
	for _, s := range Styles() {
		if s.String() == "" || strings.HasPrefix(s.String(), "Style(") {
			t.Errorf("style %d has no name", int(s))
		}
	}
	if Style(42).String() != "Style(42)" {
		t.Error(Style(42).String())
	}
}

func TestStylesForProvinces(t *testing.T) {
	codes := ProvinceCodes()
	if f, err := os.Open("/work/shared/data/idn-area/provinces.csv"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		var csv []string
		for sc.Scan() {
			code, _, _ := strings.Cut(sc.Text(), ",")
			if len(code) == 2 && code[0] >= '0' && code[0] <= '9' {
				csv = append(csv, code)
			}
		}
		if strings.Join(csv, " ") != strings.Join(codes, " ") {
			t.Errorf("province codes differ from provinces.csv:\n csv  %v\n ours %v", csv, codes)
		}
	}
	g := New()
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range codes {
		mix := StylesFor(c)
		sum := 0.0
		for _, m := range mix {
			sum += m.Weight
		}
		if sum < 0.97 || sum > 1.03 {
			t.Errorf("province %s weights sum to %.3f", c, sum)
		}
		if _, ok := provinceVoters[c]; !ok {
			t.Errorf("province %s has no voter count", c)
		}
	}
	check := func(code string, s Style, lo, hi float64) {
		n := 0
		for i := 0; i < 20000; i++ {
			if g.PickStyle(r, code) == s {
				n++
			}
		}
		if f := float64(n) / 20000; f < lo || f > hi {
			t.Errorf("province %s: %v share %.3f, want %.2f..%.2f", code, s, f, lo, hi)
		}
	}
	check("32", Sundanese, 0.74, 0.82)
	check("3204", Sundanese, 0.74, 0.82) // longer codes cut to the province
	check("18", Javanese, 0.58, 0.66)
	check("51", Balinese, 0.82, 0.90)
	check("71", Manado, 0.64, 0.72)
	check("95", Papuan, 0.92, 0.98)
	check("xx", Javanese, 0.35, 0.48) // national mix
	if len(StylesFor("00")) < 15 {
		t.Error("national mix too small")
	}
	a := StylesFor("31")
	a[0].Weight = 99
	if StylesFor("31")[0].Weight == 99 {
		t.Error("StylesFor returned shared slice")
	}
}

func TestEraDrift(t *testing.T) {
	g := New()
	r := rand.New(rand.NewPCG(8, 8))
	oldMarks := func(year int) float64 {
		n := 0
		for i := 0; i < 20000; i++ {
			s := g.Name(r, Javanese, i%2 == 0, year, 1+i%4, "")
			if strings.Contains(s, "OE") || strings.Contains(s, "DJ") || strings.Contains(s, "TJ") {
				n++
			}
		}
		return float64(n) / 20000
	}
	o, y := oldMarks(1945), oldMarks(2000)
	t.Logf("old-spelling marks: born 1945 %.1f%%, born 2000 %.2f%%", 100*o, 100*y)
	if o < 0.10 || y > 0.002 {
		t.Errorf("old spelling should be common among the old (%.3f) and absent among the young (%.3f)", o, y)
	}
	// Spelling variants coexist.
	seen := map[string]bool{}
	for i := 0; i < 200000 && len(seen) < 4; i++ {
		for _, w := range strings.Fields(g.Name(r, Javanese, false, 1995+r.IntN(10), 1, "")) {
			switch w {
			case "RIZKI", "RIZKY", "RISKI", "MOCHAMAD":
				seen[w] = true
			}
		}
	}
	if len(seen) < 4 {
		t.Errorf("spelling variants missing: saw %v", seen)
	}
}

func TestJavaneseOrdinal(t *testing.T) {
	g := New()
	r := rand.New(rand.NewPCG(21, 22))
	ord := map[string]int{"EKO": 1, "EKA": 1, "DWI": 2, "TRI": 3, "CATUR": 4, "PANCA": 5}
	seen := 0
	for i := 0; i < 50000; i++ {
		order := 1 + r.IntN(6)
		name := g.Name(r, Javanese, i%2 == 0, 1970+r.IntN(30), order, "")
		if o, ok := ord[firstWord(name)]; ok {
			seen++
			if o != order {
				t.Fatalf("%q for child %d", name, order)
			}
		}
	}
	if seen < 500 {
		t.Errorf("birth-order prefixes too rare: %d", seen)
	}
}

func TestNobilityShares(t *testing.T) {
	g := New()
	r := rand.New(rand.NewPCG(31, 32))
	share := func(s Style, female bool, prefix string) float64 {
		n := 0
		for i := 0; i < 40000; i++ {
			if strings.HasPrefix(g.Name(r, s, female, testBirthYear(r), 1, ""), prefix) {
				n++
			}
		}
		return float64(n) / 40000
	}
	cases := []struct {
		s      Style
		female bool
		prefix string
		lo, hi float64
	}{
		{Sasak, false, "LALU ", 0.06, 0.10},
		{Sasak, true, "BAIQ ", 0.06, 0.10},
		{Bugis, false, "ANDI ", 0.035, 0.065},
		{Acehnese, false, "TEUKU ", 0.015, 0.045},
		{Acehnese, true, "CUT ", 0.015, 0.045},
	}
	for _, c := range cases {
		f := share(c.s, c.female, c.prefix)
		t.Logf("%v %s: %.2f%%", c.s, c.prefix, 100*f)
		if f < c.lo || f > c.hi {
			t.Errorf("%v %q share %.3f, want %.3f..%.3f", c.s, c.prefix, f, c.lo, c.hi)
		}
	}
}

func TestListsWellFormed(t *testing.T) {
	g, err := build()
	if err != nil {
		t.Fatal(err)
	}
	for s := range g.styles {
		st := &g.styles[s]
		for rel := range st.pats {
			for f := range st.pats[rel] {
				if len(st.pats[rel][f].pats) == 0 {
					t.Errorf("%v: no patterns", Style(s))
				}
			}
		}
	}
}

func BenchmarkName(b *testing.B) {
	g := New()
	r := rand.New(rand.NewPCG(1, 2))
	codes, ws := testProvinceWeights()
	a := newAlias(ws)
	type in struct {
		s      Style
		female bool
		year   int
		order  int
		fam    string
	}
	ins := make([]in, 4096)
	for i := range ins {
		s := g.PickStyle(r, codes[a.pick(r)])
		ins[i] = in{s, i%2 == 0, testBirthYear(r), 1 + i%5, g.Family(r, s)}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := &ins[i&4095]
		_ = g.Name(r, x.s, x.female, x.year, x.order, x.fam)
	}
}

func BenchmarkNameParallel(b *testing.B) {
	g := New()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		r := rand.New(rand.NewPCG(rand.Uint64(), 1))
		for pb.Next() {
			_ = g.Name(r, Javanese, false, 1980, 2, "")
		}
	})
}

func BenchmarkPickStyle(b *testing.B) {
	g := New()
	r := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = g.PickStyle(r, "32")
	}
}
