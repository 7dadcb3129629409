package link

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/telusur/telusur/internal/normalize"
)

// Kind is how a Comparison compares a field; each kind has its levels,
// from the strongest agreement to "else" (disagreement). A missing value
// on either side gives no level (null): the field adds no evidence.
type Kind string

// The comparison kinds.
const (
	// KindName: a personal name. Levels: exact (clean, upper case), key
	// (equal comparison keys: old spellings, titles, abbreviations
	// folded), jw95 (Jaro-Winkler ≥ 0.95 on the keys), tokens (the same
	// words in another order, or one name's words all in the other's),
	// jw88, swapped (see Comparison.Swap), initials (same initials, or an
	// initial for a name), jw70, else.
	KindName Kind = "name"
	// KindDate: a date. Levels: exact, swap (day and month swapped), digit
	// (one digit of the month or day mistyped), year_digit (one digit of
	// the year mistyped), year (same year), else. A keying error in the
	// year is kept apart: unrelated people are born in the same decade far
	// more often than in the same month of the same year, so it is weaker
	// evidence.
	KindDate Kind = "date"
	// KindAge: an age in years (a date on the other side is turned into
	// an age at the model's reference date). Levels: exact, pm1, else.
	KindAge Kind = "age"
	// KindExact: a category (sex, state). Levels: exact, else.
	KindExact Kind = "exact"
	// KindString: free text (address, street, place). Levels: exact
	// (letters and digits only, case folded), jw90, jw75, else.
	KindString Kind = "string"
	// KindNumber: a small number (RT, RW, street number). Levels: exact,
	// pm1, else.
	KindNumber Kind = "number"
	// KindCode: an identifier of digits (postcode, social security number,
	// complete NIK or NKK). Levels: exact, typo (one digit changed or two
	// neighbours swapped), else.
	KindCode Kind = "code"
	// KindPostcode: a postcode of an outward and an inward code, as in
	// the UK (SW1A 1AA; without the space, the last three characters are
	// the inward code). Levels: exact, typo (one character changed, added,
	// dropped, or two neighbours swapped), sector (outward code and the
	// inward code's first character), district (outward code), area (the
	// leading letters), else.
	KindPostcode Kind = "postcode"
	// KindRegion: a hierarchical region code (Kemendagri: 2 province, 4
	// regency, 6 district, 10 village digits; dots ignored), compared at
	// the coarser side's precision. Levels: exact, district, regency,
	// province, else.
	KindRegion Kind = "region"
	// KindMasked: an identifier that may be masked with '*' (NIK, NKK).
	// Levels: exact (both complete and equal), typo (both complete, one
	// keying error), visible10 (every digit visible on both sides agrees,
	// 10 or more of them), visible (agrees on fewer visible digits), else.
	// Agreement on visible digits is evidence, not identity.
	KindMasked Kind = "masked"
)

// kindLevels are the level names of each kind, strongest first.
var kindLevels = map[Kind][]string{
	KindName:     {"exact", "key", "jw95", "tokens", "jw88", "swapped", "initials", "jw70", "else"},
	KindDate:     {"exact", "swap", "digit", "year_digit", "year", "else"},
	KindAge:      {"exact", "pm1", "else"},
	KindExact:    {"exact", "else"},
	KindString:   {"exact", "jw90", "jw75", "else"},
	KindNumber:   {"exact", "pm1", "else"},
	KindCode:     {"exact", "typo", "else"},
	KindPostcode: {"exact", "typo", "sector", "district", "area", "else"},
	KindRegion:   {"exact", "district", "regency", "province", "else"},
	KindMasked:   {"exact", "typo", "visible10", "visible", "else"},
}

// Levels returns the level names of a kind, strongest first; nil for an
// unknown kind.
func (k Kind) Levels() []string { return kindLevels[k] }

// Comparison compares one field of the two tables. Columns name the left
// table's columns (several are joined with a space, e.g. given name and
// surname into one name); RightColumns the right table's, when they are
// named differently.
type Comparison struct {
	Name         string   `json:"name"`
	Kind         Kind     `json:"kind"`
	Columns      []string `json:"columns"`
	RightColumns []string `json:"right_columns,omitempty"`
	// TF adjusts the exact and key levels by how common the value is
	// (term frequency): agreeing on SITI says less than on a rare name.
	TF bool `json:"tf,omitempty"`
	// Swap (names) names another name comparison of the model: when the
	// names are no closer than jw88 but one side's value equals the other
	// side's value of that comparison (a forename filed as the surname),
	// the level is "swapped".
	Swap string `json:"swap,omitempty"`

	// Levels, and per level M (probability among matches) and U (among
	// non-matches): filled by Train.
	Levels []string  `json:"levels,omitempty"`
	M      []float64 `json:"m,omitempty"`
	U      []float64 `json:"u,omitempty"`
	// URandom is u among random pairs (U may be re-estimated among the
	// blocked pairs): the term-frequency adjustment compares a value's
	// frequency with it.
	URandom []float64 `json:"u_random,omitempty"`
}

const noNum = math.MinInt32

// feature holds one comparison's values of one table, prepared once so
// that comparing a pair allocates nothing.
type feature struct {
	str []string // clean value (upper case)
	key []string // comparison key (names), letters and digits (strings), digits (codes)
	tok []string // name: the key's words sorted, joined by a space
	ini []string // name: initials
	id  []int32  // interned clean value; 0 missing
	kid []int32  // interned key
	num []int32  // date (days since 1970), age, number; noNum missing
}

// interner gives strings small ids shared by both tables of a comparison,
// and counts them for the term-frequency adjustment.
type interner struct {
	ids   map[string]int32
	count []int32 // by id; count[0] unused
}

func newInterner() *interner { return &interner{ids: map[string]int32{}, count: []int32{0}} }

func (in *interner) id(s string) int32 {
	if s == "" {
		return 0
	}
	v, ok := in.ids[s]
	if !ok {
		v = int32(len(in.count))
		in.ids[s] = v
		in.count = append(in.count, 0)
	}
	in.count[v]++
	return v
}

// columnValues joins the named columns of t row by row.
func columnValues(t *Table, cols []string) ([]string, error) {
	if len(cols) == 0 {
		return nil, fmt.Errorf("no column")
	}
	var parts [][]string
	for _, c := range cols {
		v, ok := t.Column(c)
		if !ok {
			return nil, fmt.Errorf("table %s has no column %q (columns: %s)", t.Name, c, strings.Join(t.Columns, ", "))
		}
		parts = append(parts, v)
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	out := make([]string, t.Len())
	var sb strings.Builder
	for i := range out {
		sb.Reset()
		for _, p := range parts {
			if p[i] == "" {
				continue
			}
			if sb.Len() > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(p[i])
		}
		out[i] = sb.String()
	}
	return out, nil
}

// prepare computes the feature of comparison c for raw values. ref is the
// date ages are counted at (KindAge with dates on one side).
func prepare(c *Comparison, raw []string, in, kin *interner, ref time.Time) feature {
	n := len(raw)
	var f feature
	switch c.Kind {
	case KindName:
		f.str, f.key, f.tok, f.ini = make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		f.id, f.kid = make([]int32, n), make([]int32, n)
		memo := map[string]int{}
		for i, r := range raw {
			if r == "" {
				continue
			}
			if j, ok := memo[r]; ok {
				f.str[i], f.key[i], f.tok[i], f.ini[i] = f.str[j], f.key[j], f.tok[j], f.ini[j]
			} else {
				nm := normalize.PersonName(r)
				f.str[i], f.key[i], f.ini[i] = nm.Clean, nm.Key, nm.Initials
				f.tok[i] = sortedWords(nm.Key)
				memo[r] = i
			}
			f.id[i] = in.id(f.str[i])
			f.kid[i] = kin.id(f.key[i])
		}
	case KindDate:
		f.num, f.id = make([]int32, n), make([]int32, n)
		memo := map[string]int32{}
		for i, r := range raw {
			f.num[i] = noNum
			if r == "" {
				continue
			}
			v, ok := memo[r]
			if !ok {
				v = dateDays(r, ref)
				memo[r] = v
			}
			f.num[i] = v
			// The day interned (any spelling of it alike), for the
			// term-frequency adjustment: 1 January stands for "year
			// only" in many lists.
			if v != noNum {
				f.id[i] = in.id(strconv.Itoa(int(v)))
			} else if k := isoDigits(r); k != "" {
				f.id[i] = in.id(k)
			}
			if v == noNum {
				// Not a calendar day (1800-81-01): its digits are still
				// compared, as a date with a keying error.
				if k := isoDigits(r); k != "" {
					if f.key == nil {
						f.key = make([]string, n)
					}
					f.key[i] = k
				}
			}
		}
	case KindAge:
		f.num = make([]int32, n)
		refDays := int32(ref.Unix() / 86400)
		for i, r := range raw {
			f.num[i] = noNum
			if r == "" {
				continue
			}
			if a, err := strconv.Atoi(r); err == nil && a >= 0 && a < 150 {
				f.num[i] = int32(a)
			} else if d := normalize.BirthDate(r, ref); d.OK {
				f.num[i] = int32(ageAt(int32(d.Date), refDays))
			}
		}
	case KindNumber:
		f.num, f.id = make([]int32, n), make([]int32, n)
		for i, r := range raw {
			f.num[i] = noNum
			if r == "" {
				continue
			}
			if v, err := strconv.Atoi(strings.TrimLeft(r, "0")); err == nil {
				f.num[i] = int32(v)
			} else if strings.Trim(r, "0") == "" {
				f.num[i] = 0
			}
			f.id[i] = in.id(strings.ToUpper(r))
		}
	case KindExact:
		f.id = make([]int32, n)
		for i, r := range raw {
			f.id[i] = in.id(strings.ToUpper(strings.TrimSpace(r)))
		}
	case KindString:
		f.key, f.id = make([]string, n), make([]int32, n)
		for i, r := range raw {
			f.key[i] = alnumUpper(r)
			f.id[i] = in.id(f.key[i])
		}
	case KindPostcode:
		f.key, f.id = make([]string, n), make([]int32, n)
		for i, r := range raw {
			f.key[i] = postcodeKey(r)
			f.id[i] = in.id(f.key[i])
		}
	case KindCode, KindRegion, KindMasked:
		f.key, f.id = make([]string, n), make([]int32, n)
		for i, r := range raw {
			k := digitsAndMask(r, c.Kind == KindMasked)
			f.key[i] = k
			f.id[i] = in.id(k)
		}
	}
	return f
}

// dateDays is a date as days since 1970: a birth date as normalize reads
// it, or else an ISO date (yyyy-mm-dd, yyyymmdd) of any year from 1000,
// as historical records have. noNum when neither.
func dateDays(raw string, ref time.Time) int32 {
	if d := normalize.BirthDate(raw, ref); d.OK {
		return int32(d.Date)
	}
	k := isoDigits(raw)
	if k == "" {
		return noNum
	}
	y, _ := strconv.Atoi(k[:4])
	m, _ := strconv.Atoi(k[4:6])
	d, _ := strconv.Atoi(k[6:])
	if y < 1000 || m < 1 || m > 12 || d < 1 || d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return noNum
	}
	return int32(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// isoDigits is yyyymmdd for a value written yyyy-mm-dd, yyyy/mm/dd or
// yyyymmdd (whether or not it is a calendar day), else "".
func isoDigits(raw string) string {
	s := strings.TrimSpace(raw)
	if len(s) == 10 && (s[4] == '-' && s[7] == '-' || s[4] == '/' && s[7] == '/') {
		s = s[:4] + s[5:7] + s[8:]
	}
	if len(s) != 8 {
		return ""
	}
	for i := 0; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return ""
		}
	}
	return s
}

// dateKey is row i's date as yyyymmdd: from its days when it is a
// calendar day, else the digits kept by prepare ("" when none).
func dateKey(f *feature, i int, days int32) string {
	if days != noNum {
		y, m, d := civil(days)
		return fmt.Sprintf("%04d%02d%02d", y, m, d)
	}
	if f.key == nil {
		return ""
	}
	return f.key[i]
}

// digitDateLevel compares two yyyymmdd strings of which one at least is
// no calendar day: exact, digit (one digit of month or day differs),
// year_digit (one of the year), year, else.
func digitDateLevel(a, b string) int8 {
	switch {
	case a == b:
		return 0
	case digitsDiffer(a, b) == 1:
		if a[:4] == b[:4] {
			return 2
		}
		return 3
	case a[:4] == b[:4]:
		return 4
	}
	return 5
}

func digitsDiffer(a, b string) int {
	n := 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// ageAt is the age in whole years on day ref of a person born on day b.
func ageAt(b, ref int32) int {
	y, m, d := civil(b)
	ry, rm, rd := civil(ref)
	a := ry - y
	if rm < m || rm == m && rd < d {
		a--
	}
	return a
}

func sortedWords(s string) string {
	w := strings.Fields(s)
	if len(w) < 2 {
		return s
	}
	slices.Sort(w)
	return strings.Join(w, " ")
}

// alnumUpper keeps letters and digits, upper-cased, and single spaces
// between words.
func alnumUpper(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToUpper(s) {
		switch {
		case r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r > 127:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// digitsAndMask keeps the digits (and '*' masks when mask is set).
func digitsAndMask(s string, mask bool) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || mask && c == '*') {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' || mask && (c == '*' || c == 'X' || c == 'x') {
			if c == 'X' || c == 'x' {
				c = '*'
			}
			b = append(b, c)
		}
	}
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// level compares row i of a with row j of b; -1 when either is missing.
func level(k Kind, a, b *feature, i, j int) int8 {
	switch k {
	case KindName:
		if a.id[i] == 0 || b.id[j] == 0 {
			return -1
		}
		return nameLevel(a.str[i], b.str[j], a.key[i], b.key[j], a.tok[i], b.tok[j], a.ini[i], b.ini[j])
	case KindDate:
		x, y := a.num[i], b.num[j]
		if x == noNum || y == noNum {
			ka, kb := dateKey(a, i, x), dateKey(b, j, y)
			if ka == "" || kb == "" {
				return -1
			}
			return digitDateLevel(ka, kb)
		}
		return dateLevel(x, y)
	case KindAge:
		x, y := a.num[i], b.num[j]
		if x == noNum || y == noNum {
			return -1
		}
		switch d := x - y; {
		case d == 0:
			return 0
		case d == 1 || d == -1:
			return 1
		}
		return 2
	case KindNumber:
		x, y := a.num[i], b.num[j]
		if x == noNum || y == noNum {
			if a.id[i] == 0 || b.id[j] == 0 {
				return -1
			}
			if a.id[i] == b.id[j] {
				return 0
			}
			return 2
		}
		switch d := x - y; {
		case d == 0:
			return 0
		case d == 1 || d == -1:
			return 1
		}
		return 2
	case KindExact:
		if a.id[i] == 0 || b.id[j] == 0 {
			return -1
		}
		if a.id[i] == b.id[j] {
			return 0
		}
		return 1
	case KindString:
		if a.id[i] == 0 || b.id[j] == 0 {
			return -1
		}
		if a.id[i] == b.id[j] {
			return 0
		}
		switch s := jaroWinkler(a.key[i], b.key[j]); {
		case s >= 0.9:
			return 1
		case s >= 0.75:
			return 2
		}
		return 3
	case KindCode:
		if a.id[i] == 0 || b.id[j] == 0 {
			return -1
		}
		if a.id[i] == b.id[j] {
			return 0
		}
		if codeTypo(a.key[i], b.key[j]) {
			return 1
		}
		return 2
	case KindPostcode:
		if a.id[i] == 0 || b.id[j] == 0 {
			return -1
		}
		if a.id[i] == b.id[j] {
			return 0
		}
		return postcodeLevel(a.key[i], b.key[j])
	case KindRegion:
		if a.id[i] == 0 || b.id[j] == 0 {
			return -1
		}
		return regionLevel(a.key[i], b.key[j])
	case KindMasked:
		if a.id[i] == 0 || b.id[j] == 0 {
			return -1
		}
		return maskedLevel(a.key[i], b.key[j])
	}
	return -1
}

func nameLevel(sa, sb, ka, kb, ta, tb, ia, ib string) int8 {
	if sa == sb {
		return 0
	}
	if ka == kb {
		return 1
	}
	// The key folds Indonesian spellings (OE to U, DJ to J), which can
	// pull other names apart (MOORE, MOOE): the better of the key's and the
	// clean name's similarity counts.
	jw := jaroWinkler(ka, kb)
	if sa != ka || sb != kb {
		jw = max(jw, jaroWinkler(sa, sb))
	}
	if jw >= 0.95 {
		return 2
	}
	if ta == tb || wordsWithin(ta, tb) {
		return 3
	}
	if jw >= 0.88 || min(len(ka), len(kb)) >= 4 && oneEdit(ka, kb) || min(len(sa), len(sb)) >= 4 && oneEdit(sa, sb) {
		return 4
	}
	if ia == ib || len(sa) == 1 && sb[0] == sa[0] || len(sb) == 1 && sa[0] == sb[0] {
		return nameInitials
	}
	if jw >= 0.7 {
		return nameInitials + 1
	}
	return nameInitials + 2
}

// nameSwapped and nameInitials are KindName's levels "swapped" and
// "initials".
const (
	nameSwapped  = 5
	nameInitials = 6
)

// oneEdit reports whether a and b differ by one letter changed, added or
// left out, or two neighbours swapped (Damerau-Levenshtein distance 1):
// a short name's one typo (MSRY, MARY) is far below the Jaro-Winkler
// bands.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		first, n := -1, 0
		for i := 0; i < len(a); i++ {
			if a[i] != b[i] {
				if first < 0 {
					first = i
				}
				n++
			}
		}
		return n == 1 || n == 2 && first+1 < len(a) && a[first] == b[first+1] && a[first+1] == b[first] && a[first+2:] == b[first+2:]
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// wordsWithin reports whether every word of the shorter of two sorted word
// lists is in the longer one (ANI / SITI ANI), with at least one word.
func wordsWithin(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if !strings.Contains(a, " ") && !strings.Contains(b, " ") {
		return false
	}
	for w := range strings.FieldsSeq(a) {
		found := false
		for v := range strings.FieldsSeq(b) {
			if v == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func dateLevel(x, y int32) int8 {
	if x == y {
		return 0
	}
	swapped, year, monthDay := dateDigits(x, y)
	switch {
	case swapped:
		return 1
	case year == 0 && monthDay == 1:
		return 2
	case year == 1 && monthDay == 0:
		return 3
	case year == 0:
		return 4
	}
	return 5
}

// codeTypo reports whether two digit strings of one length differ in one
// place or by two swapped neighbours.
func codeTypo(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	first, n := -1, 0
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			if first < 0 {
				first = i
			}
			n++
			if n > 2 {
				return false
			}
		}
	}
	switch n {
	case 1:
		return true
	case 2:
		return first+1 < len(a) && a[first] == b[first+1] && a[first+1] == b[first]
	}
	return false
}

func regionLevel(a, b string) int8 {
	n := min(len(a), len(b))
	p := 0
	for p < n && a[p] == b[p] {
		p++
	}
	switch {
	case p == n && len(a) == len(b):
		return 0
	case p >= 6:
		return 1
	case p >= 4:
		return 2
	case p >= 2:
		return 3
	}
	return 4
}

func maskedLevel(a, b string) int8 {
	am, bm := strings.IndexByte(a, '*') >= 0, strings.IndexByte(b, '*') >= 0
	if !am && !bm {
		if a == b {
			return 0
		}
		if codeTypo(a, b) {
			return 1
		}
		return 4
	}
	if len(a) != len(b) {
		return 4
	}
	visible := 0
	for i := 0; i < len(a); i++ {
		if a[i] == '*' || b[i] == '*' {
			continue
		}
		if a[i] != b[i] {
			return 4
		}
		visible++
	}
	if visible >= 10 {
		return 2
	}
	if visible > 0 {
		return 3
	}
	return -1
}

// postcodeKey is a postcode upper-cased, letters and digits only, with
// one space before the inward code (its last three characters).
func postcodeKey(raw string) string {
	b := make([]byte, 0, len(raw)+1)
	for _, r := range strings.ToUpper(raw) {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			b = append(b, byte(r))
		}
	}
	if len(b) <= 3 {
		return string(b)
	}
	return string(b[:len(b)-3]) + " " + string(b[len(b)-3:])
}

// postcodeLevel compares two different postcode keys: typo, sector,
// district, area, else.
func postcodeLevel(a, b string) int8 {
	if oneEdit(a, b) {
		return 1
	}
	oa, ia, _ := strings.Cut(a, " ")
	ob, ib, _ := strings.Cut(b, " ")
	switch {
	case oa == ob && ia != "" && ib != "" && ia[0] == ib[0]:
		return 2
	case oa == ob:
		return 3
	}
	la, lb := 0, 0
	for la < len(oa) && oa[la] >= 'A' {
		la++
	}
	for lb < len(ob) && ob[lb] >= 'A' {
		lb++
	}
	if la > 0 && oa[:la] == ob[:lb] {
		return 4
	}
	return 5
}
