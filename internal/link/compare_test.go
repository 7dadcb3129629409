package link

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestJaroWinkler(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"MARTHA", "MARHTA", 0.961},
		{"DWAYNE", "DUANE", 0.840},
		{"DIXON", "DICKSONX", 0.813},
		{"", "", 0},
		{"A", "", 0},
		{"SITI", "SITI", 1},
		{"ABC", "XYZ", 0},
	} {
		got := jaroWinkler(c.a, c.b)
		if got < c.want-0.001 || got > c.want+0.001 {
			t.Errorf("jaroWinkler(%q, %q) = %.3f, want %.3f", c.a, c.b, got, c.want)
		}
		if back := jaroWinkler(c.b, c.a); back != got {
			t.Errorf("jaroWinkler not symmetric on %q, %q", c.a, c.b)
		}
	}
}

func days(y, m, d int) int32 {
	return int32(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func TestCivil(t *testing.T) {
	for d := days(1890, 1, 1); d < days(2100, 1, 1); d += 17 {
		y, m, dd := civil(d)
		tm := time.Unix(int64(d)*86400, 0).UTC()
		if y != tm.Year() || m != int(tm.Month()) || dd != tm.Day() {
			t.Fatalf("civil(%d) = %d-%d-%d, want %s", d, y, m, dd, tm.Format(time.DateOnly))
		}
	}
}

func TestDateClose(t *testing.T) {
	for _, c := range []struct {
		a, b int32
		want bool
	}{
		{days(1980, 3, 4), days(1980, 3, 4), true},
		{days(1980, 3, 4), days(1980, 4, 3), true},  // day and month swapped
		{days(1980, 3, 4), days(1980, 3, 14), true}, // one digit
		{days(1980, 3, 4), days(1981, 3, 4), true},
		{days(1980, 3, 4), days(1980, 3, 15), false},
		{days(1980, 3, 4), days(1990, 4, 4), false},
	} {
		if got := dateClose(c.a, c.b); got != c.want {
			t.Errorf("dateClose(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestNIKDigits(t *testing.T) {
	const full = 3171011204800001
	for _, c := range []struct {
		masked  string
		agree   bool
		visible int
	}{
		{"317101120480****", true, 12},
		{"317101******0001", true, 10},
		{"3171**********01", true, 6},
		{"3172**********01", false, 0},
		{"31710112048", false, 0},
	} {
		agree, visible := nikDigitsAgree(c.masked, full)
		if agree != c.agree || (c.agree && visible != c.visible) {
			t.Errorf("nikDigitsAgree(%q) = %v, %d; want %v, %d", c.masked, agree, visible, c.agree, c.visible)
		}
	}
	for _, c := range []struct {
		b    uint64
		want bool
	}{
		{3171011204800002, true},
		{3171011204800010, true}, // swapped neighbours
		{3171011204800122, false},
		{3171011204800001, false}, // equal is not a typo
		{4171011204800002, false},
	} {
		if got := oneDigitOff(full, c.b); got != c.want {
			t.Errorf("oneDigitOff(%d) = %v, want %v", c.b, got, c.want)
		}
	}
}

// ymdClose on packed dates must say exactly what dateClose says on days:
// the index screens candidates with one and scores them with the other.
func TestYMDCloseAgreesWithDateClose(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	base := int32(-25000) // 1901
	for i := 0; i < 200000; i++ {
		a := base + int32(rng.IntN(45000))
		var b int32
		switch i % 4 {
		case 0: // anywhere
			b = base + int32(rng.IntN(45000))
		case 1: // near
			b = a + int32(rng.IntN(80)) - 40
		case 2: // a year or ten off
			b = a + 365*int32(rng.IntN(21)-10)
		default: // day and month swapped, when that is a date
			y, m, d := civil(a)
			if d > 12 {
				b = a
				break
			}
			b = int32(time.Date(y, time.Month(d), m, 0, 0, 0, 0, time.UTC).Unix() / 86400)
		}
		if got, want := ymdClose(packYMD(a), packYMD(b)), dateClose(a, b); got != want {
			t.Fatalf("dates %d and %d (%d, %d): ymdClose %v, dateClose %v", a, b, packYMD(a), packYMD(b), got, want)
		}
	}
	if packYMD(noDate) != 0 {
		t.Error("noDate does not pack to 0")
	}
	if got := packYMD(int32(time.Date(1985, 12, 31, 0, 0, 0, 0, time.UTC).Unix() / 86400)); got != 19851231 {
		t.Errorf("packYMD(1985-12-31) = %d", got)
	}
}

func TestLowerBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 70; n++ {
		keys := make([]uint64, n)
		for i := range keys {
			keys[i] = uint64(rng.IntN(50))
		}
		slices.Sort(keys)
		for k := uint64(0); k < 52; k++ {
			want, _ := slices.BinarySearch(keys, k)
			if got := lowerBound(keys, k); got != want {
				t.Fatalf("lowerBound(%v, %d) = %d, want %d", keys, k, got, want)
			}
		}
	}
}
