package nik

import (
	"errors"
	"strings"
	"time"
)

// NIK is a decoded Nomor Induk Kependudukan. Fields that are masked in
// the input are zero.
type NIK struct {
	Digits    string    // the sixteen characters as given, trimmed
	District  string    // first six characters, "PPRRDD"; may hold mask characters
	Day       int       // day of birth, with the 40 added for women removed
	Month     int       // month of birth
	YY        int       // two-digit year of birth
	Female    bool      // the day field was over 40
	BirthDate time.Time // resolved birth date at UTC midnight; zero when masked or impossible
	BirthYear int       // BirthDate's year (0 when it is zero), for comparing without a time.Time
	Serial    int       // last four digits
}

// Parse decodes and checks a NIK. Leading and trailing white space is
// removed, nothing else. The findings are nil when there is nothing to say;
// they may be shared with other calls, so callers must not modify their
// elements (appending is safe).
//
// A two-digit birth year is read as 20YY or 19YY, whichever is the most
// recent that makes the holder between opt's minimum and maximum age at
// opt.Ref; if neither does, the closer one, with a too_young or too_old
// warning.
func Parse(s string, opt Options) (NIK, []Finding) {
	s = strings.TrimSpace(s)
	n := NIK{Digits: s}
	d, fs, ok := checkShape(s)
	if !ok {
		return n, fs
	}
	n.District = s[:6]

	day, month, yy := d.num2(6), d.num2(8), d.num2(10)
	if day > 40 {
		n.Female = true
		day -= 40
	}
	n.Day, n.Month, n.YY = max(day, 0), max(month, 0), max(yy, 0)
	switch {
	case !checkDayMonth(day, month, yy):
		fs = add(fs, ImpossibleDate)
	case day >= 0 && month >= 0 && yy >= 0:
		ref, minAge, maxAge := opt.settings()
		b, c := resolveBirth(day, month, yy, ref, minAge, maxAge)
		n.BirthDate, n.BirthYear = b.time(), b.y
		if c != "" {
			fs = add(fs, c)
		}
	}

	serial := d.serial()
	if serial == 0 {
		fs = add(fs, SerialZero)
	}
	n.Serial = max(serial, 0)
	return n, fs
}

var (
	errDistrict = errors.New("nik: district code must be six digits")
	errSerial   = errors.New("nik: serial out of range")
	errYear     = errors.New("nik: year outside the two centuries a two-digit year can mean")
)

// Make builds the NIK of a person born on the calendar date of birth (in
// its own location) in district, the six-digit code "PPRRDD". serial must
// be between 1 and 9999 and the year between 1900 and 2099.
func Make(district string, birth time.Time, female bool, serial int) (string, error) {
	y, m, d := birth.Date()
	if female {
		d += 40
	}
	return build(district, d, int(m), y, serial)
}

// build writes district, DDMMYY and the serial as sixteen digits.
func build(district string, day, month, year, serial int) (string, error) {
	if atoi(district, 6) < 0 {
		return "", errDistrict
	}
	if serial < 1 || serial > 9999 {
		return "", errSerial
	}
	if year < 1900 || year > 2099 {
		return "", errYear
	}
	var b [Length]byte
	copy(b[:], district)
	put := func(i, n, v int) {
		for j := i + n - 1; j >= i; j-- {
			b[j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(6, 2, day)
	put(8, 2, month)
	put(10, 2, year%100)
	put(12, 4, serial)
	return string(b[:]), nil
}
