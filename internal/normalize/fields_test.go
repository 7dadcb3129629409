package normalize

import "testing"

func TestSex(t *testing.T) {
	tests := []struct{ in, want string }{
		{"L", "L"}, {"l", "L"}, {" L ", "L"}, {"LK", "L"}, {"LAKI-LAKI", "L"}, {"Laki-laki", "L"},
		{"LAKI LAKI", "L"}, {"LAKI", "L"}, {"PRIA", "L"}, {"M", "L"}, {"MALE", "L"}, {"male", "L"},
		{"1", "L"}, {"L.", "L"}, {"LAKI - LAKI", "L"},
		{"P", "P"}, {"p", "P"}, {"PR", "P"}, {"PEREMPUAN", "P"}, {"Perempuan", "P"}, {"WANITA", "P"},
		{"F", "P"}, {"FEMALE", "P"}, {"Female", "P"}, {"2", "P"},
		{"", ""}, {"X", ""}, {"3", ""}, {"LAKI-LAKI/PEREMPUAN?", ""}, {"LP", ""}, {"ÉL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Sex(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Sex(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestMarital(t *testing.T) {
	tests := []struct{ in, want string }{
		{"B", "B"}, {"b", "B"}, {"BELUM KAWIN", "B"}, {"Belum Kawin", "B"}, {"BELUM MENIKAH", "B"}, {"SINGLE", "B"},
		{"S", "S"}, {"KAWIN", "S"}, {"SUDAH KAWIN", "S"}, {"MENIKAH", "S"}, {"KAWIN TERCATAT", "S"}, {"MARRIED", "S"},
		{"P", "P"}, {"PERNAH KAWIN", "P"}, {"CERAI HIDUP", "P"}, {"CERAI MATI", "P"}, {"CERAI", "P"},
		{"JANDA", "P"}, {"DUDA", "P"}, {"DIVORCED", "P"}, {"WIDOWED", "P"}, {"cerai-hidup", "P"},
		{"", ""}, {"X", ""}, {"1", ""}, {"BELUM", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Marital(tt.in)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Marital(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestRTRW(t *testing.T) {
	tests := []struct {
		in           string
		rt, rw       int // 0: absent
		rtOK, bothOK bool
	}{
		{"001", 1, 0, true, false},
		{"1", 1, 0, true, false},
		{"012", 12, 0, true, false},
		{"RT 001", 1, 0, true, false},
		{"RT.01", 1, 0, true, false},
		{"rt:3", 3, 0, true, false},
		{"001/002", 1, 2, true, true},
		{"01/02", 1, 2, true, true},
		{"1-2", 1, 2, true, true},
		{"001 / 002", 1, 2, true, true},
		{"RT 001/RW 002", 1, 2, true, true},
		{"RT 001 RW 002", 1, 2, true, true},
		{"RT.01 RW.02", 1, 2, true, true},
		{"RT001RW002", 1, 2, true, true},
		{"RW 02 RT 01", 1, 2, true, true},
		{"RT/RW 003/004", 3, 4, true, true},
		{"RW 002", 0, 2, false, false},
		{"000", 0, 0, false, false},
		{"001/000", 1, 0, false, false},
		{"", 0, 0, false, false},
		{"DUSUN 1", 0, 0, false, false},
		{"1/2/3", 0, 0, false, false},
		{"12345", 0, 0, false, false},
		{"RT 1 RT 2", 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			rt, ok := RT(tt.in)
			if ok != tt.rtOK || (ok && rt != tt.rt) {
				t.Errorf("RT(%q) = %d, %v; want %d, %v", tt.in, rt, ok, tt.rt, tt.rtOK)
			}
			rt, rw, ok := RTRW(tt.in)
			if ok != tt.bothOK || (ok && (rt != tt.rt || rw != tt.rw)) {
				t.Errorf("RTRW(%q) = %d, %d, %v; want %d, %d, %v", tt.in, rt, rw, ok, tt.rt, tt.rw, tt.bothOK)
			}
		})
	}
}

func TestAge(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"45", 45, true}, {" 45 ", 45, true}, {"045", 45, true}, {"45 TAHUN", 45, true}, {"45 tahun", 45, true},
		{"45 THN", 45, true}, {"45THN", 45, true}, {"45 TH.", 45, true}, {"45 YEARS", 45, true}, {"45.0", 45, true},
		{"0", 0, true}, {"150", 150, true},
		{"151", 0, false}, {"", 0, false}, {"TAHUN", 0, false}, {"45 BULAN", 0, false}, {"4500", 0, false}, {"45.5", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Age(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Age(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestFieldsNoAlloc(t *testing.T) {
	n := testing.AllocsPerRun(100, func() {
		Sex("LAKI-LAKI")
		Marital("CERAI HIDUP")
		RTRW("RT 001/RW 002")
		Age("45 TAHUN")
	})
	if n != 0 {
		t.Errorf("allocations: %v", n)
	}
}
