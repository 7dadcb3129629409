package normalize

import (
	"reflect"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzID(f *testing.F) {
	for _, s := range []string{"3204110101800001", "'3204110101800001", "3.20411E+15", "32.04.11.010180.0001",
		"320411******0001", "3204xxxxxxxxxx01", `="3204110101800001"`, "3204110101800001.0", "", "x", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		norm, masked, p := IDCheck(raw)
		_, _, ok := ID(raw)
		if ok != (p == IDOK) {
			t.Fatalf("ID and IDCheck disagree on %q", raw)
		}
		if !utf8.ValidString(norm) {
			t.Fatalf("invalid UTF-8 %q", norm)
		}
		stars := false
		for i := 0; i < len(norm); i++ {
			c := norm[i]
			if c == '*' {
				stars = true
			} else if c < '0' || c > '9' {
				t.Fatalf("IDCheck(%q) = %q holds %q", raw, norm, c)
			}
		}
		if ok && len(norm) != 16 {
			t.Fatalf("IDCheck(%q) = %q ok with length %d", raw, norm, len(norm))
		}
		if stars != masked && ok {
			t.Fatalf("IDCheck(%q) masked = %v for %q", raw, masked, norm)
		}
		if ok {
			// Normalising again changes nothing.
			again, m2, p2 := IDCheck(norm)
			if again != norm || m2 != masked || p2 != IDOK {
				t.Fatalf("not idempotent: %q → %q → %q", raw, norm, again)
			}
		}
	})
}

func FuzzPersonName(f *testing.F) {
	for _, s := range []string{"SITI AMINAH", "H. MOCH. DJAELANI, S.PD.", "Prof. Dr. Ir. H. Budi Santoso, M.M.",
		"MA'RUF", "JOSÉ DA CONCEIÇÃO", "ST. AMINAH", "AGUS M.", "S.PD.", "H.", "5ITI", "K.H. ABDUL", "\xffA", "ǅ", "ß",
		"SOERJANI", "PRASETJO", "WIDYA", "DDJY", "OOE", "TDYA", "HDJ SUPARMAN", "M M M", ", MA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		n := PersonName(raw)
		checkNameInvariants(t, raw, n)
		skipUnfoldedStrip = false
		full := PersonName(raw)
		skipUnfoldedStrip = true
		if !reflect.DeepEqual(full, n) {
			t.Fatalf("PersonName(%q) = %+v with the second title pass skipped for unfolded words, %+v without", raw, n, full)
		}
		n.Initials = ""
		if m := PersonNameNoInitials(raw); !reflect.DeepEqual(m, n) {
			t.Fatalf("PersonNameNoInitials(%q) = %+v, PersonName without initials %+v", raw, m, n)
		}
	})
}

func FuzzBirthDate(f *testing.F) {
	for _, s := range []string{"12-01-1980", "12|01|1980", "1980-01-12T00:00:00Z", "12 Januari 1980", "12-JAN-80",
		"29232", "60", "05/25/1980", "BANDUNG, 12-01-1980", "January 12, 1980", "120180", "19800112", "", "\xff"} {
		f.Add(s, int64(0))
	}
	base := time.Date(2024, 2, 14, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string, days int64) {
		ref := base.AddDate(0, 0, int(days%200000))
		r := BirthDate(raw, ref)
		if !r.OK {
			if r.Format != "" || r.Date != 0 {
				t.Fatalf("BirthDate(%q) not OK but %v %q", raw, r.Date, r.Format)
			}
			return
		}
		y := r.Date.Time().Year()
		if y < MinYear || y > MaxYear || r.Format == "" {
			t.Fatalf("BirthDate(%q) = %v %q", raw, r.Date, r.Format)
		}
	})
}

func FuzzRTRW(f *testing.F) {
	for _, s := range []string{"001", "RT 001/RW 002", "001/002", "RT.01 RW.02", "RW 2 RT 1", "RT/RW 1/2", "", "0", "1/2/3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		rt, rw, ok := RTRW(raw)
		if ok && (rt < 1 || rt > 9999 || rw < 1 || rw > 9999) {
			t.Fatalf("RTRW(%q) = %d, %d", raw, rt, rw)
		}
		rt1, ok1 := RT(raw)
		if ok1 && (rt1 < 1 || rt1 > 9999) {
			t.Fatalf("RT(%q) = %d", raw, rt1)
		}
		if ok && (!ok1 || rt1 != rt) {
			t.Fatalf("RT(%q) = %d, %v but RTRW gives %d", raw, rt1, ok1, rt)
		}
	})
}
