package ingest

import (
	"strings"
	"testing"
)

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

func TestTrimUpper(t *testing.T) {
	for _, s := range []string{"", " ", "a", "A", " ab ", "\tx\n", "\u00a0X\u00a0", "X\u00a0", "abcdefghijklmnop", "ABCDEFGHIJKLMNOPQRSTUVWXYZ[`{@",
		"KABUPATEN ACEH SELATAN", "KABUPATEN ACEH SELATAn", "zKABUPATEN", "JL. SUDIRMAN NO.5 É", "é", "\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f"} {
		if got, want := trim(s), strings.TrimSpace(s); got != want {
			t.Errorf("trim(%q) = %q, want %q", s, got, want)
		}
		if got, want := upper(s), strings.ToUpper(s); got != want {
			t.Errorf("upper(%q) = %q, want %q", s, got, want)
		}
	}
}
