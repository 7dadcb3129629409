package nik

// Length is the number of characters of a NIK or an NKK.
const Length = 16

// hidden stands for a masked character in a decoded number.
const hidden = 10

// digits holds a decoded number: each character's digit value, or hidden.
type digits [Length]uint8

// isMaskChar reports whether c is one of the characters leaks use to hide
// digits.
func isMaskChar(c byte) bool {
	return c == '*' || c == 'x' || c == 'X' || c == '#'
}

// checkShape decodes s and runs the checks NIK and NKK share: length,
// character set, masking, digit patterns and the region code. ok is false
// when the fields cannot be located, so no further check makes sense.
func checkShape(s string) (d digits, fs []Finding, ok bool) {
	if len(s) != Length {
		fs = add(fs, BadLength)
		for i := 0; i < len(s); i++ {
			if c := s[i]; (c < '0' || c > '9') && !isMaskChar(c) {
				return d, add(fs, NotDigits), false
			}
		}
		return d, fs, false
	}
	masked := false
	for i := range d {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			d[i] = c - '0'
		case isMaskChar(c):
			d[i] = hidden
			masked = true
		default:
			return d, add(fs, NotDigits), false
		}
	}
	if masked {
		fs = add(fs, Masked)
	}
	fs = checkPattern(&d, masked, fs)
	fs = checkRegion(&d, fs)
	return d, fs, true
}

// checkPattern flags the made-up numbers people type when a form insists:
// one digit held down, or a run along the keyboard. Real serials and dates
// cannot produce ten equal digits in a row, and a full sequence would need
// the district, date and serial to line up by chance.
func checkPattern(d *digits, masked bool, fs []Finding) []Finding {
	// Any run of ten within sixteen covers positions six to nine, and a
	// sequence starts with a step of one; testing those first skips the
	// loops for almost every real number.
	if d[6] != hidden && d[6] == d[7] && d[7] == d[8] && d[8] == d[9] && longestRun(d) >= 10 {
		fs = add(fs, RepeatedDigits)
	}
	// A sequence must cover all sixteen digits; a hidden one may break it.
	if !masked && (isSequence(d, 1) || isSequence(d, 9)) {
		fs = add(fs, SequentialDigits)
	}
	return fs
}

// longestRun returns the length of the longest run of one visible digit.
func longestRun(d *digits) int {
	run, longest := 0, 0
	for i, b := range d {
		switch {
		case b == hidden:
			run = 0 // a hidden digit may differ, so it breaks the run
		case i > 0 && b == d[i-1]:
			run++
		default:
			run = 1
		}
		longest = max(longest, run)
	}
	return longest
}

// isSequence reports whether each digit of d is the previous plus step,
// modulo ten: step 1 ascends, step 9 descends. d holds no hidden digit.
func isSequence(d *digits, step uint8) bool {
	for i := 1; i < Length; i++ {
		if d[i] != (d[i-1]+step)%10 {
			return false
		}
	}
	return true
}

// checkRegion looks up the province, regency and district codes, each only
// when its two digits are visible and the level above is known (below an
// unknown province every code is unknown, which adds nothing).
//
// Only an unknown province is an error: the provinces' codes are stable and
// a new province gets a fresh code. Regencies and districts, by contrast,
// have been split and renumbered many times since NIKs were introduced, and
// a NIK keeps the code that was current when it was issued, so an unknown
// regency or district code is often an old one and only a warning.
func checkRegion(d *digits, fs []Finding) []Finding {
	k := regions()
	p := d.num2(0)
	if p < 0 {
		return fs
	}
	if !k.province[p] {
		return add(fs, UnknownProvince)
	}
	r := d.num2(2)
	if r < 0 {
		return fs
	}
	if !k.regency[p*100+r] {
		return add(fs, UnknownRegency)
	}
	dd := d.num2(4)
	if dd < 0 {
		return fs
	}
	if !k.hasDistrict((p*100+r)*100 + dd) {
		return add(fs, UnknownDistrict)
	}
	return fs
}

// num2 returns the two-digit number at i, or -1 if either digit is hidden.
func (d *digits) num2(i int) int {
	a, b := d[i], d[i+1]
	if a == hidden || b == hidden {
		return -1
	}
	return int(a)*10 + int(b)
}

// serial returns the last four digits as a number, or -1 if any is hidden.
func (d *digits) serial() int {
	hi, lo := d.num2(12), d.num2(14)
	if hi < 0 || lo < 0 {
		return -1
	}
	return hi*100 + lo
}
