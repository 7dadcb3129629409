package report

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Numbers are written the way each language writes them: English groups
// thousands with a comma and uses a decimal point (1,234,567 and 97.3%),
// Indonesian groups with a dot and uses a decimal comma (1.234.567 and
// 97,3%).

// separators returns the thousands and decimal separators of lang.
func separators(lang string) (thousands, decimal byte) {
	if lang == "id" {
		return '.', ','
	}
	return ',', '.'
}

// formatInt writes n with thousands grouped: 1,234,567 or 1.234.567.
func formatInt(n int64, lang string) string {
	th, _ := separators(lang)
	return groupDigits(strconv.FormatInt(n, 10), th)
}

// groupDigits inserts sep between groups of three digits of an integer
// written in decimal, keeping a leading minus sign.
func groupDigits(s string, sep byte) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.Grow(len(sign) + len(s) + len(s)/3)
	b.WriteString(sign)
	head := len(s) % 3
	if head > 0 {
		b.WriteString(s[:head])
	}
	for i := head; i < len(s); i += 3 {
		if i > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// formatDecimal writes v with the given number of decimals, thousands
// grouped. NaN and infinities give an en dash.
func formatDecimal(v float64, places int, lang string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	th, dec := separators(lang)
	s := strconv.FormatFloat(v, 'f', places, 64)
	if s == "-0" || strings.HasPrefix(s, "-0.") && strings.Trim(s[3:], "0") == "" {
		s = s[1:] // no "-0.0" for a tiny negative value
	}
	intPart, frac, _ := strings.Cut(s, ".")
	out := groupDigits(intPart, th)
	if frac != "" {
		out += string(dec) + frac
	}
	return out
}

// formatPercent writes a share in [0, 1] as a percentage with one decimal:
// 0.973 gives 97.3% or 97,3%. A share that is not 0 but would round to
// 0.0% is written <0.1%, and one that is not 1 but would round to 100.0% is
// written >99.9%, so that "none" and "all" are never claimed when they are
// not so.
func formatPercent(share float64, lang string) string {
	if math.IsNaN(share) || math.IsInf(share, 0) {
		return "–"
	}
	v := share * 100
	switch {
	case share > 0 && v < 0.05:
		return "<" + formatDecimal(0.1, 1, lang) + "%"
	case share < 1 && v >= 99.95:
		return ">" + formatDecimal(99.9, 1, lang) + "%"
	}
	return formatDecimal(v, 1, lang) + "%"
}

// formatRange writes an interval of shares as 96.9–97.6%.
func formatRange(r [2]float64, lang string) string {
	lo, hi := formatPercent(r[0], lang), formatPercent(r[1], lang)
	return strings.TrimSuffix(lo, "%") + "–" + hi
}

// formatScore writes a score in [0, 1] with two decimals: 0.94 or 0,94.
func formatScore(v float64, lang string) string {
	return formatDecimal(v, 2, lang)
}

// formatBytes writes a size in bytes with decimal units: 812 MB, 1.2 GB.
func formatBytes(n int64, lang string) string {
	units := []string{"B", "kB", "MB", "GB", "TB", "PB"}
	if n < 1000 {
		return formatInt(n, lang) + " B"
	}
	v := float64(n)
	u := 0
	for v >= 999.95 && u < len(units)-1 {
		v /= 1000
		u++
	}
	places := 1
	if v >= 100 {
		places = 0
	}
	return formatDecimal(v, places, lang) + " " + units[u]
}

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"},
	"id": {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
		"Agustus", "September", "Oktober", "November", "Desember"},
}

// formatDate writes the calendar date of t: 2 July 2023 or 2 Juli 2023.
// The zero time gives an en dash.
func formatDate(t time.Time, lang string) string {
	if t.IsZero() {
		return "–"
	}
	m := months[lang]
	if m[0] == "" {
		m = months["en"]
	}
	return strconv.Itoa(t.Day()) + " " + m[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// formatTime writes t in UTC to the minute: "25 November 2026, 14:03 UTC",
// or in Indonesian "25 November 2026 pukul 14.03 UTC".
func formatTime(t time.Time, lang string) string {
	if t.IsZero() {
		return "–"
	}
	t = t.UTC()
	if lang == "id" {
		return formatDate(t, lang) + " pukul " + t.Format("15.04") + " UTC"
	}
	return formatDate(t, lang) + ", " + t.Format("15:04") + " UTC"
}
