package link

import (
	"fmt"
	"math/rand/v2"
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

// findNIKs must find every key at its first row, and nothing else.
func TestFindNIKs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var keys []uint64
	var rows []uint32
	first := map[uint64]uint32{}
	recs := make([]record, 30000)
	for i := range recs {
		k := uint64(110101+rng.IntN(40))*1e10 + uint64(rng.IntN(3e9))
		if i%50 == 49 { // a duplicate NIK further down the reference
			k = recs[rng.IntN(i)].NIK
		}
		recs[i].NIK = k
		keys = append(keys, k)
		rows = append(rows, uint32(i))
		if _, ok := first[k]; !ok {
			first[k] = uint32(i)
		}
	}
	l := &linker{ix: &Index{rec: recs, nikHash: buildNIKHash(keys, rows)}}
	if len(l.ix.nikHash) != nikHashSize(int64(len(keys))) || len(l.ix.nikHash)*4 < len(keys)*5 {
		t.Fatalf("table of %d slots for %d keys", len(l.ix.nikHash), len(keys))
	}
	var q []uint64
	for i := range 20000 {
		switch i % 3 {
		case 0:
			q = append(q, keys[rng.IntN(len(keys))])
		case 1:
			q = append(q, keys[rng.IntN(len(keys))]+1)
		default:
			q = append(q, uint64(rng.IntN(99))*1e14+uint64(rng.IntN(1e9)))
		}
	}
	got := l.findNIKs(q, nil)
	if len(got) != len(q) {
		t.Fatalf("%d results for %d keys", len(got), len(q))
	}
	hits := 0
	for i, k := range q {
		want := int64(-1)
		if p, ok := first[k]; ok {
			want = int64(p)
			hits++
		}
		if got[i] != want {
			t.Fatalf("key %d: findNIKs %d, want %d", k, got[i], want)
		}
		if p, ok := l.findNIK(k); ok != (want >= 0) || ok && int64(p) != want {
			t.Fatalf("key %d: findNIK %d %v, want %d", k, p, ok, want)
		}
	}
	if hits < 5000 {
		t.Fatalf("only %d of the keys found: the test does not test", hits)
	}
	empty := &linker{ix: &Index{}}
	if _, ok := empty.findNIK(1); ok {
		t.Error("found a NIK in an empty index")
	}
}

// jwAtLeast90 must say exactly what comparing jaroWinkler with 0.9 says.
func TestJWAtLeast90(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	words := []string{"JL", "MAWAR", "NO", "12", "DUSUN", "KRAJAN", "RT", "003", "GG", "MELATI", "BLOK", "A", "PERUM", "INDAH", "SUKAMAJU"}
	gen := func() string {
		var b []byte
		for range 1 + rng.IntN(5) {
			if len(b) > 0 {
				b = append(b, ' ')
			}
			b = append(b, words[rng.IntN(len(words))]...)
		}
		return string(b)
	}
	mutate := func(s string) string {
		b := []byte(s)
		for range rng.IntN(3) {
			if len(b) == 0 {
				break
			}
			i := rng.IntN(len(b))
			switch rng.IntN(3) {
			case 0:
				b[i] = byte('A' + rng.IntN(26))
			case 1:
				b = append(b[:i], b[i+1:]...)
			default:
				if i+1 < len(b) {
					b[i], b[i+1] = b[i+1], b[i]
				}
			}
		}
		return string(b)
	}
	close := 0
	for i := 0; i < 300000; i++ {
		a := gen()
		b := gen()
		if i%2 == 0 {
			b = mutate(a)
		}
		want := jaroWinkler(a, b) >= 0.9
		if got := jwAtLeast90(a, b); got != want {
			t.Fatalf("jwAtLeast90(%q, %q) = %v, jaroWinkler %.6f", a, b, got, jaroWinkler(a, b))
		}
		if want {
			close++
		}
	}
	if close < 1000 {
		t.Fatalf("only %d close pairs: the test does not test", close)
	}
	for _, c := range [][2]string{{"", ""}, {"A", ""}, {"", "A"}, {"A", "A"}, {"MARTHA", "MARHTA"}} {
		if got, want := jwAtLeast90(c[0], c[1]), jaroWinkler(c[0], c[1]) >= 0.9; got != want {
			t.Errorf("jwAtLeast90(%q, %q) = %v, want %v", c[0], c[1], got, want)
		}
	}
}

// The index stores hashString's values: a change to it must come with a
// new IndexVersion, and this test says so.
func TestHashStringStable(t *testing.T) {
	for s, want := range map[string]uint64{
		"":                        0xef46db3751d8e999,
		"A":                       0x13099d40d095b684,
		"SITI AMINAH":             0x8ebaf1b47c3c0542,
		"JL. MAWAR NO. 12 RT 003": 0xf004ced1b130e51,
	} {
		if got := hashString(s); got != want {
			t.Errorf("hashString(%q) = %#x, want %#x: bump IndexVersion and update this test", s, got, want)
		}
	}
	seen := map[uint64]string{}
	for i := range 300000 {
		s := fmt.Sprintf("JL. MAWAR NO. %d RT %03d", i, i%17)
		if o, dup := seen[hashString(s)]; dup {
			t.Fatalf("%q and %q hash alike", s, o)
		}
		seen[hashString(s)] = s
	}
}
