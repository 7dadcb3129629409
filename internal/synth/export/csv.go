package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// CSVOptions configures NewCSV. The zero value writes comma-separated UTF-8
// without BOM, LF line endings, quoting only where needed.
type CSVOptions struct {
	Comma    rune   // ',' (default when 0), ';', '\t', '|'
	Encoding string // "utf-8" (default), "windows-1252", "utf-16le" (with BOM)
	BOM      bool   // write a UTF-8 BOM (only for UTF-8)
	CRLF     bool   // end records with "\r\n" instead of "\n"
	QuoteAll bool   // quote every field, as some exporters do
}

type csvEncoding int

const (
	encUTF8 csvEncoding = iota
	encCP1252
	encUTF16LE
)

func parseEncoding(name string) (csvEncoding, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "utf-8", "utf8":
		return encUTF8, nil
	case "windows-1252", "cp1252", "windows1252":
		return encCP1252, nil
	case "utf-16le", "utf16le", "utf-16":
		return encUTF16LE, nil
	}
	return 0, fmt.Errorf("unsupported encoding %q", name)
}

// CSVWriter is the Writer returned by NewCSV.
//
// Quoting follows RFC 4180: a field is enclosed in double quotes when it
// contains the delimiter, a double quote, CR or LF (or always, with
// QuoteAll), and double quotes inside it are doubled. A header or row of a
// single empty field is written as "" so that it is not an empty line.
// Embedded line breaks are written as they are, whatever CRLF says.
type CSVWriter struct {
	t        table
	enc      csvEncoding
	bom      bool
	crlf     bool
	all      bool
	comma    byte
	quote    [256]bool // bytes that force quoting
	bw       *bufio.Writer
	tw       *transform.Writer // UTF-16 encoder under bw, nil otherwise
	unrep    int
	wroteAny bool
}

// NewCSV returns a Writer of CSV to w. Invalid options (an unknown encoding,
// a delimiter that is not a single ASCII character other than '"', CR and
// LF) make every call return an error. Close flushes but does not close w.
func NewCSV(w io.Writer, opt CSVOptions) Writer {
	return newCSV(w, opt, "write csv")
}

func newCSV(w io.Writer, opt CSVOptions, prefix string) *CSVWriter {
	c := &CSVWriter{t: table{prefix: prefix}, bom: opt.BOM, crlf: opt.CRLF, all: opt.QuoteAll}
	comma := opt.Comma
	if comma == 0 {
		comma = ','
	}
	if comma >= utf8.RuneSelf || comma == '"' || comma == '\r' || comma == '\n' {
		c.t.err = fmt.Errorf("%s: unsupported delimiter %q", prefix, comma)
		return c
	}
	enc, err := parseEncoding(opt.Encoding)
	if err != nil {
		c.t.err = fmt.Errorf("%s: %w", prefix, err)
		return c
	}
	c.enc = enc
	c.comma = byte(comma)
	c.quote[c.comma] = true
	c.quote['"'] = true
	c.quote['\r'] = true
	c.quote['\n'] = true
	if enc == encUTF16LE {
		c.tw = transform.NewWriter(w, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder())
		c.bw = bufio.NewWriterSize(c.tw, 64<<10)
	} else {
		c.bw = bufio.NewWriterSize(w, 64<<10)
	}
	return c
}

// Unrepresentable returns how many characters could not be written in the
// target encoding and were replaced by '?' (windows-1252 only; invalid UTF-8
// bytes count too).
func (c *CSVWriter) Unrepresentable() int { return c.unrep }

// WriteHeader writes the header record.
func (c *CSVWriter) WriteHeader(cols []string) error {
	if err := c.t.checkHeader(cols); err != nil {
		return err
	}
	return c.record(cols)
}

// WriteRow writes one record.
func (c *CSVWriter) WriteRow(vals []string) error {
	if err := c.t.checkRow(vals); err != nil {
		return err
	}
	return c.record(vals)
}

// Close flushes the buffered output (and, for UTF-16, the encoder).
func (c *CSVWriter) Close() error {
	if c.t.checkClose() {
		return c.t.protocol(errClosed)
	}
	if c.t.err != nil {
		return c.t.err
	}
	if err := c.bw.Flush(); err != nil {
		return c.t.fail(err)
	}
	if c.tw != nil {
		if err := c.tw.Close(); err != nil {
			return c.t.fail(err)
		}
	}
	return nil
}

func (c *CSVWriter) record(fields []string) error {
	buf := c.bw.AvailableBuffer()
	if !c.wroteAny {
		c.wroteAny = true
		if c.bom && c.enc == encUTF8 {
			buf = append(buf, 0xEF, 0xBB, 0xBF)
		}
	}
	single := len(fields) == 1
	for i, f := range fields {
		if i > 0 {
			buf = append(buf, c.comma)
		}
		buf = c.appendField(buf, f, single)
	}
	if c.crlf {
		buf = append(buf, '\r', '\n')
	} else {
		buf = append(buf, '\n')
	}
	if _, err := c.bw.Write(buf); err != nil {
		return c.t.fail(err)
	}
	return nil
}

func (c *CSVWriter) appendField(dst []byte, f string, single bool) []byte {
	q := c.all || (single && f == "")
	if !q {
		for i := 0; i < len(f); i++ {
			if c.quote[f[i]] {
				q = true
				break
			}
		}
	}
	if !q {
		return c.appendText(dst, f)
	}
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(f, '"')
		if i < 0 {
			break
		}
		dst = c.appendText(dst, f[:i+1])
		dst = append(dst, '"')
		f = f[i+1:]
	}
	dst = c.appendText(dst, f)
	return append(dst, '"')
}

// appendText appends s in the target encoding (UTF-16 is done later by the
// transform writer, so it is UTF-8 here).
func (c *CSVWriter) appendText(dst []byte, s string) []byte {
	if c.enc != encCP1252 {
		return append(dst, s...)
	}
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			dst = append(dst, b)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, '?')
			c.unrep++
			continue
		}
		if e, ok := charmap.Windows1252.EncodeRune(r); ok {
			dst = append(dst, e)
		} else {
			dst = append(dst, '?')
			c.unrep++
		}
	}
	return dst
}
