package names

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Perturbation tags what was done to a name. The values are stable: they are
// written into ground-truth files.
type Perturbation string

const (
	PerturbTypoSub     Perturbation = "typo_sub"     // keyboard-neighbour substitution
	PerturbTypoDel     Perturbation = "typo_del"     // a letter dropped
	PerturbTypoIns     Perturbation = "typo_ins"     // a letter doubled or a neighbour key added
	PerturbTypoSwap    Perturbation = "typo_swap"    // two adjacent letters transposed
	PerturbOCR         Perturbation = "ocr"          // O/0, I/1, S/5, B/8, RN/M confusions
	PerturbOldSpelling Perturbation = "old_spelling" // SURYANI -> SOERJANI
	PerturbNewSpelling Perturbation = "new_spelling" // SOEPARMAN -> SUPARMAN
	PerturbTitle       Perturbation = "title"        // H., HJ., DRS., ", S.PD." ...
	PerturbAbbrev      Perturbation = "abbrev"       // MUHAMMAD -> M., SETIAWAN -> S.
	PerturbDropToken   Perturbation = "drop_token"   // a word left out
	PerturbReorder     Perturbation = "reorder"      // words in another order
	PerturbCase        Perturbation = "case"         // lower or title case
	PerturbSpace       Perturbation = "space"        // spaces lost, doubled or inserted
)

// AllPerturbations lists every tag.
var AllPerturbations = []Perturbation{
	PerturbTypoSub, PerturbTypoDel, PerturbTypoIns, PerturbTypoSwap, PerturbOCR,
	PerturbOldSpelling, PerturbNewSpelling, PerturbTitle, PerturbAbbrev,
	PerturbDropToken, PerturbReorder, PerturbCase, PerturbSpace,
}

func isLetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 0x20
	}
	return c
}
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isVowel(c byte) bool {
	switch upper(c) {
	case 'A', 'E', 'I', 'O', 'U':
		return true
	}
	return false
}

// withCase returns c in the case of model (ASCII letters only).
func withCase(c, model byte) byte {
	if isLower(model) && c >= 'A' && c <= 'Z' {
		return c + 0x20
	}
	return c
}

func at(s string, i int) byte {
	if i < 0 || i >= len(s) {
		return 0
	}
	return s[i]
}

func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "")
}

// QWERTY neighbours of each letter.
var keyNeighbours = [26]string{
	"QWSZ", "VGHN", "XDFV", "SERFCX", "WRSD", "DRTGVC", "FTYHBV", "GYUJNB", "UJKO",
	"HUIKMN", "JIOLM", "KOP", "NJK", "BHJM", "IKLP", "OL", "WA", "ETDF", "AWEDXZ",
	"RYFG", "YHJI", "CFGB", "QEAS", "ZSDC", "TGHU", "ASX",
}

// Typo applies one keyboard or OCR error: substitution by a neighbouring key,
// deletion, insertion (doubling or a neighbouring key), transposition of two
// adjacent different letters, or an OCR confusion (O/0, I/1, S/5, B/8, RN/M
// and back). Only ASCII letters are touched, so valid UTF-8 stays valid
// (invalid input is first cleaned). The result always differs from the
// input unless the name has fewer than two ASCII letters, in which case it
// is returned as is with an empty tag.
func Typo(r *rand.Rand, name string) (string, Perturbation) {
	s := validUTF8(name)
	var buf [64]int
	letters := buf[:0]
	for i := 0; i < len(s); i++ {
		if isLetter(s[i]) {
			letters = append(letters, i)
		}
	}
	if len(letters) < 2 {
		return s, ""
	}
	x := r.Float64()
	switch {
	case x < 0.20:
		if out, ok := typoDel(r, s, letters); ok {
			return out, PerturbTypoDel
		}
	case x < 0.35:
		return typoIns(r, s, letters), PerturbTypoIns
	case x < 0.55:
		if out, ok := typoSwap(r, s, letters); ok {
			return out, PerturbTypoSwap
		}
	case x < 0.68:
		if out, ok := ocr(r, s); ok {
			return out, PerturbOCR
		}
	}
	return typoSub(r, s, letters), PerturbTypoSub
}

func typoSub(r *rand.Rand, s string, letters []int) string {
	p := letters[r.IntN(len(letters))]
	c := s[p]
	nb := keyNeighbours[upper(c)-'A']
	n := withCase(nb[r.IntN(len(nb))], c)
	return s[:p] + string(n) + s[p+1:]
}

// typoDel drops a letter from a word of two or more letters (dropping a
// one-letter word such as Balinese "I" would leave a stray space).
func typoDel(r *rand.Rand, s string, letters []int) (string, bool) {
	var buf [64]int
	cand := buf[:0]
	for _, p := range letters {
		if isLetter(at(s, p-1)) || isLetter(at(s, p+1)) {
			cand = append(cand, p)
		}
	}
	if len(cand) == 0 {
		return "", false
	}
	p := cand[r.IntN(len(cand))]
	return s[:p] + s[p+1:], true
}

func typoIns(r *rand.Rand, s string, letters []int) string {
	p := letters[r.IntN(len(letters))]
	c := s[p]
	ins := c
	if r.IntN(2) == 0 {
		nb := keyNeighbours[upper(c)-'A']
		ins = withCase(nb[r.IntN(len(nb))], c)
	}
	if r.IntN(2) == 0 {
		p++ // after the letter
	}
	return s[:p] + string(ins) + s[p:]
}

func typoSwap(r *rand.Rand, s string, letters []int) (string, bool) {
	var buf [64]int
	cand := buf[:0]
	for _, p := range letters {
		if p+1 < len(s) && isLetter(s[p+1]) && upper(s[p]) != upper(s[p+1]) {
			cand = append(cand, p)
		}
	}
	if len(cand) == 0 {
		return "", false
	}
	p := cand[r.IntN(len(cand))]
	return s[:p] + string([]byte{s[p+1], s[p]}) + s[p+2:], true
}

// ocr applies one optical-character-recognition confusion.
func ocr(r *rand.Rand, s string) (string, bool) {
	type edit struct {
		pos, n int
		rep    string
	}
	var buf [64]edit
	cand := buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch upper(c) {
		case 'O':
			cand = append(cand, edit{i, 1, "0"})
		case 'I':
			cand = append(cand, edit{i, 1, "1"})
		case 'S':
			cand = append(cand, edit{i, 1, "5"})
		case 'B':
			cand = append(cand, edit{i, 1, "8"})
		case 'M':
			cand = append(cand, edit{i, 1, string([]byte{withCase('R', c), withCase('N', c)})})
		case 'R':
			if upper(at(s, i+1)) == 'N' {
				cand = append(cand, edit{i, 2, string(withCase('M', c))})
			}
		case '0':
			cand = append(cand, edit{i, 1, "O"})
		case '1':
			cand = append(cand, edit{i, 1, "I"})
		case '5':
			cand = append(cand, edit{i, 1, "S"})
		case '8':
			cand = append(cand, edit{i, 1, "B"})
		}
	}
	if len(cand) == 0 {
		return "", false
	}
	e := cand[r.IntN(len(cand))]
	return s[:e.pos] + e.rep + s[e.pos+e.n:], true
}

// OldSpelling rewrites a name as a writer of the pre-1972 spelling would:
// U -> OE (not in the diphthongs AU, OU, EU), J -> DJ, C -> TJ before a
// vowel, Y -> J before a vowel (so SY -> SJ and NY -> NJ), KH -> CH.
// Letters already in old spelling (DJ, TJ, SJ, CH) are left alone. Case is
// preserved. It reports false when nothing changed, e.g. for SITI AMINAH.
//
//	SURYANI -> SOERJANI, JOKO -> DJOKO, CIPTO -> TJIPTO, YOHANA -> JOHANA,
//	KHADIJAH -> CHADIDJAH, SYAFRIZAL -> SJAFRIZAL, I NYOMAN -> I NJOMAN
func OldSpelling(name string) (string, bool) {
	s := validUTF8(name)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		prev, next := upper(at(s, i-1)), upper(at(s, i+1))
		switch upper(c) {
		case 'U':
			if prev == 'A' || prev == 'O' || prev == 'E' || prev == 'Q' {
				b.WriteByte(c)
			} else {
				b.WriteByte(withCase('O', c))
				b.WriteByte(withCase('E', c))
			}
		case 'J':
			if prev != 'D' && prev != 'T' && prev != 'S' {
				b.WriteByte(withCase('D', c))
			}
			b.WriteByte(c)
		case 'C':
			if next != 'H' && isVowel(next) {
				b.WriteByte(withCase('T', c))
				b.WriteByte(withCase('J', c))
			} else {
				b.WriteByte(c)
			}
		case 'K':
			if next == 'H' {
				b.WriteByte(withCase('C', c))
				b.WriteByte(s[i+1])
				i++
			} else {
				b.WriteByte(c)
			}
		case 'Y':
			if isVowel(next) {
				b.WriteByte(withCase('J', c))
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	return out, out != name
}

// hasOldMarks reports whether a name shows pre-1972 spelling (OE, DJ, TJ,
// SJ), which licenses reading its other J's as Y's.
func hasOldMarks(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		a, b := upper(s[i]), upper(s[i+1])
		if (a == 'O' && b == 'E') || (b == 'J' && (a == 'D' || a == 'T' || a == 'S')) {
			if a == 'O' && oeException(s, i) {
				continue
			}
			return true
		}
	}
	return false
}

// Words whose OE is not the old spelling of U.
var oeWords = []string{"OEI", "OEY", "NDOEN", "JOE", "ZOE", "NOEL", "JOEL", "NOEMI", "CHLOE"}

func oeException(s string, i int) bool {
	start := strings.LastIndexByte(s[:i], ' ') + 1
	end := strings.IndexByte(s[i:], ' ')
	if end < 0 {
		end = len(s)
	} else {
		end += i
	}
	w := s[start:end]
	for _, x := range oeWords {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}

// Arabic-derived word starts whose CH is the old spelling of KH even when
// the name shows no other old mark.
var chArabic = []string{"CHOIR", "CHAIR", "CHAER", "CHUSN", "CHOLI", "CHALI", "CHOTI", "CHADI", "CHODI", "CHAMI", "CHASAN", "CHUSAI", "CHAFI", "CHUDORI", "CHOLIF", "CHALID", "CHOLID", "CHOERU"}

func chIsKH(s string, i int, old bool) bool {
	if !isVowel(at(s, i+2)) {
		return false
	}
	if old {
		return true
	}
	if i > 0 && s[i-1] != ' ' {
		return false
	}
	rest := s[i:]
	for _, p := range chArabic {
		if len(rest) >= len(p) && strings.EqualFold(rest[:len(p)], p) {
			return true
		}
	}
	return false
}

// NewSpelling is the reverse of OldSpelling: OE -> U, DJ -> J, TJ -> C,
// SJ -> SY, CH -> KH before a vowel (in names showing other old marks, or
// in Arabic-derived words such as CHOIRUL), and J -> Y before a vowel where
// the name shows other old marks (SOERJANI -> SURYANI, but JOKO stays).
// Case is preserved; false when nothing changed.
func NewSpelling(name string) (string, bool) {
	s := validUTF8(name)
	old := hasOldMarks(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		u, next := upper(c), upper(at(s, i+1))
		switch {
		case u == 'O' && next == 'E' && !oeException(s, i):
			b.WriteByte(withCase('U', c))
			i++
		case u == 'D' && next == 'J':
			b.WriteByte(s[i+1])
			i++
		case u == 'T' && next == 'J':
			b.WriteByte(withCase('C', c))
			i++
		case u == 'S' && next == 'J':
			b.WriteByte(c)
			b.WriteByte(withCase('Y', s[i+1]))
			i++
		case u == 'C' && next == 'H' && chIsKH(s, i, old):
			b.WriteByte(withCase('K', c))
			b.WriteByte(s[i+1])
			i++
		case u == 'J' && old && isVowel(next):
			b.WriteByte(withCase('Y', c))
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	return out, out != name
}

type title struct {
	text   string
	prefix bool
	wm, wf float64 // relative frequency among men's / women's titled names
}

// Titles and degrees as they show up in voter lists. The hajj titles and
// the teacher's S.PD. dominate.
var titles = []title{
	{"H.", true, 32, 0},
	{"HJ.", true, 0, 32},
	{"DRS.", true, 6, 0},
	{"DRA.", true, 0, 5},
	{"IR.", true, 3, 0.8},
	{"DR.", true, 1.5, 0.8},
	{"PROF.", true, 0.3, 0.1},
	{"S.PD.", false, 12, 15},
	{"S.E.", false, 6, 5},
	{"S.H.", false, 4, 3},
	{"S.AG.", false, 3, 2.5},
	{"S.KOM.", false, 2, 2},
	{"S.T.", false, 3, 0.8},
	{"S.SOS.", false, 2, 2},
	{"S.IP.", false, 1, 0.5},
	{"A.MD.", false, 2, 2},
	{"M.M.", false, 1.5, 1},
	{"S.KEP.", false, 1.2, 3},
	{"AMD.KEB.", false, 0, 4},
	{"S.PD.I.", false, 1.5, 2},
}

// AddTitle adds one religious title or academic degree: a prefix ("H.
// AHMAD FAUZI", "HJ. SITI AMINAH", "DRS. BUDI SANTOSO") or a suffix after a
// comma ("SRI WAHYUNI, S.PD."). It returns the new name and the title added
// as written (e.g. "H." or "S.PD."). A title the name already carries is not
// added twice.
func AddTitle(r *rand.Rand, name string, female bool) (string, string) {
	name = validUTF8(name)
	total := 0.0
	for _, t := range titles {
		total += tw(t, female)
	}
	var t title
	for try := 0; try < 8; try++ {
		x := r.Float64() * total
		for _, c := range titles {
			x -= tw(c, female)
			if x < 0 {
				t = c
				break
			}
		}
		if t.text == "" {
			t = titles[7] // S.PD.
		}
		if !hasTitle(name, t) {
			break
		}
	}
	if hasTitle(name, t) { // unlucky draws: take the first fitting title
		for _, c := range titles {
			if tw(c, female) > 0 && !hasTitle(name, c) {
				t = c
				break
			}
		}
	}
	if t.prefix {
		return t.text + " " + name, t.text
	}
	return name + ", " + t.text, t.text
}

func tw(t title, female bool) float64 {
	if female {
		return t.wf
	}
	return t.wm
}

func hasTitle(name string, t title) bool {
	if t.prefix {
		for _, f := range strings.Fields(name) {
			if strings.EqualFold(f, t.text) {
				return true
			}
		}
		return false
	}
	return strings.Contains(strings.ToUpper(name), ", "+t.text) || strings.HasSuffix(strings.ToUpper(name), " "+t.text)
}

var muhVariants = []string{"MUHAMMAD", "MUHAMAD", "MOHAMMAD", "MOHAMAD", "MOCHAMAD", "MOCHAMMAD", "MUCHAMAD", "MUCHAMMAD", "MUHAMMED", "MOHAMMED", "MUHAMAT", "MOCHAMMAD"}

// IsMuhammad reports whether a word is a spelling or abbreviation of
// Muhammad as used in Indonesian names (MUHAMMAD, MOCHAMAD, MOH., MHD, M. ...).
func IsMuhammad(word string) bool {
	w := strings.ToUpper(word)
	for _, v := range muhVariants {
		if w == v {
			return true
		}
	}
	switch strings.TrimSuffix(w, ".") {
	case "MOH", "MUH", "MHD", "MOCH", "MOHD", "M":
		return true
	}
	return false
}

var muhAbbrev = []struct {
	s string
	w float64
}{{"M.", 30}, {"MOH.", 25}, {"MUH.", 20}, {"MHD.", 15}, {"MOCH.", 10}}

// Abbreviate shortens one word the way clerks do: a Muhammad spelling to
// M./MOH./MUH./MHD./MOCH., ABDUL to ABD., SITI to ST., rarely NURUL to NRL,
// or a later word to its initial ("AGUS SETIAWAN" -> "AGUS S."). It
// reports false when no word can be shortened.
func Abbreviate(r *rand.Rand, name string) (string, bool) {
	name = validUTF8(name)
	words := strings.Split(name, " ")
	type cand struct {
		i int
		w float64
	}
	var buf [16]cand
	cands := buf[:0]
	total := 0.0
	first := -1 // the first content word is never cut to an initial
	for i, w := range words {
		core := strings.TrimRight(w, ",")
		if core == "" || !plainWord(core) {
			continue
		}
		if first < 0 {
			first = i
		}
		u := strings.ToUpper(core)
		var x float64
		switch {
		case IsMuhammad(u):
			x = 6
		case u == "ABDUL":
			x = 4
		case u == "SITI":
			x = 3
		case u == "NURUL":
			x = 0.3
		case i != first && len(core) >= 3:
			x = 1
		}
		if x > 0 {
			cands = append(cands, cand{i, x})
			total += x
		}
	}
	if len(cands) == 0 {
		return name, false
	}
	x := r.Float64() * total
	pick := cands[len(cands)-1].i
	for _, c := range cands {
		x -= c.w
		if x < 0 {
			pick = c.i
			break
		}
	}
	w := words[pick]
	core := strings.TrimRight(w, ",")
	u := strings.ToUpper(core)
	var rep string
	switch {
	case IsMuhammad(u):
		y := r.Float64() * 100
		for _, a := range muhAbbrev {
			y -= a.w
			if y < 0 {
				rep = a.s
				break
			}
		}
		if rep == "" {
			rep = "M."
		}
	case u == "ABDUL":
		rep = "ABD."
	case u == "SITI":
		rep = "ST."
	case u == "NURUL":
		rep = "NRL"
	default:
		rep = string(upper(core[0])) + "."
	}
	if isLower(core[0]) {
		rep = strings.ToLower(rep)
	}
	words[pick] = rep + w[len(core):]
	return strings.Join(words, " "), true
}

// plainWord: letters and apostrophes only (no titles, initials, commas).
func plainWord(w string) bool {
	if len(w) == 0 || !isLetter(w[0]) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isLetter(w[i]) && w[i] != '\'' && w[i] < 0x80 {
			return false
		}
	}
	return true
}

// DropToken leaves out one word (not the only one), most often a later one.
func DropToken(r *rand.Rand, name string) (string, bool) {
	name = validUTF8(name)
	words := strings.Fields(name)
	if len(words) < 2 {
		return name, false
	}
	i := 1 + r.IntN(len(words)-1)
	if r.IntN(4) == 0 {
		i = 0
	}
	out := strings.Join(append(words[:i:i], words[i+1:]...), " ")
	return out, out != name
}

// Reorder moves the last word to the front (surname-first forms) or swaps
// two adjacent words.
func Reorder(r *rand.Rand, name string) (string, bool) {
	name = validUTF8(name)
	words := strings.Fields(name)
	if len(words) < 2 {
		return name, false
	}
	if r.IntN(5) < 3 {
		last := words[len(words)-1]
		copy(words[1:], words[:len(words)-1])
		words[0] = last
	} else {
		i := r.IntN(len(words) - 1)
		words[i], words[i+1] = words[i+1], words[i]
	}
	out := strings.Join(words, " ")
	return out, out != name
}

// ChangeCase writes the name in lower case or in title case, as spreadsheets
// and web forms do.
func ChangeCase(r *rand.Rand, name string) (string, bool) {
	var out string
	if r.IntN(5) < 2 {
		out = strings.ToLower(name)
	} else {
		b := []byte(strings.ToLower(name))
		start := true
		for i, c := range b {
			if start && c >= 'a' && c <= 'z' {
				b[i] = c - 0x20
			}
			start = c == ' ' || c == '.' || c == '\''
		}
		out = string(b)
	}
	out = validUTF8(out)
	return out, out != name
}

// SpaceNoise removes a space between two words ("SITIAMINAH"), doubles one,
// or splits a word ("SETIA WAN").
func SpaceNoise(r *rand.Rand, name string) (string, bool) {
	s := validUTF8(name)
	var spaces []int
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			spaces = append(spaces, i)
		}
	}
	mode := r.IntN(4)
	if len(spaces) > 0 && mode < 2 {
		p := spaces[r.IntN(len(spaces))]
		return s[:p] + s[p+1:], true
	}
	if len(spaces) > 0 && mode == 2 {
		p := spaces[r.IntN(len(spaces))]
		return s[:p] + " " + s[p:], true
	}
	// split inside a word between two letters
	var cand []int
	for i := 1; i+1 < len(s); i++ {
		if isLetter(s[i-1]) && isLetter(s[i]) && isLetter(s[i+1]) {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		if len(spaces) > 0 {
			p := spaces[r.IntN(len(spaces))]
			return s[:p] + s[p+1:], true
		}
		return s, s != name
	}
	p := cand[r.IntN(len(cand))]
	return s[:p] + " " + s[p:], true
}

// perturbKinds weights the kinds Perturb chooses from (typos dominate).
var perturbKinds = []struct {
	p Perturbation
	w float64
}{
	{PerturbTypoSub, 14}, {PerturbOCR, 4}, {PerturbOldSpelling, 5}, {PerturbNewSpelling, 5},
	{PerturbTitle, 10}, {PerturbAbbrev, 10}, {PerturbDropToken, 10}, {PerturbReorder, 5},
	{PerturbCase, 4}, {PerturbSpace, 6},
}

// Perturb applies one perturbation chosen at random with realistic weights,
// falling back to a typo when the chosen kind does not apply. The tag says
// what was done ("" only for names with fewer than two letters).
func Perturb(r *rand.Rand, name string, female bool) (string, Perturbation) {
	total := 0.0
	for _, k := range perturbKinds {
		total += k.w
	}
	x := r.Float64() * total
	kind := PerturbTypoSub
	for _, k := range perturbKinds {
		x -= k.w
		if x < 0 {
			kind = k.p
			break
		}
	}
	name = validUTF8(name)
	var out string
	ok := false
	switch kind {
	case PerturbOldSpelling:
		out, ok = OldSpelling(name)
	case PerturbNewSpelling:
		out, ok = NewSpelling(name)
	case PerturbTitle:
		out, _ = AddTitle(r, name, female)
		ok = true
	case PerturbAbbrev:
		out, ok = Abbreviate(r, name)
	case PerturbDropToken:
		out, ok = DropToken(r, name)
	case PerturbReorder:
		out, ok = Reorder(r, name)
	case PerturbCase:
		out, ok = ChangeCase(r, name)
	case PerturbSpace:
		out, ok = SpaceNoise(r, name)
	}
	if ok && out != name {
		return out, kind
	}
	return Typo(r, name)
}
