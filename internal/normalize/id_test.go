package normalize

import "testing"

func TestID(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
		masked   bool
		problem  IDProblem
	}{
		{"plain", "3204110101800001", "3204110101800001", false, IDOK},
		{"surrounding space", "  3204110101800001\t", "3204110101800001", false, IDOK},
		{"spaces", "3204 1101 0180 0001", "3204110101800001", false, IDOK},
		{"dots", "32.04.11.010180.0001", "3204110101800001", false, IDOK},
		{"dashes", "3204-110101-800001", "3204110101800001", false, IDOK},
		{"excel apostrophe", "'3204110101800001", "3204110101800001", false, IDOK},
		{"excel formula", `="3204110101800001"`, "3204110101800001", false, IDOK},
		{"quoted", `"3204110101800001"`, "3204110101800001", false, IDOK},
		{"float suffix", "3204110101800001.0", "3204110101800001", false, IDOK},
		{"no-break space", "3204\u00a0110101800001", "3204110101800001", false, IDOK},
		{"mask stars", "320411******0001", "320411******0001", true, IDOK},
		{"mask x", "3204xxxxxxxxxx01", "3204**********01", true, IDOK},
		{"mask X", "3204110101XXXXXX", "3204110101******", true, IDOK},
		{"mask hash", "####110101800001", "****110101800001", true, IDOK},
		{"mask with spaces", "3204 11** **** 0001", "320411******0001", true, IDOK},
		{"scientific", "3.20411E+15", "", false, IDScientific},
		{"scientific lower", "3,20411e+15", "", false, IDScientific},
		{"scientific no sign", "3.2041101018E15", "", false, IDScientific},
		{"fifteen digits", "204110101800001", "204110101800001", false, IDLength},
		{"seventeen digits", "32041101018000012", "32041101018000012", false, IDLength},
		{"letters", "3204A10101800001", "320410101800001", false, IDCharacters},
		{"empty", "", "", false, IDEmpty},
		{"blank", "   ", "", false, IDEmpty},
		{"separators only", " - . ", "", false, IDEmpty},
		{"far too long", "12345678901234567890123456789", "", false, IDLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, masked, problem := IDCheck(tt.in)
			if got != tt.want || masked != tt.masked || problem != tt.problem {
				t.Errorf("IDCheck(%q) = %q, %v, %q; want %q, %v, %q", tt.in, got, masked, problem, tt.want, tt.masked, tt.problem)
			}
			_, _, ok := ID(tt.in)
			if ok != (tt.problem == IDOK) {
				t.Errorf("ID(%q) ok = %v", tt.in, ok)
			}
		})
	}
}

func TestIDNoAllocClean(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { ID("3204110101800001") }); n != 0 {
		t.Errorf("ID of a clean number allocates %v times", n)
	}
}
