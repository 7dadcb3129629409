package ingest

import "testing"

func TestMaskCell(t *testing.T) {
	for in, want := range map[string]string{
		"3171234567890101": "3171**********01",
		"SITI AMINAH":      "S. A.",
		"MA'RUF":           "M.",
		"12-01-1980":       "**-**-****",
		"JL. MAWAR NO. 12": "J.. M. N.. **",
		"":                 "",
		"3204**********01": "3204**********01",
	} {
		if got := maskCell(in); got != want {
			t.Errorf("maskCell(%q) = %q, want %q", in, got, want)
		}
	}
}
