package normalize

import (
	"testing"
	"time"

	"github.com/telusur/telusur/internal/dpt"
)

var testRef = time.Date(2024, 2, 14, 0, 0, 0, 0, time.UTC)

func TestBirthDate(t *testing.T) {
	d := func(y int, m time.Month, day int) dpt.Date { return dpt.NewDate(y, m, day) }
	jan12 := d(1980, 1, 12)
	tests := []struct {
		name, in string
		want     dpt.Date
		format   string // "" means not OK
	}{
		{"dmy dash", "12-01-1980", jan12, "dmy-dash"},
		{"dmy slash", "12/01/1980", jan12, "dmy-slash"},
		{"dmy dot", "12.01.1980", jan12, "dmy-dot"},
		{"dmy pipe (KPU)", "12|01|1980", jan12, "dmy-pipe"},
		{"dmy space", "12 01 1980", jan12, "dmy-space"},
		{"dmy single digits", "2-1-1980", d(1980, 1, 2), "dmy-dash"},
		{"ddmmyyyy", "12011980", jan12, "dmy-compact"},
		{"ddmmyy", "120180", jan12, "dmy-compact-yy"},
		{"yyyymmdd", "19800112", jan12, "ymd-compact"},
		{"iso", "1980-01-12", jan12, "iso"},
		{"iso single digits", "1980-1-2", d(1980, 1, 2), "iso"},
		{"ymd slash", "1980/01/12", jan12, "ymd-slash"},
		{"ymd dot", "1980.01.12", jan12, "ymd-dot"},
		{"iso timestamp Z", "1980-01-12T00:00:00Z", jan12, "iso-time"},
		{"iso timestamp offset", "1980-01-12T07:00:00+07:00", jan12, "iso-time"},
		{"iso timestamp space", "1980-01-12 00:00:00", jan12, "iso-time"},
		{"dmy with time", "12/01/1980 0:00", jan12, "dmy-slash"},
		{"d-m-yy last century", "12-1-80", jan12, "dmy-dash-yy"},
		{"d-m-yy this century", "5-3-05", d(2005, 3, 5), "dmy-dash-yy"},
		{"yy after ref goes back", "15-02-24", d(1924, 2, 15), "dmy-dash-yy"},
		{"yy on ref day", "14-02-24", d(2024, 2, 14), "dmy-dash-yy"},
		{"yy slash", "12/01/80", jan12, "dmy-slash-yy"},
		{"month-first fallback", "05/25/1980", d(1980, 5, 25), "mdy-slash"},
		{"month-first dash", "12-31-1999", d(1999, 12, 31), "mdy-dash"},
		{"ambiguous is day-first", "05/06/1980", d(1980, 6, 5), "dmy-slash"},
		{"indonesian full", "12 Januari 1980", jan12, "indonesian"},
		{"indonesian upper", "12 JANUARI 1980", jan12, "indonesian"},
		{"indonesian abbr", "12 Jan 1980", jan12, "indonesian"},
		{"oracle style", "12-JAN-80", jan12, "indonesian"},
		{"no separators", "12JAN1980", jan12, "indonesian"},
		{"with weekday", "Sabtu, 12 Januari 1980", jan12, "indonesian"},
		{"english month-first", "January 12, 1980", jan12, "english"},
		{"english may", "12 May 1980", d(1980, 5, 12), "english"},
		{"english dec", "1 Dec 1999", d(1999, 12, 1), "english"},
		{"ttl comma", "BANDUNG, 12-01-1980", jan12, "dmy-dash"},
		{"ttl month name", "KAB. BANDUNG, 12 Januari 1980", jan12, "indonesian"},
		{"excel", "29232", jan12, "excel"},
		{"excel fraction", "29232.5", jan12, "excel"},
		{"excel first day", "1", d(1900, 1, 1), "excel"},
		{"excel before fake leap day", "59", d(1900, 2, 28), "excel"},
		{"excel fake 29 Feb 1900", "60", 0, ""},
		{"excel after fake leap day", "61", d(1900, 3, 1), "excel"},
		{"excel out of range", "60001", 0, ""},
		{"excel zero", "0", 0, ""},
		{"apostrophe", "'12-01-1980", jan12, "dmy-dash"},
		{"leap day", "29-02-2000", d(2000, 2, 29), "dmy-dash"},
		{"no leap day", "29-02-1900", 0, ""},
		{"31 April", "31/04/1980", 0, ""},
		{"neither order", "13/13/1980", 0, ""},
		{"year too early", "01-01-1849", 0, ""},
		{"year too late", "01-01-2101", 0, ""},
		{"empty", "", 0, ""},
		{"text", "TIDAK TAHU", 0, ""},
		{"two numbers", "12-1980", 0, ""},
		{"bad month name", "12 Foo 1980", 0, ""},
		{"seven digits", "1211980", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := BirthDate(tt.in, testRef)
			if r.OK != (tt.format != "") || r.Format != tt.format || (r.OK && r.Date != tt.want) {
				t.Errorf("BirthDate(%q) = %v %v %q; want %v %q", tt.in, r.Date, r.OK, r.Format, tt.want, tt.format)
			}
		})
	}
}

func TestBirthDateMonths(t *testing.T) {
	months := []struct {
		names []string
		lang  string
	}{
		{[]string{"JANUARI", "Januari", "JAN", "jan"}, "indonesian"},
		{[]string{"FEBRUARI", "PEBRUARI", "FEB", "PEB"}, "indonesian"},
		{[]string{"MARET", "MAR", "MRT"}, "indonesian"},
		{[]string{"APRIL", "APR"}, "indonesian"},
		{[]string{"MEI"}, "indonesian"},
		{[]string{"JUNI", "JUN"}, "indonesian"},
		{[]string{"JULI", "JUL"}, "indonesian"},
		{[]string{"AGUSTUS", "AGU", "AGS", "AGT"}, "indonesian"},
		{[]string{"SEPTEMBER", "SEP", "SEPT"}, "indonesian"},
		{[]string{"OKTOBER", "OKT"}, "indonesian"},
		{[]string{"NOVEMBER", "NOPEMBER", "NOV", "NOP"}, "indonesian"},
		{[]string{"DESEMBER", "DES"}, "indonesian"},
	}
	english := [13][]string{1: {"JANUARY"}, 2: {"FEBRUARY"}, 3: {"MARCH"}, 5: {"MAY"}, 6: {"JUNE"}, 7: {"JULY"}, 8: {"AUGUST", "AUG"}, 10: {"OCTOBER", "OCT"}, 12: {"DECEMBER", "DEC"}}
	for i, m := range months {
		month := time.Month(i + 1)
		for _, n := range m.names {
			for _, in := range []string{"7 " + n + " 1985", "07-" + n + "-85"} {
				r := BirthDate(in, testRef)
				if !r.OK || r.Date != dpt.NewDate(1985, month, 7) || r.Format != m.lang {
					t.Errorf("BirthDate(%q) = %v %v %q", in, r.Date, r.OK, r.Format)
				}
			}
		}
		for _, n := range english[i+1] {
			in := n + " 7, 1985"
			r := BirthDate(in, testRef)
			if !r.OK || r.Date != dpt.NewDate(1985, month, 7) || r.Format != "english" {
				t.Errorf("BirthDate(%q) = %v %v %q", in, r.Date, r.OK, r.Format)
			}
		}
	}
}

// TestBirthDateSynthStyles reads every date style the leak generator
// writes, over a range of days.
func TestBirthDateSynthStyles(t *testing.T) {
	bulan := []string{"", "JANUARI", "FEBRUARI", "MARET", "APRIL", "MEI", "JUNI", "JULI", "AGUSTUS", "SEPTEMBER", "OKTOBER", "NOVEMBER", "DESEMBER"}
	for day := dpt.NewDate(1930, 1, 1); day < dpt.NewDate(2007, 1, 1); day += 97 {
		tm := day.Time()
		y, m, dd := tm.Date()
		p2 := func(n int) string { return dpt.Pad(n, 2) }
		for _, in := range []string{
			p2(dd) + "|" + p2(int(m)) + "|" + dpt.Pad(y, 4),
			p2(dd) + "-" + p2(int(m)) + "-" + dpt.Pad(y, 4),
			p2(dd) + "/" + p2(int(m)) + "/" + dpt.Pad(y, 4),
			p2(dd) + p2(int(m)) + dpt.Pad(y, 4),
			tm.Format(time.DateOnly),
			dpt.Pad(dd, 1) + " " + bulan[m] + " " + dpt.Pad(y, 4),
			dpt.Pad(int(day)+25569, 1),
		} {
			if r := BirthDate(in, testRef); !r.OK || r.Date != day {
				t.Errorf("BirthDate(%q) = %v %v, want %v", in, r.Date, r.OK, day)
			}
		}
	}
}

func TestBirthDateZeroRef(t *testing.T) {
	// The zero ref means today: a two-digit year is never in the future.
	r := BirthDate("01-01-99", time.Time{})
	if !r.OK || r.Date.Time().After(time.Now()) {
		t.Errorf("BirthDate with zero ref = %v %v", r.Date, r.OK)
	}
}

func TestBirthDateNoAlloc(t *testing.T) {
	for _, in := range []string{"12|01|1980", "12 Januari 1980", "1980-01-12T00:00:00Z", "29232", "BANDUNG, 12-01-1980"} {
		if n := testing.AllocsPerRun(100, func() { BirthDate(in, testRef) }); n != 0 {
			t.Errorf("BirthDate(%q) allocates %v times", in, n)
		}
	}
}

func TestSplitTTL(t *testing.T) {
	tests := []struct{ in, place, date string }{
		{"BANDUNG, 12-01-1980", "BANDUNG", "12-01-1980"},
		{"BANDUNG,12-01-1980", "BANDUNG", "12-01-1980"},
		{"BANDUNG 12 JANUARI 1980", "BANDUNG", "12 JANUARI 1980"},
		{"BANDUNG/12-01-1980", "BANDUNG", "12-01-1980"},
		{"BANDUNG, JANUARI 12, 1980", "BANDUNG", "JANUARI 12, 1980"},
		{"KAB. BANDUNG, 12-01-1980", "KAB. BANDUNG", "12-01-1980"},
		{"12-01-1980", "", "12-01-1980"},
		{"BANDUNG", "BANDUNG", ""},
		{"  ", "", ""},
	}
	for _, tt := range tests {
		p, d := SplitTTL(tt.in)
		if p != tt.place || d != tt.date {
			t.Errorf("SplitTTL(%q) = %q, %q; want %q, %q", tt.in, p, d, tt.place, tt.date)
		}
	}
}
