package normalize

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Name is a personal name read from a leak.
type Name struct {
	// Clean is the name for display: upper case, one space between words,
	// apostrophes inside words kept (MA'RUF), a dot kept only at the end
	// of an abbreviation (MUH., M. ARIF), commas and other punctuation
	// removed, and leading titles and trailing degrees removed.
	Clean string
	// Titles are the removed titles and degrees in the order written, in
	// canonical form: "H.", "HJ.", "DRS.", "S.PD.", "AMD.KEB." …
	Titles []string
	// Key is for comparing names, never for showing them: Clean without
	// dots and apostrophes, letters without diacritics, spelling variants
	// folded (see PersonName) and abbreviations expanded.
	Key string
	// Initials are the first letters of Key's words.
	Initials string
}

// PersonName normalises a personal name.
//
// Clean: letters are upper-cased, words split at spaces, dots, commas,
// dashes and other punctuation; apostrophes (', `, ’, ʼ) become ' and are
// kept inside words. Leading titles (H., HJ., DR., DRS., IR., PROF., KH. …)
// and trailing degrees (S.PD., S.E., A.MD., M.M., AMD.KEB. …, written with
// or without dots or spaces: "S.Pd.I", "S PD", "SPd") are removed and
// listed in Titles; a degree written without dots is recognised only when
// it cannot be a name word, unless it follows a comma. A name is never
// reduced to nothing: the last word stays even if it looks like a title.
//
// Key: each word of Clean is folded letter by letter, so that spellings of
// one name meet:
//   - pre-1972 spelling: OE→U, DJ→J, TJ→C, SJ→SY, CH→KH;
//   - J before a vowel → Y. The old spelling wrote Y as J (SOERJANI for
//     SURYANI, JOHANA for YOHANA) and nothing in a single word tells an
//     old J from a modern one, so the key merges the two before vowels
//     (JOKO and YOKO share a key; matching has other fields to tell them
//     apart). For the same reason DY before a vowel → Y and TY before a
//     vowel → C, the readings of the old DJ and TJ (WIDJA/WIDYA,
//     PRASETJO/PRASETYO);
//   - variant spellings: Q→K (RIZQI), Z before K → S (RIZKI/RISKI), a
//     final Y after a consonant → I (RIZKY/RIZKI, HENDY/HENDI), and any
//     doubled letter → one (MUHAMMAD/MUHAMAD, ANNISA/ANISA). Doubling
//     rarely tells names apart in Indonesian, while clerks double and
//     undouble letters freely, so folding it is safe for a comparison key;
//   - digits OCR confuses with letters: 0→O, 1→I, 5→S, 8→B;
//   - diacritics are removed (É→E).
//
// Then titles are removed once more on the folded words, and abbreviations
// are expanded: every spelling of Muhammad (MUHAMAD, MOCHAMMAD, MOH., MUH.,
// MHD., MOCH., MOHD.) and M. anywhere but as the last word → MUHAMMAD;
// ABD. → ABDUL; ST. anywhere but as the last word (where it is the degree
// S.T. or an initial) → SITI; NRL → NURUL.
func PersonName(raw string) Name { return personName(raw, true) }

// PersonNameNoInitials is PersonName without Initials, for callers that do
// not keep them (ingest, where computing them was ~10% of the name's cost).
func PersonNameNoInitials(raw string) Name { return personName(raw, false) }

func personName(raw string, initials bool) Name {
	var tbArr [160]byte
	var spArr [24]span
	buf, toks, commaAt := tokenize(raw, tbArr[:0], spArr[:0])
	if len(toks) == 0 {
		return Name{}
	}
	var tiArr [8]string
	titles := tiArr[:0]
	lo, hi, titles := stripTitles(buf, toks, commaAt, titles)

	// Fold each kept word into the key buffer.
	var kbArr [160]byte
	var ksArr [24]span
	kb, ks := kbArr[:0], ksArr[:0]
	unfolded := true // every word is its own key
	for _, sp := range toks[lo:hi] {
		st := len(kb)
		kb = foldWord(kb, buf[sp.s:sp.e])
		ks = append(ks, span{s: int32(st), e: int32(len(kb))})
		unfolded = unfolded && string(kb[st:]) == string(buf[sp.s:sp.e])
	}
	klo, khi := 0, len(ks)
	if !unfolded || !skipUnfoldedStrip {
		// Words left as they were cannot hold a title the first pass did
		// not strip (the same bytes, and no dots or comma to help), so
		// only folded words are looked at again.
		var ktArr [4]string
		klo, khi, _ = stripTitles(kb, ks, -1, ktArr[:0])
	}

	// Clean, Key and Initials share one allocation.
	var outArr [256]byte
	out := outArr[:0]
	for i, sp := range toks[lo:hi] {
		if i > 0 {
			out = append(out, ' ')
		}
		out = append(out, buf[sp.s:sp.e]...)
	}
	nClean := len(out)
	for i := klo; i < khi; i++ {
		if i > klo {
			out = append(out, ' ')
		}
		w := kb[ks[i].s:ks[i].e]
		if x := expand(w, i == khi-1); x != "" {
			out = append(out, x...)
		} else {
			out = append(out, w...)
		}
	}
	nKey := len(out)
	keyIsClean := nKey-nClean == nClean && string(out[nClean:nKey]) == string(out[:nClean])
	if keyIsClean {
		out = out[:nClean]
	}
	if !initials && string(out[:nClean]) == raw {
		// Most names of a dump are written clean already: they are their
		// own Clean, and often their own Key, without allocating.
		n := Name{Clean: raw, Key: raw}
		if !keyIsClean {
			n.Key = string(out[nClean:nKey])
		}
		if len(titles) > 0 {
			n.Titles = append([]string(nil), titles...)
		}
		return n
	}
	iStart := len(out)
	key := out[nClean:nKey]
	if keyIsClean {
		key = out[:nClean]
	}
	word := true
	for i := 0; initials && i < len(key); {
		c := key[i]
		size := 1
		if c >= utf8.RuneSelf {
			_, size = utf8.DecodeRune(key[i:])
		}
		if c == ' ' {
			word = true
		} else if word {
			out = append(out, key[i:i+size]...)
			word = false
		}
		i += size
	}
	s := string(out)
	n := Name{Clean: s[:nClean], Initials: s[iStart:]}
	if len(titles) > 0 {
		n.Titles = append([]string(nil), titles...)
	}
	if keyIsClean {
		n.Key = n.Clean
	} else {
		n.Key = s[nClean:nKey]
	}
	return n
}

// skipUnfoldedStrip is false only in tests, which check that skipping the
// second title pass changes nothing.
var skipUnfoldedStrip = true

// span is a word in a buffer: bytes [s, e); dot records that the word was
// written with a trailing dot (which is part of the bytes).
type span struct {
	s, e int32
	dot  bool
}

// flushWord ends the word begun at start: trailing apostrophes are
// dropped, a dot is kept when the word ended with one, and an empty word
// is discarded.
func flushWord(buf []byte, toks []span, start int, dot bool) ([]byte, []span, int) {
	for len(buf) > start && buf[len(buf)-1] == '\'' {
		buf = buf[:len(buf)-1]
	}
	if len(buf) == start {
		return buf, toks, start
	}
	if dot {
		buf = append(buf, '.')
	}
	toks = append(toks, span{s: int32(start), e: int32(len(buf)), dot: dot})
	return buf, toks, len(buf)
}

// tokenize splits a raw name into upper-case words, appended to buf and
// toks. commaAt is the index of the first word after the first comma, or
// -1. (Plain functions rather than methods keep buf and toks on the
// caller's stack.)
func tokenize(raw string, buf []byte, toks []span) ([]byte, []span, int) {
	commaAt, start := -1, 0
	for i := 0; i < len(raw); {
		c := raw[i]
		apostrophe := false
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z':
				buf = append(buf, c-('a'-'A'))
			case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
				buf = append(buf, c)
			case c == '\'' || c == '`':
				apostrophe = true
			case c == '.':
				buf, toks, start = flushWord(buf, toks, start, true)
			case c == ',':
				buf, toks, start = flushWord(buf, toks, start, false)
				if commaAt < 0 && len(toks) > 0 {
					commaAt = len(toks)
				}
			default:
				buf, toks, start = flushWord(buf, toks, start, false)
			}
		} else {
			r, size := utf8.DecodeRuneInString(raw[i:])
			i += size
			switch {
			case r == '\u2019' || r == '\u2018' || r == '\u02BC' || r == '\u00B4':
				apostrophe = true
			case r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsMark(r)):
				if u := unicode.ToUpper(r); u >= utf8.RuneSelf || u >= 'A' && u <= 'Z' {
					buf = utf8.AppendRune(buf, u)
					continue
				}
				buf, toks, start = flushWord(buf, toks, start, false)
			default:
				buf, toks, start = flushWord(buf, toks, start, false)
			}
		}
		if apostrophe && len(buf) > start && buf[len(buf)-1] != '\'' {
			buf = append(buf, '\'')
		}
	}
	buf, toks, _ = flushWord(buf, toks, start, false)
	return buf, toks, commaAt
}

// stripTitles removes leading titles and trailing degrees from the words
// toks of buf and returns the range of words left, never empty. commaAt is
// the first word after a comma (-1: none); words there may be degrees
// written without dots. The canonical forms, in written order, are
// appended to titles.
func stripTitles(buf []byte, toks []span, commaAt int, titles []string) (lo, hi int, _ []string) {
	lo, hi = 0, len(toks)
	for hi-lo > 1 {
		k, canon := matchTitle(buf, toks, lo, hi, true, commaAt)
		if k == 0 {
			break
		}
		titles = append(titles, canon)
		lo += k
	}
	n := len(titles)
	for hi-lo > 1 {
		k, canon := matchTitle(buf, toks, lo, hi, false, commaAt)
		if k == 0 {
			break
		}
		titles = append(titles, canon)
		hi -= k
	}
	slices.Reverse(titles[n:])
	return lo, hi, titles
}

// matchTitle looks for a title at the start (prefix) or a degree at the
// end of words [lo, hi), made of up to three (four for degrees) words, the
// longest first, leaving at least one word. It returns the number of words
// and the canonical form, or 0.
func matchTitle(buf []byte, toks []span, lo, hi int, prefix bool, commaAt int) (int, string) {
	maxK := 3
	if !prefix {
		maxK = 4
	}
	maxK = min(maxK, hi-lo-1)
	for k := maxK; k >= 1; k-- {
		a, b := lo, lo+k
		if !prefix {
			a, b = hi-k, hi
		}
		// Rule out most groups by length and first letter before copying.
		n := 0
		for _, sp := range toks[a:b] {
			n += int(sp.e - sp.s)
			if sp.dot {
				n--
			}
		}
		filter := &degreeFilter
		if prefix {
			filter = &prefixFilter
		}
		if n >= len(filter) || filter[n] == 0 {
			continue
		}
		if c := buf[toks[a].s]; c < 'A' || c > 'Z' || filter[n]&(1<<(c-'A')) == 0 {
			continue
		}
		var kb [len(titleFilter{})]byte
		key := kb[:0]
		dot := false
		ok := true
		for _, sp := range toks[a:b] {
			dot = dot || sp.dot
			for _, c := range buf[sp.s:sp.e] {
				switch {
				case c >= 'A' && c <= 'Z':
					if len(key) == len(kb) {
						ok = false
					} else {
						key = append(key, c)
					}
				case c == '.':
				default:
					ok = false
				}
			}
		}
		if !ok || len(key) == 0 {
			continue
		}
		var info titleInfo
		var found bool
		if prefix {
			info, found = prefixTitles[string(key)]
		} else {
			info, found = degreeByKey[string(key)]
		}
		if !found {
			continue
		}
		afterComma := !prefix && commaAt > 0 && a >= commaAt
		if info.bare || dot || afterComma {
			return k, info.canon
		}
	}
	return 0, ""
}

// expand returns the full form of an abbreviated or variant word of the
// key, or "".
func expand(w []byte, last bool) string {
	switch string(w) {
	case "MOH", "MUH", "MHD", "MOKH", "MOHD", "MUHD", "MUKH":
		return "MUHAMMAD"
	case "M":
		if !last {
			return "MUHAMMAD"
		}
	case "ABD":
		return "ABDUL"
	case "NRL":
		return "NURUL"
	case "ST":
		if !last {
			return "SITI"
		}
	}
	if isMuhammad(w) {
		return "MUHAMMAD"
	}
	return ""
}

// isMuhammad reports a folded spelling of Muhammad: M, O or U, an optional
// K (from CH), then HAMAD, HAMAT, HAMED or HAMET (doubled M already folded).
func isMuhammad(w []byte) bool {
	if len(w) < 7 || len(w) > 8 || w[0] != 'M' || (w[1] != 'O' && w[1] != 'U') {
		return false
	}
	r := w[2:]
	if r[0] == 'K' {
		r = r[1:]
	}
	switch string(r) {
	case "HAMAD", "HAMAT", "HAMED", "HAMET":
		return true
	}
	return false
}

// foldWord appends the key form of one word of Clean to dst.
func foldWord(dst []byte, w []byte) []byte {
	start := len(dst)
	for i := 0; i < len(w); {
		c := w[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(w[i:])
			i += size
			if b := baseLetter(r); b != 0 {
				dst = pushFold(dst, start, b)
			} else {
				dst = utf8.AppendRune(dst, r)
			}
			continue
		}
		i++
		switch c {
		case '.', '\'':
			continue
		case '0':
			c = 'O'
		case '1':
			c = 'I'
		case '5':
			c = 'S'
		case '8':
			c = 'B'
		case 'Q':
			c = 'K'
		}
		dst = pushFold(dst, start, c)
	}
	// A final Y after a consonant is an I (RIZKY, HENDY).
	if n := len(dst); n-start >= 2 && dst[n-1] == 'Y' && isConsonant(dst[n-2]) {
		dst = pushFold(dst[:n-1], start, 'I')
	}
	return dst
}

// pushFold appends c to the word dst[start:], applying the spelling rules
// against the letters already there, so that the result never holds a
// doubled letter, OE, DJ, TJ, SJ, CH, ZK, J before a vowel, or DY or TY
// before a vowel.
func pushFold(dst []byte, start int, c byte) []byte {
	for {
		n := len(dst)
		if n <= start {
			return append(dst, c)
		}
		last := dst[n-1]
		switch {
		case last == c:
			return dst
		case c == 'E' && last == 'O':
			dst, c = dst[:n-1], 'U'
		case c == 'J' && last == 'D':
			dst = dst[:n-1]
		case c == 'J' && last == 'T':
			dst, c = dst[:n-1], 'C'
		case c == 'J' && last == 'S':
			c = 'Y'
		case c == 'H' && last == 'C':
			dst = pushFold(dst[:n-1], start, 'K')
		case c == 'K' && last == 'Z':
			dst = pushFold(dst[:n-1], start, 'S')
		case last == 'J' && isVowel(c):
			dst = pushFold(dst[:n-1], start, 'Y')
		case last == 'Y' && isVowel(c) && n-2 >= start && dst[n-2] == 'D':
			// DY before a vowel is the old DJ, which is J: WIDYA, WIDJA.
			dst = pushFold(dst[:n-2], start, 'Y')
		case last == 'Y' && isVowel(c) && n-2 >= start && dst[n-2] == 'T':
			// TY before a vowel is the old TJ, which is C: PRASETYO, PRASETJO.
			dst = pushFold(dst[:n-2], start, 'C')
		default:
			return append(dst, c)
		}
	}
}

func isVowel(c byte) bool {
	switch c {
	case 'A', 'E', 'I', 'O', 'U':
		return true
	}
	return false
}

func isConsonant(c byte) bool { return c >= 'A' && c <= 'Z' && !isVowel(c) }

// latin1Base and latinExtABase give the letter without diacritics of
// U+00C0–U+00FF and U+0100–U+017F; '-' marks a code point left alone.
const (
	latin1Base    = "AAAAAAACEEEEIIIIDNOOOOO-OUUUUY-SAAAAAAACEEEEIIIIDNOOOOO-OUUUUY-Y"
	latinExtABase = "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIIIIIJJKKKLLLLLLLLLLNNNNNNNNNOOOOOOOORRRRRRSSSSSSSSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS"
)

// baseLetter returns the upper-case ASCII letter under a Latin letter with
// diacritics, or 0.
func baseLetter(r rune) byte {
	var b byte
	switch {
	case r >= 0xC0 && r <= 0xFF:
		b = latin1Base[r-0xC0]
	case r >= 0x100 && r <= 0x17F:
		b = latinExtABase[r-0x100]
	default:
		return 0
	}
	if b == '-' {
		return 0
	}
	return b
}
