package normalize

import "strings"

// IDProblem says why ID could not read an identity number. The values are
// stable: they are written into reports.
type IDProblem string

// The reasons ID rejects a value.
const (
	IDOK         IDProblem = ""
	IDEmpty      IDProblem = "empty"      // nothing but white space or separators
	IDScientific IDProblem = "scientific" // Excel wrote the number as 3.20411E+15: the digits are lost
	IDCharacters IDProblem = "characters" // letters or symbols other than separators and mask characters
	IDLength     IDProblem = "length"     // not sixteen digits once separators are removed
)

// ID normalises a NIK or an NKK: separators (spaces, dots, dashes,
// underscores, slashes, commas) and the apostrophe or ="…" wrapper that
// spreadsheets add are removed, a ".0" left by a float conversion is
// dropped, and the mask characters '*', 'x', 'X' and '#' become '*'. ok is
// true when exactly sixteen digits or '*' remain; masked reports a '*'.
//
// A value in scientific notation ("3.20411E+15") has lost its digits and is
// never ok. NIKs and NKKs never start with 0, so a fifteen-digit value is
// not a number that lost a leading zero: it is simply invalid. Use IDCheck
// to learn the reason; ID does not check the number's content (dates,
// region codes): that is package nik's job.
func ID(raw string) (norm string, masked bool, ok bool) {
	norm, masked, p := IDCheck(raw)
	return norm, masked, p == IDOK
}

// IDCheck is ID with the reason for a rejection. norm is the cleaned value
// even when it is rejected (with any offending characters dropped), except
// for scientific notation, where it is empty.
func IDCheck(raw string) (norm string, masked bool, problem IDProblem) {
	s := strings.TrimSpace(raw)
	if len(s) == 16 && allDigits(s) {
		return s, false, IDOK
	}
	s = unwrapSpreadsheet(s)
	if s == "" {
		return "", false, IDEmpty
	}
	if isScientific(s) {
		return "", false, IDScientific
	}
	s = trimFloatZero(s)

	var buf [24]byte
	out := buf[:0]
	bad := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			out = append(out, c)
		case c == '*' || c == 'x' || c == 'X' || c == '#':
			out = append(out, '*')
			masked = true
		case c == ' ' || c == '.' || c == '-' || c == '_' || c == '/' || c == ',' || c == '\'' || c == '\t' || c == '"':
		case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // no-break space
			i++
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x98 || s[i+2] == 0x99 || s[i+2] == 0x93 || s[i+2] == 0x94):
			i += 2 // ‘ ’ – —
		default:
			bad = true
		}
		if len(out) > 20 {
			// Far too long to be an ID; stop copying (the answer is fixed).
			return "", masked, firstProblem(bad, IDLength)
		}
	}
	switch {
	case len(out) == 0 && !bad:
		return "", false, IDEmpty
	case bad:
		return string(out), masked, IDCharacters
	case len(out) != 16:
		return string(out), masked, IDLength
	}
	if len(out) == len(s) && string(out) == s {
		return s, masked, IDOK
	}
	return string(out), masked, IDOK
}

func firstProblem(bad bool, p IDProblem) IDProblem {
	if bad {
		return IDCharacters
	}
	return p
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// unwrapSpreadsheet removes the marks spreadsheets put around a number kept
// as text: a leading apostrophe ('3204…), the formula ="3204…", and quotes.
func unwrapSpreadsheet(s string) string {
	if strings.HasPrefix(s, "=\"") && strings.HasSuffix(s, "\"") && len(s) >= 3 {
		s = s[2 : len(s)-1]
	}
	for len(s) > 0 && (s[0] == '\'' || s[0] == '"' || s[0] == '`') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == '"' || s[len(s)-1] == '\'') {
		s = s[:len(s)-1]
	}
	return strings.TrimSpace(s)
}

// isScientific reports the shape d[.ddd]E[+-]dd that Excel and CSV
// converters give a long number.
func isScientific(s string) bool {
	e := strings.IndexAny(s, "Ee")
	if e <= 0 || e == len(s)-1 {
		return false
	}
	mant, exp := s[:e], s[e+1:]
	dot := false
	digits := 0
	for i := 0; i < len(mant); i++ {
		switch c := mant[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !dot:
			dot = true
		default:
			return false
		}
	}
	if digits == 0 {
		return false
	}
	if exp[0] == '+' || exp[0] == '-' {
		exp = exp[1:]
	}
	return exp != "" && len(exp) <= 3 && allDigits(exp)
}

// trimFloatZero drops the ".0" (or ".00", …) a float conversion appends to
// a whole number written without other separators.
func trimFloatZero(s string) string {
	dot := strings.IndexByte(s, '.')
	if dot < 0 || strings.IndexByte(s[dot+1:], '.') >= 0 || dot+1 == len(s) {
		return s
	}
	if !allDigits(s[:dot]) || dot < 12 {
		return s
	}
	for i := dot + 1; i < len(s); i++ {
		if s[i] != '0' {
			return s
		}
	}
	return s[:dot]
}
