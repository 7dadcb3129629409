package normalize

import (
	"strings"

	"github.com/telusur/telusur/internal/region"
)

// RegionCode returns the Kemendagri code of the area of the given level
// written in raw, under parent (a code, dotted or not; "" when unknown).
//
// A code in the cell is taken as written ("3204", "32.04", "32.04.11.2001",
// or a code followed by the name, "3204 - KAB. BANDUNG") when it has the
// level's length, exists, and lies under parent. Otherwise raw is a name,
// matched with region.MatchAll: case, punctuation and type words (KAB.,
// KABUPATEN, KOTA, KOTA ADM., KEC., KEL., DESA, DS.) do not matter, but a
// written KOTA or KAB. must agree. ok is false when no area or more than one
// matches: a name alone is often ambiguous (there are dozens of SUKAMAJU
// villages), so give the parent whenever the list has it.
func RegionCode(level region.Level, parent, raw string) (code string, ok bool) {
	s := strings.TrimSpace(raw)
	if s == "" || level < region.Province || level > region.Village {
		return "", false
	}
	parent = strings.ReplaceAll(strings.TrimSpace(parent), ".", "")
	if c, rest, isCode := leadingCode(s); isCode {
		if a, found := region.Lookup(c); found && a.Level == level && strings.HasPrefix(a.Code, parent) {
			return a.Code, true
		}
		if rest == "" {
			return "", false
		}
		s = rest
	}
	m := region.MatchAll(level, parent, s)
	if len(m) != 1 {
		return "", false
	}
	return m[0].Code, true
}

// leadingCode splits "32.04 - KAB. BANDUNG" into the code's digits and the
// rest. isCode is false when raw does not start with a digit.
func leadingCode(s string) (code, rest string, isCode bool) {
	i := 0
	var b [16]byte
	n := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		if s[i] != '.' {
			if n == len(b) {
				return "", "", false
			}
			b[n] = s[i]
			n++
		}
		i++
	}
	if n == 0 {
		return "", "", false
	}
	rest = strings.TrimLeft(s[i:], " -–:|/,")
	return string(b[:n]), strings.TrimSpace(rest), true
}
