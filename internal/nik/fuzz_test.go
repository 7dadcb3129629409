package nik

import (
	"strings"
	"testing"
	"time"
)

var fuzzSeeds = []string{
	"3204051203850001", "3204055203850002", "3204052902000001", "3204052902050001",
	"3204**********01", "1111111111111111", "1234567890123456", "32.04.05.120385.0001",
	" 3171014101990123 ", "3204011203850001", "0000000000000000", "", "x", "３２０４",
	"320405120385000\xff",
}

// fuzzRef shifts the reference date by days so the fuzzer also explores
// the century rules; married lowers the minimum age.
func fuzzOptions(days int16, married bool) Options {
	return Options{Ref: ref.AddDate(0, 0, int(days)), Married: married}
}

// checkNoLeak fails if a message holds the input's digits, or indeed any
// digit: a message with none cannot hold a fragment of the number either.
func checkNoLeak(t *testing.T, in string, fs []Finding) {
	t.Helper()
	var digits []byte
	for i := 0; i < len(in); i++ {
		if c := in[i]; c >= '0' && c <= '9' {
			digits = append(digits, c)
		}
	}
	for _, f := range fs {
		if len(digits) > 0 && strings.Contains(f.Message, string(digits)) {
			t.Fatalf("message of %s holds the input's digits", f.Code)
		}
		if strings.ContainsAny(f.Message, "0123456789") {
			t.Fatalf("message of %s holds a digit: %q", f.Code, f.Message)
		}
	}
}

func FuzzParse(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, int16(i*1000-7000), i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, s string, days int16, married bool) {
		n, fs := Parse(s, fuzzOptions(days, married))
		checkNoLeak(t, s, fs)
		if !Valid(fs) || IsMasked(n.Digits) {
			return
		}
		if n.BirthDate.IsZero() || n.BirthDate.Location() != time.UTC {
			t.Fatalf("valid but birth date %v", n.BirthDate)
		}
		got, err := Make(n.District, n.BirthDate, n.Female, n.Serial)
		if err != nil || got != n.Digits {
			t.Fatalf("Make(%+v) = %q, %v; want the input back", n, got, err)
		}
	})
}

func FuzzParseNKK(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, int16(i*1000-7000))
	}
	f.Fuzz(func(t *testing.T, s string, days int16) {
		k, fs := ParseNKK(s, fuzzOptions(days, false))
		checkNoLeak(t, s, fs)
		if !Valid(fs) || IsMasked(k.Digits) {
			return
		}
		if k.Issued.IsZero() || k.Issued.Location() != time.UTC {
			t.Fatalf("valid but issue date %v", k.Issued)
		}
		got, err := MakeNKK(k.District, k.Issued, k.Serial)
		if err != nil || got != k.Digits {
			t.Fatalf("MakeNKK(%+v) = %q, %v; want the input back", k, got, err)
		}
	})
}

func FuzzMask(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := Mask(s)
		if len([]rune(m)) != len([]rune(s)) {
			t.Fatalf("Mask changed the length: %q", m)
		}
		if n := len([]rune(s)); n >= 8 && strings.Count(m, "*") < n-6 || n < 8 && strings.Count(m, "*") != n {
			t.Fatalf("Mask(%q) = %q hides too little", s, m)
		}
	})
}
