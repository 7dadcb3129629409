package region

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCounts(t *testing.T) {
	// Figures from shared/data/SOURCES.md.
	want := map[Level]int{Province: 38, Regency: 514, District: 7285, Village: 83762}
	for lv, n := range want {
		if got := len(All(lv)); got != n {
			t.Errorf("%v: %d areas, want %d", lv, got, n)
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		code, name, parent string
		ok                 bool
	}{
		{"32", "Jawa Barat", "", true},
		{"3204", "Kabupaten Bandung", "32", true},
		{"32.73", "Kota Bandung", "32", true},
		{"3171", "Kota Administrasi Jakarta Pusat", "31", true},
		{"11.01.01.2001", "Keude Bakongan", "110101", true},
		{"99", "", "", false},
		{"3299", "", "", false},
		{"", "", "", false},
		{"abc", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			a, ok := Lookup(tt.code)
			if ok != tt.ok || a.Name != tt.name || a.Parent != tt.parent {
				t.Errorf("Lookup(%q) = %+v, %v", tt.code, a, ok)
			}
		})
	}
}

func TestEveryParentExists(t *testing.T) {
	for lv := Regency; lv <= Village; lv++ {
		for _, a := range All(lv) {
			p, ok := Lookup(a.Parent)
			if !ok || p.Level != lv-1 {
				t.Fatalf("%s: parent %s missing", a.Code, a.Parent)
			}
		}
	}
}

func TestChildren(t *testing.T) {
	c := Children("31")
	if len(c) != 6 || c[0].Code != "3101" || c[5].Code != "3175" {
		t.Errorf("Children(31) = %v", c)
	}
	if n := len(Children("3204")); n != 31 {
		t.Errorf("Kabupaten Bandung has %d districts, want 31", n)
	}
	if Children("3204112001") != nil {
		t.Error("villages have no children")
	}
}

func TestDotted(t *testing.T) {
	for in, want := range map[string]string{"32": "32", "3204": "32.04", "320411": "32.04.11", "3204112001": "32.04.11.2001", "123": "123"} {
		if got := Dotted(in); got != want {
			t.Errorf("Dotted(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchName(t *testing.T) {
	tests := []struct {
		level        Level
		parent, name string
		want         string // "" when no unique match
	}{
		{Province, "", "JAWA BARAT", "32"},
		{Province, "", "jawa  barat", "32"},
		{Province, "", "DKI JAKARTA", "31"},
		{Province, "", "D.I. YOGYAKARTA", "34"},
		{Province, "", "Prov. Kepulauan Riau", "21"},
		{Province, "", "KEP. RIAU", "21"},
		{Regency, "", "KAB. BANDUNG", "3204"},
		{Regency, "", "KABUPATEN BANDUNG", "3204"},
		{Regency, "", "Kota Bandung", "3273"},
		{Regency, "", "BANDUNG", ""}, // kabupaten and kota both exist
		{Regency, "", "GARUT", "3205"},
		{Regency, "", "KOTA ADM. JAKARTA PUSAT", "3171"},
		{Regency, "", "JAKARTA PUSAT", "3171"},
		{Regency, "", "KAB. ADM. KEP. SERIBU", "3101"},
		{Regency, "35", "KAB. BANDUNG", ""}, // wrong parent
		{District, "3529", "RAAS", "352922"},
		{District, "", "KEC. RA'AS", "352922"},
		{Village, "110101", "DESA KEUDE BAKONGAN", "1101012001"},
		{Village, "", "NO SUCH PLACE", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := MatchName(tt.level, tt.parent, tt.name)
			if got := a.Code; got != tt.want || ok != (tt.want != "") {
				t.Errorf("MatchName(%v, %q, %q) = %q, %v; want %q", tt.level, tt.parent, tt.name, got, ok, tt.want)
			}
		})
	}
}

func TestShortName(t *testing.T) {
	for code, want := range map[string]string{"3204": "BANDUNG", "3171": "JAKARTA PUSAT", "3101": "KEPULAUAN SERIBU", "32": "JAWA BARAT"} {
		a, _ := Lookup(code)
		if got := a.ShortName(); got != want {
			t.Errorf("%s: ShortName = %q, want %q", code, got, want)
		}
	}
}

// TestGeneratedUpToDate regenerates the table from shared/data and checks
// the committed file is what `go generate` writes today.
func TestGeneratedUpToDate(t *testing.T) {
	src := filepath.Join("..", "..", "..", "shared", "data", "idn-area")
	if _, err := os.Stat(src); err != nil {
		t.Skip("shared/data/idn-area not beside the checkout")
	}
	out := filepath.Join(t.TempDir(), "areas.tsv.zst")
	cmd := exec.Command("go", "run", "./internal/gen", "-src", src, "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, areasZst) {
		t.Fatal("areas.tsv.zst is stale: run go generate ./internal/region")
	}
}

func BenchmarkLookup(b *testing.B) {
	load()
	for b.Loop() {
		Lookup("3204112001")
	}
}

// FuzzMatchName: any text is either no match or an area of the level asked
// for under the parent given, and keying is idempotent.
func FuzzMatchName(f *testing.F) {
	for _, s := range []string{"KAB. BANDUNG", "Kota Adm. Jakarta Pusat", "RA'AS", "", "  ", "KOTA", "DKI", "\xff"} {
		f.Add(s, "")
		f.Add(s, "32")
	}
	f.Fuzz(func(t *testing.T, name, parent string) {
		for lv := Province; lv <= Village; lv++ {
			for _, a := range MatchAll(lv, parent, name) {
				p := strings.ReplaceAll(parent, ".", "")
				if a.Level != lv || (lv > Province && !strings.HasPrefix(a.Code, p)) {
					t.Fatalf("MatchAll(%v, %q, %q) gave %+v", lv, parent, name, a)
				}
			}
		}
		if k := key(name); key(k) != k {
			t.Fatalf("key not idempotent: %q → %q → %q", name, k, key(k))
		}
	})
}

// BenchmarkParse is the one-off cost of the embedded table, which every
// command that looks up a code pays once.
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := parse(areasZst); err != nil {
			b.Fatal(err)
		}
	}
}
