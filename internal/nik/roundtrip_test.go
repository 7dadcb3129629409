package nik

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/region"
)

// TestRoundTrip makes numbers from random real districts, dates and
// serials, and checks that Parse gives every field back without a finding.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	districts := region.All(region.District)
	// Birth dates between the oldest and the youngest plausible voter, so
	// the century resolves back to the date made.
	oldest := ref.AddDate(-DefaultMaxAge-1, 0, 1)
	youngest := ref.AddDate(-DefaultMinAge, 0, 0)
	firstCard := time.Date(firstNKKYear, 1, 1, 0, 0, 0, 0, time.UTC)
	randomDay := func(from, to time.Time) time.Time {
		days := int(to.Sub(from).Hours() / 24)
		return from.AddDate(0, 0, rng.IntN(days+1))
	}
	opt := Options{Ref: ref}
	for range 20000 {
		district := districts[rng.IntN(len(districts))].Code
		birth := randomDay(oldest, youngest)
		female := rng.IntN(2) == 0
		serial := 1 + rng.IntN(9999)

		s, err := Make(district, birth, female, serial)
		if err != nil {
			t.Fatalf("Make(%s, %v, %v, %d): %v", district, birth, female, serial, err)
		}
		n, fs := Parse(s, opt)
		if fs != nil {
			t.Errorf("Parse(%s): %v", s, codesOf(fs))
		}
		if n.Digits != s || n.District != district || !n.BirthDate.Equal(birth) || n.Female != female || n.Serial != serial ||
			n.Day != birth.Day() || n.Month != int(birth.Month()) || n.YY != birth.Year()%100 {
			t.Errorf("Parse(%s) = %+v, made from %s %v %v %d", s, n, district, birth, female, serial)
		}

		issued := randomDay(firstCard, ref)
		s, err = MakeNKK(district, issued, serial)
		if err != nil {
			t.Fatalf("MakeNKK(%s, %v, %d): %v", district, issued, serial, err)
		}
		k, fs := ParseNKK(s, opt)
		if fs != nil {
			t.Errorf("ParseNKK(%s): %v", s, codesOf(fs))
		}
		if k.Digits != s || k.District != district || !k.Issued.Equal(issued) || k.Serial != serial {
			t.Errorf("ParseNKK(%s) = %+v, made from %s %v %d", s, k, district, issued, serial)
		}
	}
}

// TestKnownMatchesRegion checks the bitmap against region.Lookup for every
// province and regency code and a sample of district codes.
func TestKnownMatchesRegion(t *testing.T) {
	k := regions()
	pad := func(v, n int) string {
		b := make([]byte, n)
		for i := n - 1; i >= 0; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
		return string(b)
	}
	for v := range 100 {
		if _, ok := region.Lookup(pad(v, 2)); ok != k.province[v] {
			t.Errorf("province %02d: bitmap %v, region %v", v, k.province[v], ok)
		}
	}
	for v := range 10000 {
		if _, ok := region.Lookup(pad(v, 4)); ok != k.regency[v] {
			t.Errorf("regency %04d: bitmap %v, region %v", v, k.regency[v], ok)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		v := rng.IntN(1000000)
		if _, ok := region.Lookup(pad(v, 6)); ok != k.hasDistrict(v) {
			t.Errorf("district %06d: bitmap %v, region %v", v, k.hasDistrict(v), ok)
		}
	}
	for _, a := range region.All(region.District) {
		if !k.hasDistrict(atoi(a.Code, 6)) {
			t.Errorf("district %s missing from the bitmap", a.Code)
		}
	}
}

func TestDays(t *testing.T) {
	for d := time.Date(1599, 12, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2401; d = d.AddDate(0, 0, 1) {
		got := ymd{d.Year(), int(d.Month()), d.Day()}.time()
		if !got.Equal(d) || got != d {
			t.Fatalf("%v gives %v", d, got)
		}
	}
	for _, y := range []int{-401, -400, -1, 0, 1} {
		d := time.Date(y, 2, 28, 0, 0, 0, 0, time.UTC)
		if got := (ymd{y, 2, 28}).time(); got != d {
			t.Errorf("%v gives %v", d, got)
		}
	}
}

func TestCalendarDate(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	nyc, err := time.LoadLocation("America/New_York")
	if err != nil {
		nyc = time.FixedZone("EST", -5*3600)
	}
	tests := []struct {
		name string
		t    time.Time
		want ymd
	}{
		{"UTC midnight", time.Date(2024, 2, 14, 0, 0, 0, 0, time.UTC), ymd{2024, 2, 14}},
		{"UTC last second", time.Date(2024, 2, 14, 23, 59, 59, 999999999, time.UTC), ymd{2024, 2, 14}},
		{"UTC next day", time.Date(2024, 2, 15, 0, 0, 0, 0, time.UTC), ymd{2024, 2, 15}},
		{"same instant in WIB is the next day", time.Date(2024, 2, 14, 20, 0, 0, 0, time.UTC).In(wib), ymd{2024, 2, 15}},
		{"back to UTC", time.Date(2024, 2, 14, 20, 0, 0, 0, time.UTC), ymd{2024, 2, 14}},
		{"DST day", time.Date(2024, 3, 10, 12, 0, 0, 0, nyc), ymd{2024, 3, 10}},
		{"DST day, late", time.Date(2024, 3, 10, 23, 30, 0, 0, nyc), ymd{2024, 3, 10}},
		{"after DST day", time.Date(2024, 3, 11, 0, 30, 0, 0, nyc), ymd{2024, 3, 11}},
		{"before 1970", time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC), ymd{1969, 12, 31}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Twice: once filling the cache, once reading it.
			for range 2 {
				if got := calendarDate(tt.t); got != tt.want {
					t.Errorf("calendarDate(%v) = %v, want %v", tt.t, got, tt.want)
				}
			}
		})
	}
}
