package nik

import (
	"strings"
	"time"
)

// NKK is a decoded Nomor Kartu Keluarga. Fields that are masked in the
// input are zero.
type NKK struct {
	Digits   string    // the sixteen characters as given, trimmed
	District string    // first six characters, "PPRRDD"; may hold mask characters
	Issued   time.Time // resolved issue date at UTC midnight; zero when masked or impossible
	Serial   int       // last four digits
}

// ParseNKK decodes and checks an NKK: a district code, the card's issue
// date as DDMMYY (no +40) and a serial. The year is 20YY unless that is
// after opt.Ref, else 19YY. Only opt.Ref is used. As with Parse, the
// findings are nil when there is nothing to say and must not be modified.
func ParseNKK(s string, opt Options) (NKK, []Finding) {
	s = strings.TrimSpace(s)
	k := NKK{Digits: s}
	d, fs, ok := checkShape(s)
	if !ok {
		return k, fs
	}
	k.District = s[:6]

	day, month, yy := d.num2(6), d.num2(8), d.num2(10)
	switch {
	case !checkDayMonth(day, month, yy):
		fs = add(fs, ImpossibleDate)
	case day >= 0 && month >= 0 && yy >= 0:
		ref, _, _ := opt.settings()
		d, c := resolveIssue(day, month, yy, ref)
		k.Issued = d.time()
		if c != "" {
			fs = add(fs, c)
		}
	}

	serial := d.serial()
	if serial == 0 {
		fs = add(fs, SerialZero)
	}
	k.Serial = max(serial, 0)
	return k, fs
}

// MakeNKK builds the NKK of a family card issued on the calendar date of
// issued (in its own location) in district, the six-digit code "PPRRDD".
// serial must be between 1 and 9999 and the year between 1900 and 2099.
func MakeNKK(district string, issued time.Time, serial int) (string, error) {
	y, m, d := issued.Date()
	return build(district, d, int(m), y, serial)
}
