// Package authenticity judges a leak from itself alone: whether its NIKs
// are well formed against the region table and the calendar, agree with
// the birth-date and sex columns beside them, repeat, follow patterns, and
// whether its ages, sexes and columns look like a real voter list's. Each
// measure becomes a Check with a status; the checks together give a score.
package authenticity
