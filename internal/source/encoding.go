package source

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// textEncoding is how the bytes of a text entry become UTF-8.
//
// UTF-16 is decoded on the stream (transform.Reader) before any parsing, as
// its delimiters are two bytes wide. The byte-oriented encodings (UTF-8 and
// Windows-1252) are parsed as they are, since every byte that matters to a
// parser (quotes, delimiters, line ends, brackets) is ASCII in both, and only
// the bytes of a finished row are converted, by rowText. That keeps the hot
// path of a UTF-8 file free of any copy: a row is converted with one
// allocation after a vectorised validity check.
type textEncoding int

const (
	// textUTF8 is UTF-8 as sniffed: a byte that is not part of a valid
	// UTF-8 sequence is read as Windows-1252, since a file whose first
	// 64 KB are ASCII and that holds "JOS\xc9" further on is a legacy file,
	// not a broken UTF-8 one.
	textUTF8 textEncoding = iota
	// textUTF8Strict is UTF-8 forced by Options.Encoding: invalid bytes
	// become U+FFFD.
	textUTF8Strict
	// textCP1252 is Windows-1252 (ISO-8859-1 is read as its superset).
	textCP1252
	textUTF16LE
	textUTF16BE
)

func (e textEncoding) String() string {
	switch e {
	case textUTF8, textUTF8Strict:
		return "utf-8"
	case textCP1252:
		return "windows-1252"
	case textUTF16LE:
		return "utf-16le"
	case textUTF16BE:
		return "utf-16be"
	}
	return "unknown"
}

// parseEncodingName maps Options.Encoding to a textEncoding. ok is false for
// "" (sniff); an unknown name is an error.
func parseEncodingName(name string) (enc textEncoding, ok bool, err error) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.ReplaceAll(n, "_", "-")
	switch n {
	case "":
		return textUTF8, false, nil
	case "utf-8", "utf8":
		return textUTF8Strict, true, nil
	case "windows-1252", "cp1252", "windows1252", "win1252", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1":
		return textCP1252, true, nil
	case "utf-16le", "utf16le", "utf-16", "utf16", "ucs-2", "ucs-2le":
		return textUTF16LE, true, nil
	case "utf-16be", "utf16be", "ucs-2be":
		return textUTF16BE, true, nil
	}
	return textUTF8, false, fmt.Errorf("unsupported encoding %q (want utf-8, windows-1252, utf-16le or utf-16be)", name)
}

// bomOf returns the encoding announced by a byte order mark at the start of
// head, and the mark's length; 0 when there is none.
func bomOf(head []byte) (textEncoding, int) {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return textUTF8, 3
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFF, 0xFE, 0, 0}):
		return textUTF16LE, 2
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return textUTF16BE, 2
	}
	return textUTF8, 0
}

// utf16Guess reports UTF-16 without BOM from NUL patterns: text that is
// mostly ASCII has a zero in every other byte.
func utf16Guess(head []byte) (textEncoding, bool) {
	n := min(len(head), 4096) &^ 1
	if n < 4 {
		return 0, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*4 && even*20 <= pairs:
		return textUTF16LE, true
	case even*10 >= pairs*4 && odd*20 <= pairs:
		return textUTF16BE, true
	}
	return 0, false
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing an incomplete
// sequence at its very end (a sample cut mid-character).
func validUTF8Prefix(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	// Drop up to 3 trailing bytes of an incomplete sequence.
	for cut := 1; cut <= 3 && cut <= len(b); cut++ {
		c := b[len(b)-cut]
		if c >= 0xC0 { // a lead byte: the sequence starts here
			return !utf8.FullRune(b[len(b)-cut:]) && utf8.Valid(b[:len(b)-cut])
		}
		if c < 0x80 {
			return false
		}
	}
	return false
}

// detectEncoding chooses the encoding of a text entry from its first bytes
// (forced overrides sniffing) and returns the length of the BOM to skip.
func detectEncoding(head []byte, forced textEncoding, isForced bool) (textEncoding, int) {
	bom, n := bomOf(head)
	if isForced {
		// Skip a BOM only when it agrees with the forced encoding.
		if n > 0 && (bom == forced || (bom == textUTF8 && forced == textUTF8Strict)) {
			return forced, n
		}
		return forced, 0
	}
	if n > 0 {
		return bom, n
	}
	if enc, ok := utf16Guess(head); ok {
		return enc, 0
	}
	if validUTF8Prefix(head) {
		return textUTF8, 0
	}
	return textCP1252, 0
}

// decodeStream returns a reader of the entry's text after the BOM: r itself
// for byte-oriented encodings (rows are converted by rowText), a UTF-16
// decoder otherwise. br must have the BOM still unread.
func decodeStream(br *bufio.Reader, enc textEncoding, bomLen int) io.Reader {
	if bomLen > 0 {
		_, _ = br.Discard(bomLen)
	}
	switch enc {
	case textUTF16LE:
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	case textUTF16BE:
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
	}
	return br
}

// rowText converts the bytes of a row to a string in UTF-8, after the stream
// has been decoded from UTF-16 where needed.
type rowText textEncoding

// rowTextFor returns the row conversion that follows decodeStream.
func rowTextFor(enc textEncoding) rowText {
	switch enc {
	case textUTF16LE, textUTF16BE:
		return rowText(textUTF8Strict) // the decoder already wrote valid UTF-8
	}
	return rowText(enc)
}

// cp1252 holds the UTF-8 encoding of each Windows-1252 byte.
var cp1252 = func() (t [256]string) {
	for i := range t {
		t[i] = string(charmap.Windows1252.DecodeByte(byte(i)))
	}
	return t
}()

// asciiOnly reports whether b has no byte >= 0x80, eight bytes at a time.
func asciiOnly(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// str returns b as a UTF-8 string (always one new allocation, never
// aliasing b).
func (t rowText) str(b []byte) string {
	switch textEncoding(t) {
	case textCP1252:
		if asciiOnly(b) {
			return string(b)
		}
		return string(appendCP1252(make([]byte, 0, len(b)+len(b)/4), b))
	default:
		if utf8.Valid(b) {
			return string(b)
		}
		return string(t.appendFixed(make([]byte, 0, len(b)+len(b)/4), b))
	}
}

// fix returns b unchanged when it is already valid in the target, else a
// corrected copy.
func (t rowText) fix(b []byte) []byte {
	switch textEncoding(t) {
	case textCP1252:
		if asciiOnly(b) {
			return b
		}
		return appendCP1252(make([]byte, 0, len(b)+len(b)/4), b)
	default:
		if utf8.Valid(b) {
			return b
		}
		return t.appendFixed(make([]byte, 0, len(b)+len(b)/4), b)
	}
}

func appendCP1252(dst, b []byte) []byte {
	for _, c := range b {
		if c < 0x80 {
			dst = append(dst, c)
		} else {
			dst = append(dst, cp1252[c]...)
		}
	}
	return dst
}

// appendFixed appends b, whose invalid UTF-8 bytes are read as
// Windows-1252 (textUTF8) or replaced by U+FFFD (textUTF8Strict).
func (t rowText) appendFixed(dst, b []byte) []byte {
	for len(b) > 0 {
		c := b[0]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			if textEncoding(t) == textUTF8Strict {
				dst = append(dst, "\uFFFD"...)
			} else {
				dst = append(dst, cp1252[c]...)
			}
		} else {
			dst = append(dst, b[:size]...)
		}
		b = b[size:]
	}
	return dst
}

// decodeSample returns head (the first bytes of an entry) as UTF-8 text in
// the detected encoding, for sniffing. A trailing incomplete character is
// dropped.
func decodeSample(head []byte, enc textEncoding, bomLen int) []byte {
	head = head[bomLen:]
	switch enc {
	case textUTF16LE, textUTF16BE:
		order := unicode.LittleEndian
		if enc == textUTF16BE {
			order = unicode.BigEndian
		}
		out, _, _ := transform.Bytes(unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder(), head[:len(head)&^1])
		return out
	}
	return rowTextFor(enc).fix(head)
}

// looksBinary reports whether raw bytes of a byte-oriented encoding hold
// control characters that text does not (NUL anywhere, or more than 1% of
// other C0 controls besides tab, line ends, form feed and the DOS EOF mark).
func looksBinary(b []byte) bool {
	ctl := 0
	for _, c := range b {
		if c >= 0x20 {
			continue
		}
		switch c {
		case '\t', '\n', '\r', '\f', '\v', 0x1A:
			continue
		case 0:
			return true
		}
		ctl++
	}
	return ctl*100 > len(b)
}
