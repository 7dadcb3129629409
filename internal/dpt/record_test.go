package dpt

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{1970, 1, 1, "1970-01-01"},
		{1945, 8, 17, "1945-08-17"},
		{2000, 2, 29, "2000-02-29"},
		{2023, 7, 2, "2023-07-02"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			d := NewDate(tt.y, tt.m, tt.d)
			if d.String() != tt.want {
				t.Errorf("NewDate = %s", d)
			}
			if DateOf(d.Time()) != d {
				t.Errorf("DateOf(Time()) changed the day")
			}
			jakarta := time.FixedZone("WIB", 7*3600)
			if DateOf(time.Date(tt.y, tt.m, tt.d, 23, 30, 0, 0, jakarta)) != d {
				t.Errorf("DateOf depends on the hour")
			}
		})
	}
}

func TestAgeAt(t *testing.T) {
	b := time.Date(2006, 7, 2, 0, 0, 0, 0, time.UTC)
	for ref, want := range map[string]int{"2023-07-01": 16, "2023-07-02": 17, "2024-02-14": 17, "2006-07-02": 0} {
		r, _ := time.Parse(time.DateOnly, ref)
		if got := AgeAt(b, r); got != want {
			t.Errorf("AgeAt(%s) = %d, want %d", ref, got, want)
		}
	}
}

func TestStrings(t *testing.T) {
	r := Record{PersonID: 7, NIK: "3204110101800001", Name: "SITI AMINAH", BirthDate: NewDate(1980, 1, 1), RT: 1, RW: 12, TPS: 3}
	v := r.Strings(nil)
	if len(v) != len(Columns) {
		t.Fatalf("%d values for %d columns", len(v), len(Columns))
	}
	got := map[string]string{}
	for i, c := range Columns {
		got[c] = v[i]
	}
	for c, want := range map[string]string{"person_id": "7", "birth_date": "1980-01-01", "rt": "001", "rw": "012", "tps": "3", "passport": ""} {
		if got[c] != want {
			t.Errorf("%s = %q, want %q", c, got[c], want)
		}
	}
}

func TestPad(t *testing.T) {
	for _, tt := range []struct {
		n, w int
		want string
	}{{1, 3, "001"}, {1234, 3, "1234"}, {0, 2, "00"}, {5, 0, "5"}} {
		if got := Pad(tt.n, tt.w); got != tt.want {
			t.Errorf("Pad(%d, %d) = %q", tt.n, tt.w, got)
		}
	}
}

func TestDateYMD(t *testing.T) {
	for d := Date(-80000); d < 80000; d += 7 {
		y, m, day := d.YMD()
		ty, tm, td := d.Time().Date()
		if y != ty || m != int(tm) || day != td {
			t.Fatalf("Date(%d).YMD() = %d-%d-%d, time says %d-%d-%d", d, y, m, day, ty, tm, td)
		}
	}
}
