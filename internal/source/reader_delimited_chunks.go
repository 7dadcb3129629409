package source

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
	"unsafe"
)

// Chunked is implemented by tables that can hand out their rows as chunks
// parsed away from the reading goroutine: reading then only finds line
// ends, and the cost of splitting and converting rows moves to the
// goroutines that parse the chunks, in parallel.
type Chunked interface {
	// NextChunk returns the next chunk of rows, in order, or nil when no
	// more rows come as chunks: the rows left, if any, are then read with
	// Next, and so are errors (including io.EOF). Next must not be called
	// before NextChunk has returned nil.
	NextChunk() (*Chunk, error)
}

// Chunk is a run of rows of a table read as one piece of text. Its rows
// are exactly those Next would have returned, with the same Line, Values
// and Problem.
type Chunk struct {
	// Rows is the number of rows in the chunk, known before parsing so
	// rows can be numbered while chunks are parsed in any order.
	Rows int64
	// Line is the physical line the chunk starts on.
	Line int64

	text   []byte // whole lines, ending in eol (the last maybe not)
	quoted bool   // text holds a quote
	rows   []Row  // or rows parsed already (read ahead while sniffing)
	enc    rowText
	delim  byte
	width  int
}

// chunkBytes is the size of the text read per chunk: about ten thousand
// rows, enough to make handing it over cheap, small enough to spread the
// work. Twice the read buffer, so bufio reads straight into the chunk
// instead of copying through its buffer.
var chunkBytes = 2 * tableBufSize // a variable for tests

// NextChunk implements Chunked. Chunks are cut at line ends, which is only
// safe while every quoted field closes on the line it opens on: from the
// first chunk where one does not (a line break inside quotes, or an
// unterminated quote), or with a line longer than a chunk, or CR-only line
// ends, the rest of the text is read with Next, which starts at a line end
// in the same state as after any complete row.
func (d *delimReader) NextChunk() (*Chunk, error) {
	if d.qpos < len(d.queue) {
		c := &Chunk{rows: d.queue[d.qpos:], Rows: int64(len(d.queue) - d.qpos), Line: d.queue[d.qpos].Line}
		d.queue, d.qpos = nil, 0
		return c, nil
	}
	if d.err != nil || d.serial || d.src.eol != '\n' || d.src.rpos < len(d.src.replay) || d.src.err != nil {
		return nil, nil
	}
	buf := make([]byte, len(d.carry), chunkBytes+len(d.carry))
	copy(buf, d.carry)
	n, err := io.ReadFull(d.src.br, buf[len(buf):cap(buf)])
	buf = buf[:len(buf)+n]
	atEOF := err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !atEOF {
		// Next reports the error after the lines read so far.
		d.serial, d.carry = true, nil
		d.src.br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(buf), chunkErrReader{err}), tableBufSize)
		return nil, nil
	}
	text := buf
	d.carry = nil
	if !atEOF {
		end := bytes.LastIndexByte(buf, '\n')
		if end < 0 {
			d.serialFrom(buf) // a line longer than a chunk
			return nil, nil
		}
		text, d.carry = buf[:end+1], buf[end+1:]
	}
	quoted := bytes.IndexByte(text, '"') >= 0
	if quoted && !quotesCloseOnTheirLines(text, d.delim) {
		d.serialFrom(buf)
		return nil, nil
	}
	if len(text) == 0 {
		d.err = io.EOF
		return nil, nil
	}
	c := &Chunk{Line: d.line + 1, text: text, enc: d.text, delim: d.delim, width: d.width, quoted: quoted}
	var lines int64
	c.Rows, lines = countRows(text)
	d.line += lines
	if atEOF {
		d.err = io.EOF
	}
	return c, nil
}

// countRows returns the number of rows (non-empty lines) and lines in
// text, whole lines. Counting line ends is fast; only a chunk with an
// empty line ("\n\n", "\n\r\n" or one at its start) is walked line by line.
func countRows(text []byte) (rows, lines int64) {
	if len(text) == 0 {
		return 0, 0
	}
	lines = int64(bytes.Count(text, []byte{'\n'}))
	if text[len(text)-1] != '\n' {
		lines++ // the last line, without its end
	}
	if text[0] != '\n' && !bytes.HasPrefix(text, []byte("\r\n")) && string(text) != "\r" &&
		!bytes.Contains(text, []byte("\n\n")) && !bytes.Contains(text, []byte("\n\r\n")) && !bytes.HasSuffix(text, []byte("\n\r")) {
		return lines, lines
	}
	for rest := text; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		if len(trimEOL(line)) > 0 {
			rows++
		}
	}
	return rows, lines
}

// serialFrom gives the text read for a chunk back to the line reader and
// makes Next read everything from there on.
func (d *delimReader) serialFrom(buf []byte) {
	d.serial, d.carry = true, nil
	d.src.br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(buf), d.src.br), tableBufSize)
}

type chunkErrReader struct{ err error }

func (e chunkErrReader) Read([]byte) (int, error) { return 0, e.err }

// NextChunk passes chunks on from a table that has them, checking the
// context once per chunk.
func (c *ctxTable) NextChunk() (*Chunk, error) {
	if err := c.ctx.Err(); err != nil {
		return nil, &Error{Entry: c.entry, Err: err}
	}
	if t, ok := c.Table.(Chunked); ok {
		return t.NextChunk()
	}
	return nil, nil
}

// Each calls fn for the chunk's rows in order. The Row's Values slice is
// reused by the next call, and the values (strings) may share one
// allocation per chunk.
func (c *Chunk) Each(fn func(Row) error) error {
	if c.text == nil {
		for _, r := range c.rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	// One string for the whole chunk when it needs no conversion (the
	// common case), else one per line as Next does. The text is never
	// written again, so the string can share its bytes.
	whole := ""
	if c.enc.valid(c.text) {
		whole = unsafe.String(unsafe.SliceData(c.text), len(c.text))
	}
	vals := make([]string, 0, c.width)
	var buf []byte // a quoted row's fields
	var ends []int
	line, rows, off := c.Line, int64(0), 0
	for off < len(c.text) {
		end := len(c.text)
		if i := bytes.IndexByte(c.text[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		body := trimEOL(c.text[off:end])
		if len(body) > 0 {
			if c.quoted && bytes.IndexByte(body, '"') >= 0 {
				buf, ends, _ = splitQuotedLine(buf[:0], ends[:0], body, c.delim, true)
				vals = c.enc.fields(vals[:0], buf, ends)
			} else if whole != "" {
				vals = splitDelim(vals[:0], whole[off:off+len(body)], c.delim)
			} else {
				vals = splitDelim(vals[:0], c.enc.str(body), c.delim)
			}
			r := Row{Values: vals, Line: line}
			if len(vals) != c.width {
				r.Problem = raggedProblem(len(vals), c.width)
				r.Values = fitWidth(vals, c.width)
			}
			vals = r.Values
			rows++
			if err := fn(r); err != nil {
				return err
			}
		}
		line++
		off = end
	}
	if rows != c.Rows {
		return fmt.Errorf("chunk at line %d: %d rows parsed, %d counted", c.Line, rows, c.Rows)
	}
	return nil
}

// valid reports whether b converts to a string unchanged.
func (t rowText) valid(b []byte) bool {
	if textEncoding(t) == textCP1252 {
		return asciiOnly(b)
	}
	return utf8.Valid(b)
}

// quotesCloseOnTheirLines reports whether every quoted field in text (whole
// lines) closes on the line where it opens, so that its lines can be
// parsed one by one. Only lines holding a quote are looked at.
func quotesCloseOnTheirLines(text []byte, delim byte) bool {
	for {
		q := bytes.IndexByte(text, '"')
		if q < 0 {
			return true
		}
		start := bytes.LastIndexByte(text[:q], '\n') + 1
		end := len(text)
		if i := bytes.IndexByte(text[q:], '\n'); i >= 0 {
			end = q + i + 1
		}
		if _, _, ok := splitQuotedLine(nil, nil, trimEOL(text[start:end]), delim, false); !ok {
			return false
		}
		text = text[end:]
	}
}

// splitQuotedLine splits one line (without its end) holding quotes as
// parseQuoted does, appending the fields' bytes to buf and their ends to
// ends; ok is false when a quoted field is still open at the end of the
// line (parseQuoted would read on). Without keep, it only checks.
func splitQuotedLine(buf []byte, ends []int, body []byte, delim byte, keep bool) (_ []byte, _ []int, ok bool) {
	add := func(b []byte) {
		if keep {
			buf = append(buf, b...)
		}
	}
	end := func() {
		if keep {
			ends = append(ends, len(buf))
		}
	}
	i := 0
	for {
		if i < len(body) && body[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(body[i:], '"')
				if j < 0 {
					return buf, ends, false
				}
				add(body[i : i+j])
				i += j + 1
				if i < len(body) && body[i] == '"' {
					add(body[i : i+1])
					i++
					continue
				}
				break // the closing quote
			}
		}
		// The rest of the field: unquoted, or text after a closing quote;
		// quotes in it are kept as they are.
		if k := bytes.IndexByte(body[i:], delim); k >= 0 {
			add(body[i : i+k])
			end()
			i += k + 1
			continue
		}
		add(body[i:])
		end()
		return buf, ends, true
	}
}
