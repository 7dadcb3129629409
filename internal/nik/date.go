package nik

import (
	"sync/atomic"
	"time"
)

// Options tunes the plausibility checks of Parse and ParseNKK. The zero
// value means: today, voting age 17, nobody older than 110.
type Options struct {
	// Ref is the reference date: the day the list was drawn up. Ages are
	// counted, and two-digit years resolved, against its calendar date in
	// its own location. Zero means time.Now().
	Ref time.Time
	// MinAge is the minimum age at Ref; zero means 17, the voting age.
	MinAge int
	// MaxAge is the age above which a holder is reported too_old; zero
	// means 110.
	MaxAge int
	// Married lowers the minimum age to 13: married people may vote
	// before 17.
	Married bool
}

// Defaults applied by Options.
const (
	DefaultMinAge = 17
	DefaultMaxAge = 110
	MarriedMinAge = 13
)

// ymd is a calendar date. Plain integers keep Parse free of time.Time
// arithmetic, which is slow and needs a location.
type ymd struct{ y, m, d int }

func (a ymd) before(b ymd) bool {
	if a.y != b.y {
		return a.y < b.y
	}
	if a.m != b.m {
		return a.m < b.m
	}
	return a.d < b.d
}

// time returns a at UTC midnight. It counts the days itself, as
// time.Date, normalising and looking up the location, took a tenth of
// Parse's time.
func (a ymd) time() time.Time {
	return time.Unix(a.days()*secondsPerDay, 0).UTC()
}

const secondsPerDay = 24 * 60 * 60

// days returns the number of days from 1970-01-01 to a in the proleptic
// Gregorian calendar, counting in 400-year eras that start on 1 March so
// that the leap day falls at the end of a year.
func (a ymd) days() int64 {
	y := int64(a.y)
	if a.m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400                     // [0, 399]
	mp := int64((a.m + 9) % 12)            // March is 0
	doy := (153*mp+2)/5 + int64(a.d) - 1   // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146097 + doe - 719468       // 719468 days from 0000-03-01 to 1970-01-01
}

// settings resolves the defaults of o.
func (o Options) settings() (ref ymd, minAge, maxAge int) {
	t := o.Ref
	if t.IsZero() {
		t = time.Now()
	}
	ref = calendarDate(t)
	minAge, maxAge = o.MinAge, o.MaxAge
	if minAge == 0 {
		minAge = DefaultMinAge
	}
	if maxAge == 0 {
		maxAge = DefaultMaxAge
	}
	if o.Married {
		minAge = min(minAge, MarriedMinAge)
	}
	return ref, minAge, maxAge
}

// maxDay is the longest each month can be, 29 for February.
var maxDay = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// checkDayMonth reports whether day and month can form a date in some year;
// either may be -1 (masked), which passes. 29 February additionally needs a
// leap year, checked on yy when visible: of 19yy and 20yy either both are
// leap years or, for yy = 00, only 2000 is, so yy%4 decides.
func checkDayMonth(day, month, yy int) bool {
	if day >= 0 && (day < 1 || day > 31) {
		return false
	}
	if month >= 0 && (month < 1 || month > 12) {
		return false
	}
	if day >= 0 && month >= 0 && day > maxDay[month] {
		return false
	}
	if day == 29 && month == 2 && yy >= 0 && yy%4 != 0 {
		return false
	}
	return true
}

// age is the number of birthdays b has had by ref.
func age(b, ref ymd) int {
	a := ref.y - b.y
	if ref.m < b.m || ref.m == b.m && ref.d < b.d {
		a--
	}
	return a
}

// implausibility measures how far a birth date is from a plausible voter:
// 0 when the holder is between minAge and maxAge at ref, else the number
// of years missing or in excess, and the code that says which.
func implausibility(b, ref ymd, minAge, maxAge int) (int, Code) {
	a := age(b, ref)
	switch {
	case ref.before(b) || a < minAge:
		// A birth after ref is the extreme of too young.
		return max(1, minAge-a), TooYoung
	case a > maxAge:
		return a - maxAge, TooOld
	}
	return 0, ""
}

// resolveBirth picks the century of a two-digit birth year: the most recent
// of 20yy and 19yy with which the holder has a plausible age at ref, or
// failing that the one closest to a plausible age (20yy on a tie), with the
// code of the warning due. day and month form a valid date.
func resolveBirth(day, month, yy int, ref ymd, minAge, maxAge int) (ymd, Code) {
	b20 := ymd{2000 + yy, month, day}
	d20, c20 := implausibility(b20, ref, minAge, maxAge)
	if d20 == 0 || day == 29 && month == 2 && yy == 0 {
		// 29 February 1900 did not exist, so 2000 is the only candidate.
		return b20, c20
	}
	b19 := ymd{1900 + yy, month, day}
	d19, c19 := implausibility(b19, ref, minAge, maxAge)
	if d19 < d20 {
		return b19, c19
	}
	return b20, c20
}

// firstNKKYear is the year family cards in their numbered form began; an
// earlier issue date is suspect.
const firstNKKYear = 1977

// resolveIssue picks the century of a two-digit issue year: 20yy unless
// that is after ref. It returns the code of the finding due, if any.
func resolveIssue(day, month, yy int, ref ymd) (ymd, Code) {
	d := ymd{2000 + yy, month, day}
	if ref.before(d) && !(day == 29 && month == 2 && yy == 0) {
		d.y = 1900 + yy
	}
	switch {
	case ref.before(d):
		return d, FutureDate
	case d.y < firstNKKYear:
		return d, IssuedTooEarly
	}
	return d, ""
}

// refDay caches the calendar date of one day in one location, as the
// instants [start, end) in Unix seconds. Parse needs the date of Ref on
// every call, almost always the same day, and time.Time.Date took about a
// sixth of Parse's time.
type refDay struct {
	loc        *time.Location
	start, end int64
	date       ymd
}

var lastRefDay atomic.Pointer[refDay]

// calendarDate returns the calendar date of t in its own location.
func calendarDate(t time.Time) ymd {
	u, loc := t.Unix(), t.Location()
	if c := lastRefDay.Load(); c != nil && c.loc == loc && c.start <= u && u < c.end {
		return c.date
	}
	y, m, d := t.Date()
	date := ymd{y, int(m), d}
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	end := time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	// Where a clock change makes midnight missing or ambiguous, time.Date
	// may pick a bound outside the day; such a day is not cached.
	if calendarDateNoCache(start) == date && calendarDateNoCache(end.Add(-time.Second)) == date {
		lastRefDay.Store(&refDay{loc: loc, start: start.Unix(), end: end.Unix(), date: date})
	}
	return date
}

func calendarDateNoCache(t time.Time) ymd {
	y, m, d := t.Date()
	return ymd{y, int(m), d}
}
