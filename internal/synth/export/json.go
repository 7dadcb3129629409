package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"unicode/utf8"
)

// jsonTable holds what NDJSON and JSON-array writers share: the quoted keys
// and a buffered output.
type jsonTable struct {
	t    table
	bw   *bufio.Writer
	keys [][]byte // `"col":` for each column
	q    jsonQuoter
}

// jsonQuoter quotes strings exactly as encoding/json does with HTML escaping
// turned off, taking a fast path for strings that need no escaping.
type jsonQuoter struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func (q *jsonQuoter) appendString(dst []byte, s string) []byte {
	if jsonPlain(s) {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	if q.enc == nil {
		q.enc = json.NewEncoder(&q.buf)
		q.enc.SetEscapeHTML(false)
	}
	q.buf.Reset()
	if err := q.enc.Encode(s); err != nil {
		// Encoding a string cannot fail; keep the output valid regardless.
		return append(dst, `""`...)
	}
	b := q.buf.Bytes()
	return append(dst, bytes.TrimSuffix(b, []byte{'\n'})...)
}

// jsonPlain reports whether encoding/json would write s between quotes
// unchanged: valid UTF-8 without control characters, '"', '\\', U+2028 or
// U+2029.
func jsonPlain(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b < 0x20 || b == '"' || b == '\\' {
			return false
		}
		if b >= utf8.RuneSelf {
			ascii = false
		}
	}
	if ascii {
		return true
	}
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return true
}

func (j *jsonTable) header(cols []string) error {
	if err := j.t.checkHeader(cols); err != nil {
		return err
	}
	j.keys = make([][]byte, len(cols))
	for i, c := range cols {
		k := j.q.appendString(nil, c)
		j.keys[i] = append(k, ':')
	}
	return nil
}

// appendObject appends the row as a JSON object, keys in column order.
func (j *jsonTable) appendObject(dst []byte, vals []string) []byte {
	for i, v := range vals {
		if i == 0 {
			dst = append(dst, '{')
		} else {
			dst = append(dst, ',')
		}
		dst = append(dst, j.keys[i]...)
		dst = j.q.appendString(dst, v)
	}
	return append(dst, '}')
}

// NDJSONWriter is the Writer returned by NewNDJSON.
type NDJSONWriter struct {
	jsonTable
}

// NewNDJSON returns a Writer of newline-delimited JSON to w: one object per
// row on its own line, keys in column order, every value a string (empty
// values as ""). Nothing is written for the header itself. Close flushes but
// does not close w.
func NewNDJSON(w io.Writer) Writer {
	return newNDJSON(w, "write ndjson")
}

func newNDJSON(w io.Writer, prefix string) *NDJSONWriter {
	return &NDJSONWriter{jsonTable{t: table{prefix: prefix}, bw: bufio.NewWriterSize(w, 64<<10)}}
}

// WriteHeader sets the keys.
func (n *NDJSONWriter) WriteHeader(cols []string) error { return n.header(cols) }

// WriteRow writes one object and a newline.
func (n *NDJSONWriter) WriteRow(vals []string) error {
	if err := n.t.checkRow(vals); err != nil {
		return err
	}
	buf := n.appendObject(n.bw.AvailableBuffer(), vals)
	buf = append(buf, '\n')
	if _, err := n.bw.Write(buf); err != nil {
		return n.t.fail(err)
	}
	return nil
}

// Close flushes.
func (n *NDJSONWriter) Close() error {
	if n.t.checkClose() {
		return n.t.protocol(errClosed)
	}
	if n.t.err != nil {
		return n.t.err
	}
	return n.t.fail(n.bw.Flush())
}

// JSONArrayWriter is the Writer returned by NewJSONArray.
type JSONArrayWriter struct {
	jsonTable
	rows int
}

// NewJSONArray returns a Writer of a single JSON array of objects to w, one
// object per line:
//
//	[
//	{"a":"1","b":"x"},
//	{"a":"2","b":""}
//	]
//
// A table without rows is "[\n]\n" (or "[]\n" without a header). Close
// flushes but does not close w.
func NewJSONArray(w io.Writer) Writer {
	return newJSONArray(w, "write json")
}

func newJSONArray(w io.Writer, prefix string) *JSONArrayWriter {
	return &JSONArrayWriter{jsonTable: jsonTable{t: table{prefix: prefix}, bw: bufio.NewWriterSize(w, 64<<10)}}
}

// WriteHeader sets the keys and opens the array.
func (a *JSONArrayWriter) WriteHeader(cols []string) error {
	if err := a.header(cols); err != nil {
		return err
	}
	if _, err := a.bw.WriteString("["); err != nil {
		return a.t.fail(err)
	}
	return nil
}

// WriteRow writes one object on its own line.
func (a *JSONArrayWriter) WriteRow(vals []string) error {
	if err := a.t.checkRow(vals); err != nil {
		return err
	}
	buf := a.bw.AvailableBuffer()
	if a.rows > 0 {
		buf = append(buf, ',')
	}
	buf = append(buf, '\n')
	buf = a.appendObject(buf, vals)
	a.rows++
	if _, err := a.bw.Write(buf); err != nil {
		return a.t.fail(err)
	}
	return nil
}

// Close ends the array and flushes.
func (a *JSONArrayWriter) Close() error {
	if a.t.checkClose() {
		return a.t.protocol(errClosed)
	}
	if a.t.err != nil {
		return a.t.err
	}
	end := "\n]\n"
	if !a.t.header {
		end = "[]\n"
	}
	if _, err := a.bw.WriteString(end); err != nil {
		return a.t.fail(err)
	}
	return a.t.fail(a.bw.Flush())
}
