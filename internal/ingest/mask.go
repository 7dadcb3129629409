package ingest

import (
	"strings"
	"unicode"
)

// maskPreview renders a rejected row for people to see why it was rejected
// without seeing whose it is: digit runs keep their first four and last two
// digits when long (NIK style, "3171**********01") and are starred when
// short; words become initials ("SITI AMINAH" → "S. A."). Long previews are
// cut.
func maskPreview(vals []string) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(" | ")
		}
		b.WriteString(maskCell(v))
		if b.Len() > 200 {
			b.WriteString(" …")
			break
		}
	}
	return b.String()
}

func maskCell(v string) string {
	var b strings.Builder
	rs := []rune(strings.TrimSpace(v))
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsDigit(r) || r == '*':
			j := i
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '*') {
				j++
			}
			n := j - i
			if n >= 10 {
				b.WriteString(string(rs[i : i+4]))
				b.WriteString(strings.Repeat("*", n-6))
				b.WriteString(string(rs[j-2 : j]))
			} else {
				b.WriteString(strings.Repeat("*", n))
			}
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '\'') {
				j++
			}
			b.WriteRune(unicode.ToUpper(r))
			b.WriteByte('.')
			i = j
		default:
			b.WriteRune(r)
			i++
		}
	}
	return b.String()
}
