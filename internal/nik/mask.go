package nik

import (
	"strings"
	"unicode/utf8"
)

// Mask hides the middle of a number for display: the first four and the
// last two characters stay, every other character becomes '*', so
// "3171234567890001" gives "3171**********01". The four leading digits
// (province and regency) and two trailing ones are the usual public form in
// Indonesia. Below eight characters so little would be hidden that the
// whole value becomes stars. The result has as many characters as s.
func Mask(s string) string {
	n := utf8.RuneCountInString(s)
	if n < 8 {
		return strings.Repeat("*", n)
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for _, r := range s {
		if i < 4 || i >= n-2 {
			b.WriteRune(r)
		} else {
			b.WriteByte('*')
		}
		i++
	}
	return b.String()
}

// IsMasked reports whether s, once trimmed of surrounding white space,
// holds at least one mask character ('*', 'x', 'X', '#') and otherwise only
// digits: the shape of a number with some digits hidden, of any length.
func IsMasked(s string) bool {
	s = strings.TrimSpace(s)
	masked := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case isMaskChar(c):
			masked = true
		default:
			return false
		}
	}
	return masked
}
