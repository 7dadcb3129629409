package source

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
)

// JSON and NDJSON are read as records (objects) flattened to columns:
//
//   - a nested object's members become dotted keys ("alamat.rt"); an empty
//     nested object is the value "{}";
//   - an array is its JSON text, compacted;
//   - a number is kept as written (no float rounding: "0012" cannot occur
//     in JSON, but 3204051203850001 stays exact), booleans are "true" and
//     "false", null is "";
//   - invalid UTF-8 in strings is read as Windows-1252, like text files.
//
// The header is the union of keys in order of first appearance over the
// first 1000 records (at most 4096 columns). A record holding a key first
// seen later (or beyond the column limit) comes back with its known values
// and Problem `unexpected key "k"` (the key is named, cut to 40 bytes, with
// "and N more" when there are several); the value of the unknown key is
// dropped, since there is no column to put it in, and no cell value ever
// goes in a Problem. A key repeated in one record keeps its first value;
// the row gets Problem "duplicate key".
const (
	jsonHeaderSample = 1000
	maxFlattenDepth  = 32
)

// Problems of JSON rows.
const (
	problemInvalidJSON = "invalid JSON"
	problemNotObject   = "not a JSON object"
	problemDupKey      = "duplicate key"
	problemLineTooLong = "line too long: over 32 MiB"
)

// jsonKV is one flattened member of a record.
type jsonKV struct{ k, v string }

// objRow is a record read ahead while the header is built.
type objRow struct {
	kvs     []jsonKV
	line    int64
	problem string
}

// objTable maps flattened records onto a header; NDJSON and JSON share it.
type objTable struct {
	tableBase
	index map[string]int
	queue []objRow
	qpos  int
	vals  []string
	gen   []uint32 // gen[i] == cur when column i was set in this record
	cur   uint32
	flat  jsonFlattener
	err   error // sticky
}

// buildHeader makes the header from the records read ahead.
func (t *objTable) buildHeader(rows []objRow) {
	t.index = map[string]int{}
	var keys []string
	for _, r := range rows {
		for _, p := range r.kvs {
			if _, ok := t.index[p.k]; !ok && len(keys) < maxColumns {
				t.index[p.k] = len(keys)
				keys = append(keys, p.k)
			}
		}
	}
	t.header = uniqueHeader(keys)
	t.hasHeader = true
	t.gen = make([]uint32, len(keys))
	t.queue = rows
}

// project lays out a record's members along the header.
func (t *objTable) project(kvs []jsonKV, line int64, problem string) Row {
	width := len(t.header)
	vals := t.vals[:0]
	for range width {
		vals = append(vals, "")
	}
	t.vals = vals
	t.cur++
	if t.cur == 0 { // wrapped around: reset the marks
		clear(t.gen)
		t.cur = 1
	}
	unknown, first, dup := 0, "", false
	for _, p := range kvs {
		i, ok := t.index[p.k]
		if !ok {
			if unknown == 0 {
				first = p.k
			}
			unknown++
			continue
		}
		if t.gen[i] == t.cur {
			dup = true
			continue
		}
		t.gen[i] = t.cur
		vals[i] = p.v
	}
	if problem == "" {
		switch {
		case unknown > 0:
			// The key is named only when it looks like a name: data
			// used as keys ({"3204...": "BUDI"}) stays out of Problems.
			if len(first) <= 40 && headerNameLike(first) {
				problem = "unexpected key " + strconv.Quote(first)
			} else {
				problem = "unexpected key"
			}
			if unknown > 1 {
				problem += " and " + strconv.Itoa(unknown-1) + " more"
			}
		case dup:
			problem = problemDupKey
		}
	}
	return Row{Values: vals, Line: line, Problem: problem}
}

// jsonKVSize is the number of bytes a record holds.
func jsonKVSize(kvs []jsonKV) int {
	n := 0
	for _, p := range kvs {
		n += len(p.k) + len(p.v) + 32
	}
	return n
}

// queued returns the next read-ahead record, if any.
func (t *objTable) queued() (Row, bool) {
	if t.qpos >= len(t.queue) {
		return Row{}, false
	}
	r := t.queue[t.qpos]
	t.queue[t.qpos] = objRow{}
	t.qpos++
	if t.qpos == len(t.queue) {
		t.queue, t.qpos = nil, 0
	}
	return t.project(r.kvs, r.line, r.problem), true
}

// ndjsonReader reads one JSON object per line; see NewNDJSON.
type ndjsonReader struct {
	objTable
	src  lineSource
	text rowText
	line int64
}

// NewNDJSON returns the Table of newline-delimited JSON read from r: one
// object per line (blank lines skipped), flattened as described above. A
// line that is not valid JSON comes back as a row of empty values with
// Problem "invalid JSON", one that is valid JSON but no object with "not a
// JSON object"; reading goes on. Row.Line is the line of the object.
func NewNDJSON(name string, r io.Reader, opt Options) (Table, error) {
	t := &ndjsonReader{objTable: objTable{tableBase: tableBase{entry: name, name: name, format: FormatNDJSON}}}
	br, enc, err := openJSONText(name, r, opt)
	if err != nil {
		return nil, err
	}
	t.text = rowTextFor(enc)
	t.src = lineSource{br: br, eol: '\n'}
	var rows []objRow
	size := 0
	for len(rows) < jsonHeaderSample && size < maxSampleBytes {
		kvs, line, problem, err := t.read()
		if err != nil {
			t.err = t.fail(t.line+1, err) // after the rows read so far
			break
		}
		rows = append(rows, objRow{kvs: append([]jsonKV(nil), kvs...), line: line, problem: problem})
		size += jsonKVSize(kvs)
	}
	t.buildHeader(rows)
	return t, nil
}

// read parses the next non-blank line.
func (t *ndjsonReader) read() (kvs []jsonKV, line int64, problem string, err error) {
	for {
		b, tooLong, err := t.src.next()
		if err != nil {
			return nil, 0, "", err
		}
		t.line++
		if tooLong {
			return nil, t.line, problemLineTooLong, nil
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			continue
		}
		if !json.Valid(b) {
			return nil, t.line, problemInvalidJSON, nil
		}
		if b[0] != '{' {
			return nil, t.line, problemNotObject, nil
		}
		kvs, ok := t.flat.flatten(t.text.str(b))
		if !ok {
			return nil, t.line, problemInvalidJSON, nil
		}
		return kvs, t.line, "", nil
	}
}

func (t *ndjsonReader) Next() (Row, error) {
	if r, ok := t.queued(); ok {
		return r, nil
	}
	if t.err != nil {
		return Row{}, t.err
	}
	kvs, line, problem, err := t.read()
	if err != nil {
		t.err = t.fail(t.line+1, err)
		return Row{}, t.err
	}
	return t.project(kvs, line, problem), nil
}

func (t *ndjsonReader) Close() error {
	if t.err == nil || t.err == io.EOF {
		t.err = &Error{Entry: t.entry, Err: errTableClosed}
	}
	t.queue, t.src = nil, lineSource{err: io.EOF}
	return nil
}

// openJSONText handles the encoding of a JSON entry: BOM and UTF-16 are
// decoded on the stream; Windows-1252 (and stray invalid UTF-8) is fixed
// per record by rowText.
func openJSONText(name string, r io.Reader, opt Options) (*bufio.Reader, textEncoding, error) {
	forced, isForced, err := parseEncodingName(opt.Encoding)
	if err != nil {
		return nil, 0, &Error{Entry: name, Err: err}
	}
	br := asBufio(r)
	head, _, err := peekHead(br)
	if err != nil {
		return nil, 0, &Error{Entry: name, Err: err}
	}
	enc, bom := detectEncoding(head, forced, isForced)
	stream := decodeStream(br, enc, bom)
	if stream != io.Reader(br) {
		br = asBufio(stream)
	}
	return br, enc, nil
}

// jsonReader reads a JSON array of records; see NewJSON.
type jsonReader struct {
	objTable
	dec     *json.Decoder
	lines   *lineCounter
	text    rowText
	pending json.RawMessage
	done    bool
}

// NewJSON returns the Table of a JSON document holding an array of objects:
// the document itself, or the first array of objects found at depth 1 or 2
// of an object ({"data": [...]}, {"result": {"rows": [...]}}); the rest of
// the document after that array is not read. The array is streamed with
// encoding/json's Decoder, one element at a time. An element that is not an
// object comes back as a row of empty values with Problem "not a JSON
// object"; invalid JSON ends the table with an *Error at its line. A
// document without such an array is an *Error wrapping ErrUnknownFmt
// (an empty array is an empty table). Row.Line is the line where the
// element starts.
func NewJSON(name string, r io.Reader, opt Options) (Table, error) {
	t := &jsonReader{objTable: objTable{tableBase: tableBase{entry: name, name: name, format: FormatJSON}}}
	br, enc, err := openJSONText(name, r, opt)
	if err != nil {
		return nil, err
	}
	t.text = rowTextFor(enc)
	t.lines = &lineCounter{r: br}
	t.dec = json.NewDecoder(t.lines)
	t.dec.UseNumber()
	fr, err := findRecords(t.dec, 0, t.lines)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, t.fail(t.errLine(err), err)
	}
	if !fr.found {
		if fr.empty {
			t.done = true
			t.buildHeader(nil)
			return t, nil
		}
		return nil, &Error{Entry: name, Err: errNoRecords}
	}
	t.pending = fr.first
	t.done = fr.empty
	var rows []objRow
	size := 0
	for len(rows) < jsonHeaderSample && size < maxSampleBytes {
		kvs, line, problem, err := t.read()
		if err != nil {
			t.err = err // after the rows read so far
			break
		}
		rows = append(rows, objRow{kvs: append([]jsonKV(nil), kvs...), line: line, problem: problem})
		size += jsonKVSize(kvs)
	}
	t.buildHeader(rows)
	return t, nil
}

// errLine returns the line of a decoding error: where a syntax error was
// found, the end of what was read for a cut-off document.
func (t *jsonReader) errLine(err error) int64 {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return t.lines.lineAt(max(se.Offset, 1) - 1)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return t.lines.lineAt(t.lines.off)
	}
	return t.lines.lineAt(t.dec.InputOffset())
}

// read decodes the next element of the array.
func (t *jsonReader) read() (kvs []jsonKV, line int64, problem string, err error) {
	raw := t.pending
	t.pending = nil
	if raw == nil {
		if t.done {
			return nil, 0, "", io.EOF
		}
		if !t.dec.More() {
			t.done = true
			if _, err := t.dec.Token(); err != nil { // the closing ']'
				if err == io.EOF {
					err = io.ErrUnexpectedEOF
				}
				return nil, 0, "", t.fail(t.errLine(err), err)
			}
			return nil, 0, "", io.EOF
		}
		t.lines.markAt(t.dec)
		if err := t.dec.Decode(&raw); err != nil {
			t.done = true
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, 0, "", t.fail(t.errLine(err), err)
		}
	}
	line = t.lines.lineAt(t.dec.InputOffset() - int64(len(raw)))
	if len(raw) == 0 || raw[0] != '{' {
		return nil, line, problemNotObject, nil
	}
	kvs, ok := t.flat.flatten(t.text.str(raw))
	if !ok {
		return nil, line, problemInvalidJSON, nil
	}
	return kvs, line, "", nil
}

func (t *jsonReader) Next() (Row, error) {
	if r, ok := t.queued(); ok {
		return r, nil
	}
	if t.err != nil {
		return Row{}, t.err
	}
	kvs, line, problem, err := t.read()
	if err != nil {
		t.err = err
		return Row{}, err
	}
	return t.project(kvs, line, problem), nil
}

func (t *jsonReader) Close() error {
	if t.err == nil || t.err == io.EOF {
		t.err = &Error{Entry: t.entry, Err: errTableClosed}
	}
	t.queue, t.done, t.pending = nil, true, nil
	return nil
}

// jsonRecords is what findRecords found.
type jsonRecords struct {
	found bool            // an array of objects (or the top-level array)
	empty bool            // an empty array was seen (found: the array is empty)
	first json.RawMessage // found and not empty: its first element
}

var errNotJSONDoc = errors.New("not a JSON document")

// findRecords reads the value at dec's position looking for the array of
// records: a top-level array (whatever its elements), or the first
// non-empty array whose first element is an object, among the values of a
// top-level object or of objects in it. When found, dec is left inside the
// array after its first element.
func findRecords(dec *json.Decoder, depth int, lc *lineCounter) (jsonRecords, error) {
	lc.markAt(dec)
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF && depth == 0 {
			return jsonRecords{}, errNotJSONDoc
		}
		return jsonRecords{}, err
	}
	switch tok {
	case json.Delim('['):
		if !dec.More() {
			if _, err := dec.Token(); err != nil {
				return jsonRecords{}, err
			}
			return jsonRecords{found: depth == 0, empty: true}, nil
		}
		var first json.RawMessage
		lc.markAt(dec)
		if err := dec.Decode(&first); err != nil {
			return jsonRecords{}, err
		}
		if depth == 0 || (len(first) > 0 && first[0] == '{') {
			return jsonRecords{found: true, first: first}, nil
		}
		for dec.More() { // an array of something else: skip it
			var skip json.RawMessage
			lc.markAt(dec)
			if err := dec.Decode(&skip); err != nil {
				return jsonRecords{}, err
			}
		}
		_, err := dec.Token()
		return jsonRecords{}, err
	case json.Delim('{'):
		if depth >= 2 {
			return jsonRecords{}, skipObject(dec, lc)
		}
		var res jsonRecords
		for dec.More() {
			if _, err := dec.Token(); err != nil { // the key
				return jsonRecords{}, err
			}
			r, err := findRecords(dec, depth+1, lc)
			if err != nil || r.found {
				return r, err
			}
			res.empty = res.empty || r.empty
		}
		if _, err := dec.Token(); err != nil {
			return jsonRecords{}, err
		}
		return res, nil
	}
	return jsonRecords{}, nil // a scalar
}

// skipObject skips the rest of an object whose '{' has been read.
func skipObject(dec *json.Decoder, lc *lineCounter) error {
	for dec.More() {
		if _, err := dec.Token(); err != nil { // the key
			return err
		}
		var skip json.RawMessage
		lc.markAt(dec)
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// lineCounter counts the lines of what a json.Decoder reads, to turn its
// input offsets into line numbers. It keeps the offsets of the newlines read
// ahead of the decoder; lineAt must be called with offsets that never
// decrease. It also bounds the memory the decoder takes: reading more than
// maxRowBytes past mark (the start of the value being decoded) fails.
type lineCounter struct {
	r      io.Reader
	off    int64   // bytes read
	nl     []int64 // offsets of newlines not yet passed
	passed int64   // newlines before the last queried offset
	mark   int64
}

var errJSONTooLarge = errors.New("a JSON value over 32 MiB")

func (c *lineCounter) Read(p []byte) (int, error) {
	room := c.mark + maxRowBytes - c.off
	if room <= 0 {
		return 0, errJSONTooLarge
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := c.r.Read(p)
	b := p[:n]
	base := c.off
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		c.nl = append(c.nl, base+int64(i))
		base += int64(i) + 1
		b = b[i+1:]
	}
	c.off += int64(n)
	return n, err
}

// markAt notes that the decoder starts a new value (c may be nil).
func (c *lineCounter) markAt(dec *json.Decoder) {
	if c != nil {
		c.mark = dec.InputOffset()
	}
}

// lineAt returns the 1-based line of the byte at offset off.
func (c *lineCounter) lineAt(off int64) int64 {
	k := 0
	for k < len(c.nl) && c.nl[k] < off {
		k++
	}
	c.passed += int64(k)
	c.nl = c.nl[k:]
	if len(c.nl) == 0 && cap(c.nl) > 1<<16 {
		c.nl = nil
	}
	return c.passed + 1
}

// jsonFlattener turns a valid JSON object into dotted key/value pairs. Keys
// and values without escapes are substrings of the object's string.
type jsonFlattener struct {
	s   string
	i   int
	out []jsonKV
	bad bool
	buf bytes.Buffer
}

// flatten flattens the object s (valid JSON); ok is false when s turns out
// not to be.
func (f *jsonFlattener) flatten(s string) (kvs []jsonKV, ok bool) {
	f.s, f.i, f.out, f.bad = s, 0, f.out[:0], false
	f.ws()
	if f.i >= len(s) || s[f.i] != '{' {
		return nil, false
	}
	f.object("", 0)
	f.s = ""
	if f.bad {
		return nil, false
	}
	return f.out, true
}

func (f *jsonFlattener) ws() {
	for f.i < len(f.s) {
		switch f.s[f.i] {
		case ' ', '\t', '\r', '\n':
			f.i++
		default:
			return
		}
	}
}

func (f *jsonFlattener) object(prefix string, depth int) {
	start := f.i
	f.i++ // '{'
	f.ws()
	if f.i < len(f.s) && f.s[f.i] == '}' {
		f.i++
		if prefix != "" {
			f.out = append(f.out, jsonKV{prefix, "{}"})
		}
		return
	}
	if depth >= maxFlattenDepth {
		f.i = start
		f.skip()
		f.out = append(f.out, jsonKV{prefix, f.compact(f.s[start:f.i])})
		return
	}
	for !f.bad {
		f.ws()
		if f.i >= len(f.s) || f.s[f.i] != '"' {
			f.bad = true
			return
		}
		key := f.str()
		f.ws()
		if f.i >= len(f.s) || f.s[f.i] != ':' {
			f.bad = true
			return
		}
		f.i++
		f.ws()
		if prefix != "" {
			key = prefix + "." + key
		}
		f.value(key, depth)
		f.ws()
		if f.i >= len(f.s) {
			f.bad = true
			return
		}
		switch f.s[f.i] {
		case ',':
			f.i++
		case '}':
			f.i++
			return
		default:
			f.bad = true
			return
		}
	}
}

func (f *jsonFlattener) value(key string, depth int) {
	if f.i >= len(f.s) {
		f.bad = true
		return
	}
	switch c := f.s[f.i]; {
	case c == '{':
		f.object(key, depth+1)
	case c == '[':
		start := f.i
		f.skip()
		f.out = append(f.out, jsonKV{key, f.compact(f.s[start:f.i])})
	case c == '"':
		f.out = append(f.out, jsonKV{key, f.str()})
	case c == 'n':
		f.i += 4 // null
		f.out = append(f.out, jsonKV{key, ""})
	default: // numbers, true, false: as written
		start := f.i
		for f.i < len(f.s) {
			c := f.s[f.i]
			if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				break
			}
			f.i++
		}
		f.out = append(f.out, jsonKV{key, f.s[start:f.i]})
	}
}

// str reads a string at f.i.
func (f *jsonFlattener) str() string {
	start := f.i
	f.i++
	esc := false
	for f.i < len(f.s) {
		switch f.s[f.i] {
		case '\\':
			esc = true
			f.i += 2
			continue
		case '"':
			f.i++
			if !esc {
				return f.s[start+1 : f.i-1]
			}
			var v string
			if err := json.Unmarshal([]byte(f.s[start:f.i]), &v); err != nil {
				f.bad = true
			}
			return v
		}
		f.i++
	}
	f.bad = true
	return ""
}

// skip moves past the value at f.i (an array or object).
func (f *jsonFlattener) skip() {
	depth := 0
	for f.i < len(f.s) {
		switch f.s[f.i] {
		case '"':
			f.str()
			continue
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				f.i++
				return
			}
		}
		f.i++
	}
	f.bad = true
}

// compact returns raw JSON without insignificant white space.
func (f *jsonFlattener) compact(raw string) string {
	if !strings.ContainsAny(raw, " \t\r\n") {
		return raw
	}
	f.buf.Reset()
	if err := json.Compact(&f.buf, []byte(raw)); err != nil {
		return raw
	}
	return f.buf.String()
}
