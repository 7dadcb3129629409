package names

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// editDistance is the Damerau (optimal string alignment) distance.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := 0; j <= len(b); j++ {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

func TestTypoKinds(t *testing.T) {
	cases := []struct {
		name string
		in   string
	}{
		{"javanese", "AGUS SETIAWAN"},
		{"balinese one-letter word", "I WAYAN SUDARMA"},
		{"three words", "MUHAMMAD RIZKY PRATAMA"},
		{"apostrophe", "MA'RUF AMIN"},
		{"lower case", "siti aminah"},
		{"accent", "JOSÉ DA COSTA"},
		{"two letters", "AB"},
		{"repeated letters only", "AAAA"},
		{"rn for ocr", "RINA BORNEO"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			seen := map[Perturbation]bool{}
			r := rand.New(rand.NewPCG(1, uint64(len(c.in))))
			for i := 0; i < 400; i++ {
				out, kind := Typo(r, c.in)
				seen[kind] = true
				if out == c.in {
					t.Fatalf("Typo(%q) unchanged (%s)", c.in, kind)
				}
				if !utf8.ValidString(out) || out == "" {
					t.Fatalf("Typo(%q) = %q", c.in, out)
				}
				switch kind {
				case PerturbTypoSub:
					if len(out) != len(c.in) || editDistance(out, c.in) != 1 {
						t.Errorf("sub %q -> %q", c.in, out)
					}
				case PerturbTypoDel:
					if len(out) != len(c.in)-1 || strings.Contains(out, "  ") || strings.HasPrefix(out, " ") {
						t.Errorf("del %q -> %q", c.in, out)
					}
				case PerturbTypoIns:
					if len(out) != len(c.in)+1 || editDistance(out, c.in) != 1 {
						t.Errorf("ins %q -> %q", c.in, out)
					}
				case PerturbTypoSwap:
					if len(out) != len(c.in) || editDistance(out, c.in) != 1 {
						t.Errorf("swap %q -> %q", c.in, out)
					}
				case PerturbOCR:
					if editDistance(out, c.in) > 2 || !strings.ContainsAny(out+c.in, "0158Mm") {
						t.Errorf("ocr %q -> %q", c.in, out)
					}
				default:
					t.Errorf("unexpected kind %q", kind)
				}
			}
			if c.in != "AAAA" && c.in != "AB" && len(seen) < 5 {
				t.Errorf("only kinds %v for %q", seen, c.in)
			}
		})
	}
	if out, kind := Typo(rand.New(rand.NewPCG(1, 1)), "A"); out != "A" || kind != "" {
		t.Errorf("one-letter name: %q %q", out, kind)
	}
	if out, kind := Typo(rand.New(rand.NewPCG(1, 1)), ""); out != "" || kind != "" {
		t.Errorf("empty name: %q %q", out, kind)
	}
}

func TestOCRConfusions(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	want := map[string]bool{"B0B": false, "1IS": false, "S5": false, "8": false, "M": false}
	got := map[string]bool{}
	for i := 0; i < 2000; i++ {
		if out, ok := ocr(r, "BOBI"); ok {
			got[out] = true
		}
		if out, ok := ocr(r, "RINA"); ok {
			got[out] = true
		}
		if out, ok := ocr(r, "ARNI"); ok {
			got[out] = true
		}
	}
	for _, w := range []string{"B0BI", "BOB1", "8OBI", "BO8I", "R1NA", "AMI", "ARN1"} {
		if !got[w] {
			t.Errorf("OCR never produced %q (got %v)", w, got)
		}
	}
	_ = want
	if _, ok := ocr(r, "WAYAN"); ok {
		t.Error("WAYAN has no OCR-confusable letter")
	}
}

// TestTypoProperty: on generated names, Typo always changes the name, keeps
// it non-empty and valid UTF-8.
func TestTypoProperty(t *testing.T) {
	g := New()
	r := rand.New(rand.NewPCG(77, 78))
	for i := 0; i < 50000; i++ {
		s := Style(r.IntN(int(numStyles)))
		name := g.Name(r, s, r.IntN(2) == 0, 1930+r.IntN(77), 1+r.IntN(5), "")
		out, kind := Typo(r, name)
		if out == name || out == "" || kind == "" || !utf8.ValidString(out) {
			t.Fatalf("Typo(%q) = %q, %q", name, out, kind)
		}
	}
}

var spellingPairs = []struct{ modern, old string }{
	{"SURYANI", "SOERJANI"},
	{"JOKO", "DJOKO"},
	{"CIPTO", "TJIPTO"},
	{"KHADIJAH", "CHADIDJAH"},
	{"SYAFRIZAL", "SJAFRIZAL"},
	{"SUPARMAN", "SOEPARMAN"},
	{"SUHARTO", "SOEHARTO"},
	{"I NYOMAN SUDARMA", "I NJOMAN SOEDARMA"},
	{"JUMINAH", "DJOEMINAH"},
	{"BUDI SANTOSO", "BOEDI SANTOSO"},
	{"YULIANA", "JOELIANA"},
	{"CECEP SUKARYA", "TJETJEP SOEKARJA"},
	{"KHOIRUL ANWAR", "CHOIROEL ANWAR"},
	{"SUJONO", "SOEDJONO"},
	{"Suryani", "Soerjani"},
}

func TestOldSpelling(t *testing.T) {
	for _, p := range spellingPairs {
		t.Run(p.modern, func(t *testing.T) {
			got, ok := OldSpelling(p.modern)
			if got != p.old || !ok {
				t.Errorf("OldSpelling(%q) = %q, %v; want %q", p.modern, got, ok, p.old)
			}
		})
	}
	// One way only: without other old marks J is read as J (JOKO), so
	// NewSpelling cannot restore these.
	for _, c := range []struct{ in, want string }{{"YOHANA", "JOHANA"}, {"YANTI", "JANTI"}, {"NYOMAN", "NJOMAN"}, {"SANJAYA", "SANDJAJA"}} {
		if got, ok := OldSpelling(c.in); got != c.want || !ok {
			t.Errorf("OldSpelling(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, same := range []string{"SITI AMINAH", "MAULANA", "EUIS", "DJOKO", "CHANDRA", "MOCHAMAD RIFAI", "TJIPTO", "WIDODO"} {
		t.Run("unchanged "+same, func(t *testing.T) {
			if got, ok := OldSpelling(same); ok || got != same {
				t.Errorf("OldSpelling(%q) = %q, %v; want unchanged", same, got, ok)
			}
		})
	}
}

func TestNewSpelling(t *testing.T) {
	for _, p := range spellingPairs {
		t.Run(p.old, func(t *testing.T) {
			got, ok := NewSpelling(p.old)
			if got != p.modern || !ok {
				t.Errorf("NewSpelling(%q) = %q, %v; want %q", p.old, got, ok, p.modern)
			}
		})
	}
	cases := []struct{ in, want string }{
		{"JOKO WIDODO", "JOKO WIDODO"}, // J stays J without other old marks
		{"CHANDRA", "CHANDRA"},
		{"MICHAEL", "MICHAEL"},
		{"CHAIRUL TANJUNG", "KHAIRUL TANJUNG"},
		{"OEI HONG DJIEN", "OEI HONG JIEN"},
		{"NOEL", "NOEL"},
		{"MOCHAMAD SOEDJONO", "MOKHAMAD SUJONO"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, ok := NewSpelling(c.in)
			if got != c.want || ok != (c.in != c.want) {
				t.Errorf("NewSpelling(%q) = %q, %v; want %q", c.in, got, ok, c.want)
			}
		})
	}
}

func TestSpellingRoundTrip(t *testing.T) {
	for _, p := range spellingPairs {
		if got, _ := NewSpelling(p.old); got != p.modern {
			t.Errorf("NewSpelling(%q) = %q", p.old, got)
		}
		x, _ := NewSpelling(p.old)
		if got, _ := OldSpelling(x); got != p.old {
			t.Errorf("OldSpelling(NewSpelling(%q)) = %q", p.old, got)
		}
		y, _ := OldSpelling(p.modern)
		if got, _ := NewSpelling(y); got != p.modern {
			t.Errorf("NewSpelling(OldSpelling(%q)) = %q", p.modern, got)
		}
	}
}

func TestAddTitle(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		female bool
	}{
		{"man", "AHMAD FAUZI", false},
		{"woman", "SITI AMINAH", true},
		{"already hajj", "H. AHMAD FAUZI", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(9, 9))
			counts := map[string]int{}
			for i := 0; i < 20000; i++ {
				out, title := AddTitle(r, c.in, c.female)
				counts[title]++
				if title == "" || !strings.Contains(out, title) || !strings.Contains(out, c.in) {
					t.Fatalf("AddTitle(%q) = %q, %q", c.in, out, title)
				}
				if c.female && (title == "H." || title == "DRS.") || !c.female && (title == "HJ." || title == "DRA." || title == "AMD.KEB.") {
					t.Fatalf("title %q for female=%v", title, c.female)
				}
				if strings.HasSuffix(out, title) && !strings.HasSuffix(out, ", "+title) {
					t.Fatalf("suffix not after a comma: %q", out)
				}
				if strings.HasPrefix(out, "H. H. ") {
					t.Fatalf("title added twice: %q", out)
				}
			}
			hajj, spd := "H.", "S.PD."
			if c.female {
				hajj = "HJ."
			}
			for k, v := range counts {
				if k != hajj && k != spd && v > counts[spd] && c.in[0] != 'H' {
					t.Errorf("%s (%d) more common than S.PD. (%d)", k, v, counts[spd])
				}
			}
			if c.in[0] != 'H' && counts[hajj] < counts[spd] {
				t.Errorf("%s less common than S.PD.: %v", hajj, counts)
			}
			if c.in[0] == 'H' && counts[hajj] != 0 {
				t.Errorf("H. added to a hajj: %v", counts)
			}
		})
	}
	out, title := AddTitle(rand.New(rand.NewPCG(1, 5)), "SRI WAHYUNI", true)
	t.Logf("example: %q (%s)", out, title)
}

func TestAbbreviate(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		wants []string // acceptable outputs
	}{
		{"muhammad", "MUHAMMAD RIZKI", []string{"M. RIZKI", "MOH. RIZKI", "MUH. RIZKI", "MHD. RIZKI", "MOCH. RIZKI", "MUHAMMAD R."}},
		{"mochamad", "MOCHAMAD SOLEH", []string{"M. SOLEH", "MOH. SOLEH", "MUH. SOLEH", "MHD. SOLEH", "MOCH. SOLEH", "MOCHAMAD S."}},
		{"abdul", "ABDUL ROHMAN", []string{"ABD. ROHMAN", "ABDUL R."}},
		{"siti", "SITI AMINAH", []string{"ST. AMINAH", "SITI A."}},
		{"nurul", "NURUL HIDAYAH", []string{"NRL HIDAYAH", "NURUL H."}},
		{"middle initial", "AGUS SETIAWAN", []string{"AGUS S."}},
		{"three words", "EKO BUDI PRASETYO", []string{"EKO B. PRASETYO", "EKO BUDI P."}},
		{"title kept", "H. AHMAD FAUZI, S.PD.", []string{"H. AHMAD F., S.PD."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(4, 4))
			seen := map[string]int{}
			for i := 0; i < 3000; i++ {
				out, ok := Abbreviate(r, c.in)
				if !ok {
					t.Fatalf("Abbreviate(%q) failed", c.in)
				}
				seen[out]++
			}
			for out := range seen {
				okOut := false
				for _, w := range c.wants {
					okOut = okOut || out == w
				}
				if !okOut {
					t.Errorf("Abbreviate(%q) = %q, want one of %v", c.in, out, c.wants)
				}
			}
			if c.name == "nurul" && seen["NRL HIDAYAH"] > seen["NURUL H."] {
				t.Errorf("NRL should be rare: %v", seen)
			}
			if c.name == "muhammad" && seen["MUHAMMAD R."] > 1000 {
				t.Errorf("Muhammad should usually be the abbreviated word: %v", seen)
			}
		})
	}
	for _, in := range []string{"BUDI", "SLAMET", "", "H."} {
		if out, ok := Abbreviate(rand.New(rand.NewPCG(1, 1)), in); ok || out != in {
			t.Errorf("Abbreviate(%q) = %q, %v; want unchanged, false", in, out, ok)
		}
	}
}

func TestOtherPerturbations(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	t.Run("drop_token", func(t *testing.T) {
		for i := 0; i < 500; i++ {
			out, ok := DropToken(r, "MUHAMMAD RIZKY PRATAMA")
			if !ok || len(strings.Fields(out)) != 2 {
				t.Fatalf("DropToken: %q", out)
			}
		}
		if _, ok := DropToken(r, "SLAMET"); ok {
			t.Error("DropToken on one word")
		}
	})
	t.Run("reorder", func(t *testing.T) {
		out, ok := Reorder(r, "AGUS SETIAWAN")
		if !ok || out != "SETIAWAN AGUS" {
			t.Errorf("Reorder = %q", out)
		}
		if _, ok := Reorder(r, "SLAMET"); ok {
			t.Error("Reorder on one word")
		}
	})
	t.Run("case", func(t *testing.T) {
		seen := map[string]bool{}
		for i := 0; i < 100; i++ {
			out, ok := ChangeCase(r, "SITI AMINAH")
			if !ok {
				t.Fatal("ChangeCase unchanged")
			}
			seen[out] = true
		}
		if !seen["siti aminah"] || !seen["Siti Aminah"] || len(seen) != 2 {
			t.Errorf("ChangeCase gave %v", seen)
		}
		if out, _ := ChangeCase(rand.New(rand.NewPCG(0, 0)), "MA'RUF AMIN"); out != "Ma'Ruf Amin" && out != "ma'ruf amin" {
			t.Errorf("ChangeCase apostrophe: %q", out)
		}
	})
	t.Run("space", func(t *testing.T) {
		for i := 0; i < 300; i++ {
			out, ok := SpaceNoise(r, "SITI AMINAH")
			if !ok || out == "SITI AMINAH" || strings.ReplaceAll(out, " ", "") != "SITIAMINAH" {
				t.Fatalf("SpaceNoise = %q", out)
			}
		}
		if out, ok := SpaceNoise(r, "SLAMET"); !ok || strings.Count(out, " ") != 1 {
			t.Errorf("SpaceNoise one word = %q", out)
		}
	})
	t.Run("perturb", func(t *testing.T) {
		seen := map[Perturbation]int{}
		g := New()
		for i := 0; i < 20000; i++ {
			name := g.Name(r, Style(r.IntN(int(numStyles))), i%2 == 0, 1930+r.IntN(77), 1, "")
			out, kind := Perturb(r, name, i%2 == 0)
			if out == name || kind == "" || !utf8.ValidString(out) {
				t.Fatalf("Perturb(%q) = %q, %q", name, out, kind)
			}
			seen[kind]++
		}
		for _, k := range AllPerturbations {
			if seen[k] == 0 {
				t.Errorf("Perturb never produced %s", k)
			}
		}
	})
}

func FuzzTypo(f *testing.F) {
	for _, s := range []string{"AGUS SETIAWAN", "I WAYAN SUDARMA", "MA'RUF", "JOSÉ", "", "A", "ab", "\xff\xfeAB", "RN M 0 1"} {
		f.Add(s, uint64(1))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 7))
		out, kind := Typo(r, s)
		if !utf8.ValidString(out) {
			t.Fatalf("Typo(%q) = %q not UTF-8", s, out)
		}
		letters := 0
		clean := strings.ToValidUTF8(s, "")
		for i := 0; i < len(clean); i++ {
			if isLetter(clean[i]) {
				letters++
			}
		}
		if letters >= 2 && (out == s || kind == "" || out == "") {
			t.Fatalf("Typo(%q) = %q, %q", s, out, kind)
		}
		for _, fn := range []func(*rand.Rand, string) (string, bool){Abbreviate, DropToken, Reorder, ChangeCase, SpaceNoise} {
			if o, _ := fn(r, s); utf8.ValidString(s) && !utf8.ValidString(o) {
				t.Fatalf("perturbation of %q gave invalid %q", s, o)
			}
		}
		if o, _ := Perturb(r, s, seed%2 == 0); !utf8.ValidString(o) {
			t.Fatalf("Perturb(%q) gave invalid %q", s, o)
		}
		if o, _ := AddTitle(r, s, seed%2 == 0); utf8.ValidString(s) && !utf8.ValidString(o) {
			t.Fatalf("AddTitle(%q) gave invalid %q", s, o)
		}
	})
}

func FuzzOldSpelling(f *testing.F) {
	for _, s := range []string{"SURYANI", "KHADIJAH", "soerjani", "DJOKO", "", "K", "KH", "\xc3", "JOSÉ CONCEIÇÃO", "OEI"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, _ := OldSpelling(s)
		n, _ := NewSpelling(s)
		if !utf8.ValidString(o) || !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8 from %q: %q %q", s, o, n)
		}
		// Converting the old form back and forth is stable.
		n2, _ := NewSpelling(o)
		o2, _ := OldSpelling(n2)
		if o3, _ := OldSpelling(o2); o3 == "" && strings.ToValidUTF8(s, "") != "" {
			t.Fatalf("emptied %q", s)
		}
	})
}
