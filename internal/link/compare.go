package link

import "github.com/telusur/telusur/internal/dpt"

// jwAtLeast90 reports whether jaroWinkler(a, b) >= 0.9, ruling most
// pairs out by two bounds before computing it: Jaro counts at most the
// characters the strings have in common (as multisets) as matches, and the
// Winkler boost is at most the common prefix's. Addresses and places of
// different people are the usual comparison when training and scoring
// candidates, and almost all of them fail a bound.
func jwAtLeast90(a, b string) bool {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return a == b && a != ""
	}
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	p := 0
	for p < 4 && p < la && a[p] == b[p] {
		p++
	}
	// jw = jaro + p/10·(1 − jaro) ≥ 0.9 needs jaro ≥ need. A margin keeps
	// rounding from ruling out a pair the full computation would pass.
	need := (0.9-0.1*float64(p))/(1-0.1*float64(p)) - 1e-9
	fa, fb := float64(la), float64(lb)
	if (2+fa/fb)/3 < need { // every character of a matched
		return false
	}
	if lb <= 255 {
		var cnt [256]uint8
		for i := 0; i < la; i++ {
			cnt[a[i]]++
		}
		m := 0
		for i := 0; i < lb; i++ {
			if c := b[i]; cnt[c] > 0 {
				cnt[c]--
				m++
			}
		}
		fm := float64(m)
		if (fm/fa+fm/fb+1)/3 < need {
			return false
		}
	}
	return jaroWinkler(a, b) >= 0.9
}

// jaroWinkler returns the Jaro-Winkler similarity of a and b (byte-wise;
// the names compared are upper-case ASCII keys). Written here because it is
// linkage's innermost loop and needs no allocation for names up to 64
// bytes.
func jaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	win := lb/2 - 1
	if win < 0 {
		win = 0
	}
	var fa, fb [64]bool
	var ma, mb []bool
	if la <= 64 && lb <= 64 {
		ma, mb = fa[:la], fb[:lb]
	} else {
		ma, mb = make([]bool, la), make([]bool, lb)
	}
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-win), min(lb-1, i+win)
		for j := lo; j <= hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, j := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if a[i] != b[j] {
			t++
		}
		j++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

// dateClose reports whether two dates (days since 1970) are the same but
// for a swapped day and month or one mistyped digit.
func dateClose(a, b int32) bool {
	if a == b {
		return true
	}
	swapped, year, monthDay := dateDigits(a, b)
	return swapped || year+monthDay == 1
}

// packYMD turns days since 1970 into yyyymmdd (0 for noDate), the form
// the index keeps beside its blocks, which ymdClose compares without
// converting.
func packYMD(days int32) int32 {
	if days == noDate {
		return 0
	}
	y, m, d := civil(days)
	return int32(y*10000 + m*100 + d)
}

// ymdClose is dateClose on yyyymmdd dates.
func ymdClose(a, b int32) bool {
	if a == b {
		return true
	}
	ya, ma, da := int(a/10000), int(a/100%100), int(a%100)
	yb, mb, db := int(b/10000), int(b/100%100), int(b%100)
	swapped, year, monthDay := ymdDigits(ya, ma, da, yb, mb, db)
	return swapped || year+monthDay == 1
}

// dateDigits compares two dates as typed: whether day and month are
// swapped, and how many decimal digits differ in the year and in the month
// and day. Both date comparisons (dateClose here, the engine's levels) rest
// on it.
func dateDigits(a, b int32) (swapped bool, year, monthDay int) {
	ya, ma, da := civil(a)
	yb, mb, db := civil(b)
	return ymdDigits(ya, ma, da, yb, mb, db)
}

func ymdDigits(ya, ma, da, yb, mb, db int) (swapped bool, year, monthDay int) {
	if ya == yb && ma == db && da == mb {
		return true, 0, 0
	}
	if ya != yb {
		year = digitDiff(ya, yb, 4)
	}
	if ma != mb {
		monthDay += digitDiff(ma, mb, 2)
	}
	if da != db {
		monthDay += digitDiff(da, db, 2)
	}
	return false, year, monthDay
}

// digitDiff counts the decimal places (of n) where a and b differ.
func digitDiff(a, b, n int) int {
	d := 0
	for ; n > 0; n-- {
		if a%10 != b%10 {
			d++
		}
		a, b = a/10, b/10
	}
	return d
}

// civil converts days since 1970-01-01 to a calendar date, avoiding
// time.Time in the comparison loop.
func civil(days int32) (y, m, d int) { return dpt.Date(days).YMD() }

// nikDigitsAgree reports whether a (possibly masked) NIK agrees with a
// complete one on every visible digit, and how many digits were visible.
func nikDigitsAgree(masked string, full uint64) (agree bool, visible int) {
	if len(masked) != 16 || full == 0 {
		return false, 0
	}
	for i := 15; i >= 0; i-- {
		d := byte('0' + full%10)
		full /= 10
		c := masked[i]
		if c >= '0' && c <= '9' {
			visible++
			if c != d {
				return false, visible
			}
		}
	}
	return true, visible
}

// oneDigitOff reports whether two NIKs differ by one substituted digit or
// two swapped neighbours, as keying errors do.
func oneDigitOff(a, b uint64) bool {
	var da, db [16]byte
	for i := 15; i >= 0; i-- {
		da[i], db[i] = byte(a%10), byte(b%10)
		a, b = a/10, b/10
	}
	first := -1
	n := 0
	for i := range da {
		if da[i] != db[i] {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	switch n {
	case 1:
		return true
	case 2:
		return first < 15 && da[first] == db[first+1] && da[first+1] == db[first]
	}
	return false
}
