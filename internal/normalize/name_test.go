package normalize

import (
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/telusur/telusur/internal/synth/names"
)

func TestPersonName(t *testing.T) {
	tests := []struct {
		name, in   string
		clean      string
		titles     []string
		key, inits string
	}{
		{"plain", "SITI AMINAH", "SITI AMINAH", nil, "SITI AMINAH", "SA"},
		{"case and spaces", "  siti   Aminah ", "SITI AMINAH", nil, "SITI AMINAH", "SA"},
		{"apostrophe kept", "MA'RUF AMIN", "MA'RUF AMIN", nil, "MARUF AMIN", "MA"},
		{"curly apostrophe", "MA’RUF", "MA'RUF", nil, "MARUF", "M"},
		{"stray apostrophes", "'AINI'", "AINI", nil, "AINI", "A"},
		{"punctuation", "AHMAD-FAUZI (ALM)", "AHMAD FAUZI ALM", nil, "AHMAD FAUZI ALM", "AFA"},
		{"dot splits", "M.ARIF", "M. ARIF", nil, "MUHAMMAD ARIF", "MA"},
		{"haji", "H. AHMAD FAUZI", "AHMAD FAUZI", []string{"H."}, "AHMAD FAUZI", "AF"},
		{"haji no dot", "H AHMAD FAUZI", "AHMAD FAUZI", []string{"H."}, "AHMAD FAUZI", "AF"},
		{"hajjah", "Hj. Siti Aminah", "SITI AMINAH", []string{"HJ."}, "SITI AMINAH", "SA"},
		{"hajjah spelled", "HAJJAH SITI AMINAH", "SITI AMINAH", []string{"HJ."}, "SITI AMINAH", "SA"},
		{"several prefixes", "Prof. Dr. Ir. H. Budi Santoso", "BUDI SANTOSO", []string{"PROF.", "DR.", "IR.", "H."}, "BUDI SANTOSO", "BS"},
		{"drs", "DRS. BUDI SANTOSO", "BUDI SANTOSO", []string{"DRS."}, "BUDI SANTOSO", "BS"},
		{"dra", "DRA SRI WAHYUNI", "SRI WAHYUNI", []string{"DRA."}, "SRI WAHYUNI", "SW"},
		{"kiai haji", "K.H. ABDUL GHANI", "ABDUL GHANI", []string{"KH."}, "ABDUL GHANI", "AG"},
		{"spd", "SRI WAHYUNI, S.PD.", "SRI WAHYUNI", []string{"S.PD."}, "SRI WAHYUNI", "SW"},
		{"spd mixed case", "Sri Wahyuni, S.Pd", "SRI WAHYUNI", []string{"S.PD."}, "SRI WAHYUNI", "SW"},
		{"spd no dots", "SRI WAHYUNI SPD", "SRI WAHYUNI", []string{"S.PD."}, "SRI WAHYUNI", "SW"},
		{"spd camel", "Sri Wahyuni SPd", "SRI WAHYUNI", []string{"S.PD."}, "SRI WAHYUNI", "SW"},
		{"spd spaced", "SRI WAHYUNI S PD", "SRI WAHYUNI", []string{"S.PD."}, "SRI WAHYUNI", "SW"},
		{"spdi", "SRI WAHYUNI, S.Pd.I", "SRI WAHYUNI", []string{"S.PD.I."}, "SRI WAHYUNI", "SW"},
		{"se", "BUDI, S.E.", "BUDI", []string{"S.E."}, "BUDI", "B"},
		{"sh mh", "BUDI SANTOSO, S.H., M.H.", "BUDI SANTOSO", []string{"S.H.", "M.H."}, "BUDI SANTOSO", "BS"},
		{"sag", "AHMAD, S.Ag", "AHMAD", []string{"S.AG."}, "AHMAD", "A"},
		{"skom", "RINA, S.Kom", "RINA", []string{"S.KOM."}, "RINA", "R"},
		{"amd", "RINA A.Md.", "RINA", []string{"A.MD."}, "RINA", "R"},
		{"amd keb", "SITI, AMD.KEB", "SITI", []string{"AMD.KEB."}, "SITI", "S"},
		{"a md keb", "SITI A.Md.Keb.", "SITI", []string{"AMD.KEB."}, "SITI", "S"},
		{"mm", "BUDI M.M.", "BUDI", []string{"M.M."}, "BUDI", "B"},
		{"skep", "RINA S.Kep", "RINA", []string{"S.KEP."}, "RINA", "R"},
		{"prefix and suffix", "H. MOCH. DJAELANI, S.Pd.", "MOCH. DJAELANI", []string{"H.", "S.PD."}, "MUHAMMAD YAELANI", "MY"},
		{"ma needs a dot", "BUDI SANTOSO MA", "BUDI SANTOSO MA", nil, "BUDI SANTOSO MA", "BSM"},
		{"ma with dot", "BUDI SANTOSO M.A.", "BUDI SANTOSO", []string{"M.A."}, "BUDI SANTOSO", "BS"},
		{"ma after comma", "BUDI SANTOSO, MA", "BUDI SANTOSO", []string{"M.A."}, "BUDI SANTOSO", "BS"},
		{"title alone kept", "H.", "H.", nil, "H", "H"},
		{"degree alone kept", "S.PD.", "S. PD.", nil, "S PD", "SP"},
		{"not a comma name", "SIREGAR, BUDI", "SIREGAR BUDI", nil, "SIREGAR BUDI", "SB"},
		{"old spelling", "SOEPARMAN", "SOEPARMAN", nil, "SUPARMAN", "S"},
		{"old dj", "DJOKO", "DJOKO", nil, "YOKO", "Y"},
		{"new j", "JOKO", "JOKO", nil, "YOKO", "Y"},
		{"old tj", "TJIPTO", "TJIPTO", nil, "CIPTO", "C"},
		{"old sj", "SJAFRIZAL", "SJAFRIZAL", nil, "SYAFRIZAL", "S"},
		{"old ch", "CHADIDJAH", "CHADIDJAH", nil, "KHADIYAH", "K"},
		{"new kh", "KHADIJAH", "KHADIJAH", nil, "KHADIYAH", "K"},
		{"old j for y", "SOERJANI", "SOERJANI", nil, "SURYANI", "S"},
		{"old tj for ty", "PRASETJO", "PRASETJO", nil, "PRASECO", "P"},
		{"new ty", "PRASETYO", "PRASETYO", nil, "PRASECO", "P"},
		{"old dj for dy", "WIDJA", "WIDJA", nil, "WIYA", "W"},
		{"rizky", "RIZKY", "RIZKY", nil, "RISKI", "R"},
		{"rizki", "RIZKI", "RIZKI", nil, "RISKI", "R"},
		{"riski", "RISKI", "RISKI", nil, "RISKI", "R"},
		{"rizqi", "RIZQI", "RIZQI", nil, "RISKI", "R"},
		{"hendy", "HENDY", "HENDY", nil, "HENDI", "H"},
		{"doubled", "ANNISA", "ANNISA", nil, "ANISA", "A"},
		{"muhammad", "MUHAMMAD RIZKY", "MUHAMMAD RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"muhamad", "MUHAMAD RIZKY", "MUHAMAD RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"mochamad", "MOCHAMAD RIZKY", "MOCHAMAD RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"mohammad", "MOHAMMAD RIZKY", "MOHAMMAD RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"muhammed", "MUHAMMED RIZKY", "MUHAMMED RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"moh", "MOH. RIZKY", "MOH. RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"m", "M. RIZKY", "M. RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"muh", "MUH. RIZKY", "MUH. RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"mhd", "MHD RIZKY", "MHD RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"moch", "MOCH. RIZKY", "MOCH. RIZKY", nil, "MUHAMMAD RISKI", "MR"},
		{"final m is an initial", "AGUS M.", "AGUS M.", nil, "AGUS M", "AM"},
		{"abd", "ABD. RAHMAN", "ABD. RAHMAN", nil, "ABDUL RAHMAN", "AR"},
		{"st first", "ST. AMINAH", "ST. AMINAH", nil, "SITI AMINAH", "SA"},
		{"st later", "ANDI ST. AISYAH", "ANDI ST. AISYAH", nil, "ANDI SITI AISYAH", "ASA"},
		{"nrl", "NRL HUDA", "NRL HUDA", nil, "NURUL HUDA", "NH"},
		{"diacritics", "JOSÉ DA CONCEIÇÃO", "JOSÉ DA CONCEIÇÃO", nil, "YOSE DA CONCEICAO", "YDC"},
		{"ocr digits", "5ITI AM1NAH", "5ITI AM1NAH", nil, "SITI AMINAH", "SA"},
		{"balinese", "I GUSTI NGURAH", "I GUSTI NGURAH", nil, "I GUSTI NGURAH", "IGN"},
		{"empty", "", "", nil, "", ""},
		{"punctuation only", " .,- ", "", nil, "", ""},
		{"invalid utf8", "SITI\xffAMINAH", "SITI AMINAH", nil, "SITI AMINAH", "SA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := PersonName(tt.in)
			if n.Clean != tt.clean || !slices.Equal(n.Titles, tt.titles) || n.Key != tt.key || n.Initials != tt.inits {
				t.Errorf("PersonName(%q) = %q %q %q %q\n                          want %q %q %q %q",
					tt.in, n.Clean, n.Titles, n.Key, n.Initials, tt.clean, tt.titles, tt.key, tt.inits)
			}
			checkNameInvariants(t, tt.in, n)
		})
	}
}

// checkNameInvariants checks the properties every PersonName result has.
func checkNameInvariants(t *testing.T, raw string, n Name) {
	t.Helper()
	for _, s := range []string{n.Clean, n.Key, n.Initials} {
		if !utf8.ValidString(s) {
			t.Fatalf("PersonName(%q): invalid UTF-8 %q", raw, s)
		}
	}
	if again := PersonName(n.Clean); again.Clean != n.Clean {
		t.Fatalf("Clean not idempotent: %q → %q → %q", raw, n.Clean, again.Clean)
	}
	if again := PersonName(n.Key); again.Key != n.Key {
		t.Fatalf("Key not idempotent: %q → %q → %q", raw, n.Key, again.Key)
	}
	if PersonName(n.Clean).Key != n.Key {
		t.Fatalf("Key of Clean differs: %q → %q, %q", raw, n.Key, PersonName(n.Clean).Key)
	}
	if (n.Clean == "") != (n.Key == "") || utf8.RuneCountInString(n.Initials) != len(splitSpace(n.Key)) {
		t.Fatalf("PersonName(%q): Clean %q, Key %q, Initials %q disagree", raw, n.Clean, n.Key, n.Initials)
	}
}

func splitSpace(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// TestPersonNameProperties checks idempotence over generated names and
// every kind of perturbation of package names.
func TestPersonNameProperties(t *testing.T) {
	g := names.New()
	r := rand.New(rand.NewPCG(1, 2))
	styles := names.Styles()
	for i := 0; i < 5000; i++ {
		female := r.IntN(2) == 0
		st := styles[r.IntN(len(styles))]
		name := g.Name(r, st, female, 1935+r.IntN(72), 1+r.IntN(4), "")
		p, _ := names.Perturb(r, name, female)
		checkNameInvariants(t, name, PersonName(name))
		checkNameInvariants(t, p, PersonName(p))
	}
}

func TestBaseLetterTables(t *testing.T) {
	if len(latin1Base) != 64 || len(latinExtABase) != 128 {
		t.Fatalf("table lengths %d, %d", len(latin1Base), len(latinExtABase))
	}
	for r, want := range map[rune]byte{'À': 'A', 'Ç': 'C', 'É': 'E', 'Ñ': 'N', 'Ö': 'O', 'Ø': 'O', 'Ü': 'U', 'Ý': 'Y', 'ß': 'S', 'ÿ': 'Y', 'Ā': 'A', 'Č': 'C', 'Đ': 'D', 'Ğ': 'G', 'İ': 'I', 'Ł': 'L', 'Ň': 'N', 'Ő': 'O', 'Ř': 'R', 'Š': 'S', 'Ť': 'T', 'Ů': 'U', 'Ŵ': 'W', 'Ÿ': 'Y', 'Ž': 'Z', 'ſ': 'S', '×': 0, 'Þ': 0, 'Ж': 0} {
		if got := baseLetter(r); got != want {
			t.Errorf("baseLetter(%q) = %q, want %q", r, got, want)
		}
	}
}

func TestPersonNameAllocs(t *testing.T) {
	for _, in := range []string{"SITI AMINAH", "MUHAMMAD RIZKY PRATAMA", "H. MOCH. DJAELANI, S.PD."} {
		want := 1.0
		if len(PersonName(in).Titles) > 0 {
			want = 2
		}
		if n := testing.AllocsPerRun(100, func() { PersonName(in) }); n > want {
			t.Errorf("PersonName(%q) allocates %v times, want ≤ %v", in, n, want)
		}
	}
}
