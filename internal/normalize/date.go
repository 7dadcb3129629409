package normalize

import (
	"strings"
	"time"

	"github.com/telusur/telusur/internal/dpt"
)

// DateResult is a birth date read from a leak.
type DateResult struct {
	Date dpt.Date
	OK   bool
	// Format names how the date was written, "" when not OK:
	//   - "dmy-dash", "dmy-slash", "dmy-dot", "dmy-pipe", "dmy-space",
	//     "dmy-compact" (ddmmyyyy or ddmmyy), with "-yy" appended when the
	//     year had two digits ("dmy-dash-yy");
	//   - "mdy-…" likewise, when day-first is impossible and month-first
	//     works (05/25/1980): Indonesian data is day-first, so a month-first
	//     reading is a sign of a foreign tool;
	//   - "iso" (yyyy-mm-dd), "iso-time" (with a time: 1980-01-12T00:00:00Z,
	//     1980-01-12 00:00:00), "ymd-slash", "ymd-dot", "ymd-pipe",
	//     "ymd-space", "ymd-compact" (yyyymmdd);
	//   - "indonesian" (a month name or abbreviation of Indonesian, or one
	//     both languages share: 12 Januari 1980, 12-JAN-80, 12 Agt 1980),
	//     "english" (an English-only one: 12 May 1980, January 12, 1980);
	//   - "excel": an Excel serial day number (1900 date system).
	Format string
}

// Year range BirthDate accepts.
const (
	MinYear = 1850
	MaxYear = 2100
)

// BirthDate reads a birth date in any of the ways Indonesian lists write
// one: dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, dd|mm|yyyy, dd mm yyyy, ddmmyyyy,
// yyyy-mm-dd, yyyy/mm/dd, yyyymmdd, with one- or two-digit day and month;
// month names in Indonesian or English, full or abbreviated ("12 Januari
// 1980", "12 Jan 1980", "12-JAN-80", "January 12, 1980"); Excel serial
// numbers (1..60000, the 1900 system; 60 is Excel's 29 February 1900,
// which never existed, and is rejected); ISO timestamps and dates followed
// by a time, which is ignored. A place written before the date, as in a
// combined tempat/tanggal lahir cell ("BANDUNG, 12-01-1980"), is skipped;
// SplitTTL returns it.
//
// Day-first is tried before month-first. A two-digit year is put in the
// most recent century that does not place the birth after ref (ref's
// calendar day in its own location; the zero ref means today). OK
// requires a real calendar day between MinYear and MaxYear; nothing else
// about plausibility (a birth after ref, an age of 130) is judged here.
func BirthDate(raw string, ref time.Time) DateResult {
	s := trimCell(raw)
	if s == "" {
		return DateResult{}
	}
	r := parseDate(s, ref)
	if r.OK || !isLetter(s[0]) {
		return r
	}
	place, date := SplitTTL(s)
	if place == "" || date == "" {
		return r
	}
	return parseDate(date, ref)
}

// SplitTTL splits a combined place and date of birth (tempat, tanggal
// lahir: "BANDUNG, 12-01-1980", "BANDUNG 12 JANUARI 1980", "BANDUNG/
// 12-01-1980") into its two parts, trimmed. The date starts after the
// first comma when a comma comes before any digit ("BANDUNG, JANUARI 12,
// 1980"), else at the first digit. Without a digit the whole cell is the
// place. The results are substrings of raw.
func SplitTTL(raw string) (place, date string) {
	s := strings.TrimSpace(raw)
	digit := -1
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digit = i
			break
		}
	}
	if digit < 0 {
		return s, ""
	}
	cut := digit
	if c := strings.IndexByte(s[:digit], ','); c >= 0 {
		cut = c + 1
	}
	place = strings.TrimRight(s[:cut], " \t,;/-:.")
	date = strings.TrimSpace(s[cut:])
	return place, date
}

// trimCell removes white space, quotes and the apostrophe spreadsheets put
// before text.
func trimCell(s string) string {
	s = strings.TrimSpace(s)
	for len(s) > 0 && (s[0] == '\'' || s[0] == '"' || s[0] == '`') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == '"' || s[len(s)-1] == '\'') {
		s = s[:len(s)-1]
	}
	return strings.TrimSpace(s)
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// dateField is one run of digits or letters of a written date.
type dateField struct {
	word   bool
	n      int // digits (or letters) in the run
	v      int // value of a digit run (capped)
	s, e   int // bounds in the string
	sepBef byte
}

// Orders and separators of numeric dates.
const (
	ordDMY = iota
	ordMDY
	ordYMD
)

var sepNames = [...]string{"dash", "slash", "dot", "pipe", "space", "compact"}

// numFormats[order][sep][yy] are the Format strings of numeric dates,
// built once so that BirthDate does not allocate.
var numFormats = func() (t [3][len(sepNames)][2]string) {
	for o, on := range []string{"dmy", "mdy", "ymd"} {
		for s, sn := range sepNames {
			t[o][s][0] = on + "-" + sn
			t[o][s][1] = on + "-" + sn + "-yy"
		}
	}
	t[ordYMD][0][0] = "iso"
	return t
}()

func sepIndex(c byte) int {
	switch c {
	case '-':
		return 0
	case '/', '\\':
		return 1
	case '.':
		return 2
	case '|':
		return 3
	case 0:
		return 5
	}
	return 4
}

func parseDate(s string, ref time.Time) DateResult {
	hasTime := false
	if p := strings.IndexByte(s, ':'); p > 0 {
		q := strings.LastIndexAny(s[:p], " Tt")
		if q <= 0 {
			return DateResult{}
		}
		s, hasTime = strings.TrimSpace(s[:q]), true
	}
	var fa [5]dateField
	f := fa[:0]
	var sep byte
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			fd := dateField{s: i, sepBef: sep}
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				if fd.n < 9 {
					fd.v = fd.v*10 + int(s[i]-'0')
				}
				fd.n++
				i++
			}
			fd.e = i
			if len(f) == len(fa) {
				return DateResult{}
			}
			f = append(f, fd)
			sep = 0
		case isLetter(c):
			fd := dateField{word: true, s: i, sepBef: sep}
			for i < len(s) && isLetter(s[i]) {
				fd.n++
				i++
			}
			fd.e = i
			if len(f) == len(fa) {
				return DateResult{}
			}
			f = append(f, fd)
			sep = 0
		case c == '-' || c == '/' || c == '.' || c == '|' || c == ' ' || c == ',' || c == '\t' || c == '\\':
			if sep == 0 || sep == ' ' || sep == ',' {
				sep = c
			}
			i++
		default:
			return DateResult{}
		}
	}
	// A leading weekday ("Senin, 12 Januari 1980") is skipped.
	if len(f) == 4 && f[0].word && isWeekday(s[f[0].s:f[0].e]) {
		f = f[1:]
	}
	switch len(f) {
	case 1:
		if f[0].word {
			return DateResult{}
		}
		return compactDate(f[0], ref)
	case 2:
		// An Excel serial with a fraction of a day: 29232.5, 29232,0.
		if !f[0].word && !f[1].word && f[0].n <= 5 && (f[1].sepBef == '.' || f[1].sepBef == ',') && !hasTime {
			return excelDate(f[0].v)
		}
		return DateResult{}
	case 3:
	default:
		return DateResult{}
	}
	a, b, c := f[0], f[1], f[2]
	if a.word || b.word || c.word {
		return textDate(s, a, b, c, ref)
	}
	if a.n > 4 || b.n > 2 || c.n > 4 {
		return DateResult{}
	}
	si := sepIndex(b.sepBef)
	if a.n == 4 {
		if c.n > 2 {
			return DateResult{}
		}
		if hasTime && si == 0 {
			return dateResult(a.v, b.v, c.v, "iso-time")
		}
		return dateResult(a.v, b.v, c.v, numFormats[ordYMD][si][0])
	}
	if a.n > 2 || (c.n != 4 && c.n > 2) {
		return DateResult{}
	}
	yy := 0
	if c.n <= 2 {
		yy = 1
	}
	if r := dayMonthYear(a.v, b.v, c.v, c.n, ref, numFormats[ordDMY][si][yy]); r.OK {
		return r
	}
	return dayMonthYear(b.v, a.v, c.v, c.n, ref, numFormats[ordMDY][si][yy])
}

// compactDate reads a date written as one run of digits: ddmmyyyy,
// yyyymmdd, ddmmyy, or an Excel serial.
func compactDate(f dateField, ref time.Time) DateResult {
	switch f.n {
	case 8:
		v := f.v
		if r := dateResult(v%10000, v/10000%100, v/1000000, numFormats[ordDMY][5][0]); r.OK {
			return r
		}
		return dateResult(v/10000, v/100%100, v%100, numFormats[ordYMD][5][0])
	case 6:
		v := f.v
		return dayMonthYear(v/10000, v/100%100, v%100, 2, ref, numFormats[ordDMY][5][1])
	}
	if f.n <= 5 {
		return excelDate(f.v)
	}
	return DateResult{}
}

// excelDate converts an Excel serial day number of the 1900 date system.
// Excel counts 1900 as a leap year, so serials from 61 on are one day
// ahead of a plain count from 1899-12-31, and 60 is a day that never was.
func excelDate(serial int) DateResult {
	switch {
	case serial < 1 || serial > 60000 || serial == 60:
		return DateResult{}
	case serial < 60:
		return DateResult{Date: dpt.Date(serial - 25568), OK: true, Format: "excel"}
	}
	return DateResult{Date: dpt.Date(serial - 25569), OK: true, Format: "excel"}
}

// textDate reads a date with a month name: day month year, month day
// year, or year month day.
func textDate(s string, a, b, c dateField, ref time.Time) DateResult {
	var month int
	var lang string
	switch {
	case !a.word && b.word && !c.word:
		month, lang = monthNumber(s[b.s:b.e])
		if month == 0 {
			return DateResult{}
		}
		if a.n == 4 && c.n <= 2 {
			return dateResult(a.v, month, c.v, lang)
		}
		if a.n > 2 || (c.n != 4 && c.n > 2) {
			return DateResult{}
		}
		return dayMonthYear(a.v, month, c.v, c.n, ref, lang)
	case a.word && !b.word && !c.word:
		month, lang = monthNumber(s[a.s:a.e])
		if month == 0 || b.n > 2 || (c.n != 4 && c.n > 2) {
			return DateResult{}
		}
		return dayMonthYear(b.v, month, c.v, c.n, ref, lang)
	}
	return DateResult{}
}

// dayMonthYear builds a date whose year has yDigits digits; a two-digit
// (or one-digit) year is resolved against ref.
func dayMonthYear(d, m, y, yDigits int, ref time.Time, format string) DateResult {
	if yDigits == 4 {
		return dateResult(y, m, d, format)
	}
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return DateResult{}
	}
	if ref.IsZero() {
		ref = time.Now()
	}
	ry, rm, rd := ref.Date()
	year := ry - ry%100 + y
	if year > ry || year == ry && (m > int(rm) || m == int(rm) && d > rd) {
		year -= 100
	}
	return dateResult(year, m, d, format)
}

// dateResult checks a calendar date and returns it.
func dateResult(y, m, d int, format string) DateResult {
	if y < MinYear || y > MaxYear || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return DateResult{}
	}
	return DateResult{Date: dpt.Date(daysFromCivil(y, m, d)), OK: true, Format: format}
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts the days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar (for years ≥ 1), in 400-year eras starting 1 March.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// upperWord copies an ASCII word, upper case, into buf; ok is false when it
// does not fit.
func upperWord(w string, buf []byte) ([]byte, bool) {
	if len(w) > len(buf) {
		return nil, false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(w)], true
}

// monthNumber returns the month a name or abbreviation stands for and
// whether it is Indonesian (or shared) or English-only.
func monthNumber(w string) (int, string) {
	var b [10]byte
	u, ok := upperWord(w, b[:])
	if !ok {
		return 0, ""
	}
	const id, en = "indonesian", "english"
	switch string(u) {
	case "JANUARI", "JAN":
		return 1, id
	case "FEBRUARI", "PEBRUARI", "FEB", "PEB", "FEBR":
		return 2, id
	case "MARET", "MAR", "MRT":
		return 3, id
	case "APRIL", "APR":
		return 4, id
	case "MEI":
		return 5, id
	case "JUNI", "JUN":
		return 6, id
	case "JULI", "JUL":
		return 7, id
	case "AGUSTUS", "AGU", "AGS", "AGT", "AGUS", "AGST":
		return 8, id
	case "SEPTEMBER", "SEP", "SEPT":
		return 9, id
	case "OKTOBER", "OKT", "OKTO":
		return 10, id
	case "NOVEMBER", "NOPEMBER", "NOV", "NOP":
		return 11, id
	case "DESEMBER", "DES":
		return 12, id
	case "JANUARY":
		return 1, en
	case "FEBRUARY":
		return 2, en
	case "MARCH":
		return 3, en
	case "MAY":
		return 5, en
	case "JUNE":
		return 6, en
	case "JULY":
		return 7, en
	case "AUGUST", "AUG":
		return 8, en
	case "OCTOBER", "OCT":
		return 10, en
	case "DECEMBER", "DEC":
		return 12, en
	}
	return 0, ""
}

func isWeekday(w string) bool {
	var b [10]byte
	u, ok := upperWord(w, b[:])
	if !ok {
		return false
	}
	switch string(u) {
	case "SENIN", "SELASA", "RABU", "KAMIS", "JUMAT", "SABTU", "MINGGU", "AHAD",
		"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY",
		"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN":
		return true
	}
	return false
}
