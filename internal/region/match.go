package region

import "strings"

// key folds a written area name to a comparison form: upper case, letters
// and digits only, single spaces, with common abbreviations spelled out.
// Lists written by hand use "KAB.", "KEC.", "KEP.", "KOTA ADM." and odd
// spacing, so the key is what names are compared on, never the raw text.
func key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
			fallthrough
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
			space = false
		case r == '\'' || r == '"' || r == '`' || r == '’' || r == 'ʼ':
			// The table spells one district Ra"as; lists write RA'AS or RAAS.
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	fields := strings.Fields(b.String())
	for i, f := range fields {
		if full, ok := abbrev[f]; ok {
			fields[i] = full
		}
	}
	return strings.Join(fields, " ")
}

var abbrev = map[string]string{
	"KAB": "KABUPATEN", "KAB.": "KABUPATEN", "KODYA": "KOTA", "KOTAMADYA": "KOTA",
	"KEP": "KEPULAUAN", "KEC": "KECAMATAN", "KEL": "KELURAHAN", "DS": "DESA",
	"ADM": "ADMINISTRASI", "PROV": "PROVINSI", "KP": "KAMPUNG",
}

// splitKind removes the leading type words of a keyed name and reports the
// regency kind ("KAB" or "KOTA") when one was written.
func splitKind(k string) (name, kind string) {
	f := strings.Fields(k)
	for len(f) > 1 {
		switch f[0] {
		case "KABUPATEN":
			kind = "KAB"
		case "KOTA":
			kind = "KOTA"
		case "ADMINISTRASI", "PROVINSI", "KECAMATAN", "KELURAHAN", "DESA", "DISTRIK", "GAMPONG", "NAGARI":
		default:
			return strings.Join(f, " "), kind
		}
		f = f[1:]
	}
	return strings.Join(f, " "), kind
}

// provinceAlias maps names provinces are commonly written as to their code.
var provinceAlias = map[string]string{
	"DKI": "31", "DKI JAKARTA": "31", "JAKARTA": "31", "DAERAH KHUSUS JAKARTA": "31",
	"DI YOGYAKARTA": "34", "D I YOGYAKARTA": "34", "DIY": "34", "YOGYAKARTA": "34",
	"BANGKA BELITUNG": "19", "BABEL": "19", "KEPRI": "21",
	"NTB": "52", "NTT": "53", "SUMUT": "12", "SUMBAR": "13", "SUMSEL": "16",
	"JABAR": "32", "JATENG": "33", "JATIM": "35", "KALBAR": "61", "KALTENG": "62",
	"KALSEL": "63", "KALTIM": "64", "KALTARA": "65", "SULUT": "71", "SULTENG": "72",
	"SULSEL": "73", "SULTRA": "74", "SULBAR": "76", "MALUT": "82", "NAD": "11",
	"NANGGROE ACEH DARUSSALAM": "11", "PAPBAR": "92",
}

// MatchAll returns the areas of a level whose name matches name once case,
// punctuation, spacing and type words (KAB./KABUPATEN/KOTA ADM./KEC./DESA)
// are set aside. parent, when not empty, restricts the search to areas under
// that code (provinces have none: parent is ignored for them). A regency written with its kind ("KOTA BANDUNG") matches only
// that kind; without it ("BANDUNG") both the kabupaten and the kota match.
func MatchAll(level Level, parent, name string) []Area {
	t := load()
	parent = strings.ReplaceAll(parent, ".", "")
	k := key(name)
	if level == Province {
		if c, ok := provinceAlias[k]; ok {
			a, _ := Lookup(c)
			return []Area{a}
		}
	}
	n, kind := splitKind(k)
	var hits []int
	if level == Regency && kind == "" {
		names := t.byName()
		hits = append(append(hits, names[nameKey{level, "KAB", n}]...), names[nameKey{level, "KOTA", n}]...)
	} else {
		if level != Regency {
			kind = ""
		}
		hits = t.byName()[nameKey{level, kind, n}]
	}
	var out []Area
	for _, i := range hits {
		if a := t.areas[i]; parent == "" || strings.HasPrefix(a.Code, parent) {
			out = append(out, a)
		}
	}
	return out
}

// MatchName returns the one area MatchAll finds; ok is false when there is
// none or more than one (the name alone is then ambiguous).
func MatchName(level Level, parent, name string) (Area, bool) {
	m := MatchAll(level, parent, name)
	if len(m) != 1 {
		return Area{}, false
	}
	return m[0], true
}
