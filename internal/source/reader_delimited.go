package source

import (
	"bytes"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a quoted field that spans lines: past either, at a line end, the
// quote is taken as unterminated.
const (
	maxQuoteBytes = 64 << 10
	maxQuoteLines = 100
	// headerSampleRows is how many rows are read ahead to decide whether
	// the first is a header and how wide a header-less table is.
	headerSampleRows = 64
)

// Problems of delimited rows.
const (
	problemUnterminated = "unterminated quote"
	problemRowTooLong   = "row too long: over 32 MiB"
)

// delimReader reads delimited text; see NewDelimited.
type delimReader struct {
	tableBase
	src   lineSource
	text  rowText
	delim byte
	line  int64 // physical lines consumed
	width int

	buf  []byte     // field bytes of a row with quotes
	ends []int      // end of each field in buf
	pend []replayed // lines consumed inside the current quoted field
	vals []string

	queue []Row // rows read ahead while sniffing the header
	qpos  int
	err   error // sticky: io.EOF or an *Error

	// Chunks (see NextChunk): serial once they stopped, carry the start
	// of a line read past the last chunk.
	serial bool
	carry  []byte
}

// NewDelimited returns the Table of delimited text read from r (CSV, TSV,
// ';' or '|' separated); name is the entry's name. r is read through a
// 1 MiB buffer (a *bufio.Reader of at least 64 KiB is used as it is).
//
// Encoding: a BOM (UTF-8, UTF-16LE/BE) decides; else UTF-16 is recognised
// by its NUL bytes; else the first 64 KB decide between UTF-8 and
// Windows-1252 (which ISO-8859-1 is read as). Bytes that are not valid
// UTF-8 in a file sniffed as UTF-8 are read as Windows-1252 too, as a file
// that is ASCII in its first 64 KB and legacy further on is the common case.
// Options.Encoding forces an encoding. Values are always UTF-8.
//
// Delimiter: the one of ',', ';', tab and '|' that splits the first 64 KB
// into the most consistent number of fields above one (respecting quotes);
// Options.Delimiter forces one (a single ASCII byte).
//
// Header: the first row is the header when its cells look like names (each
// has more letters than digits and at least half of its characters are
// letters; at least half are filled) while later rows are digit-heavy in
// some column; when no column holds numbers to contrast with, the names
// must also be distinct and not recur as values below them. Options.NoHeader forces
// none (columns col1..colN, N the most common width of the first 64 rows).
// Header names are trimmed; empty ones become "colN", repeated ones get
// "_2", "_3".
//
// Quoting is RFC 4180 ("" inside quotes, delimiters and line ends inside
// quotes), with what real dumps do: a quote inside an unquoted field is
// kept; text after a closing quote and before the delimiter is kept
// (`"ab"c` reads abc) without a Problem; a quoted field still open at a line
// end after 64 KiB or 100 lines, or at the end of input, is unterminated:
// the row ends at the line end where the quote opened, comes back with
// Problem "unterminated quote", and reading resumes on the next line. Line
// breaks inside quoted values are kept as written (CRLF stays CRLF).
//
// Lines end in LF, CRLF or CR alone (CR-only is recognised when the first
// 64 KB hold no LF). Empty lines are not rows, wherever they are. A row of
// another width than the header comes back with Problem "ragged: N fields,
// header has M" and its values padded with "" or cut to the header's width.
// A line over 32 MiB comes back with a Problem and empty values.
//
// Row.Line is the physical line (in the decoded text) where the row starts.
//
// Performance: a row without quotes is converted to a string with one
// allocation and its values are substrings of it (so a value keeps its row's
// string alive); the Values slice is reused by the next call.
func NewDelimited(name string, r io.Reader, opt Options) (Table, error) {
	d := &delimReader{tableBase: tableBase{entry: name, name: name, format: FormatDelimited}}
	forced, isForced, err := parseEncodingName(opt.Encoding)
	if err != nil {
		return nil, &Error{Entry: name, Err: err}
	}
	br := asBufio(r)
	head, _, err := peekHead(br)
	if err != nil {
		return nil, &Error{Entry: name, Err: err}
	}
	enc, bom := detectEncoding(head, forced, isForced)
	stream := decodeStream(br, enc, bom)
	dbr := br
	if stream != io.Reader(br) {
		dbr = asBufio(stream)
	}
	sample, atEOF, err := peekHead(dbr)
	if err != nil {
		return nil, &Error{Entry: name, Err: err}
	}
	switch {
	case opt.Delimiter == 0:
		d.delim = sniffDelimiter(sample, atEOF)
	case opt.Delimiter < utf8.RuneSelf && opt.Delimiter != '"' && opt.Delimiter != '\n' && opt.Delimiter != '\r':
		d.delim = byte(opt.Delimiter)
	default:
		return nil, &Error{Entry: name, Err: fmt.Errorf("unsupported delimiter %q (want one ASCII character other than a quote or line end)", opt.Delimiter)}
	}
	d.text = rowTextFor(enc)
	d.src = lineSource{br: dbr, eol: sniffEOL(sample)}
	d.start(opt.NoHeader)
	return d, nil
}

// start reads the first rows, decides the header and width, and queues the
// data rows among them. A read error is kept for after those rows.
func (d *delimReader) start(noHeader bool) {
	var rows []Row
	size := 0
	for len(rows) < headerSampleRows && size < maxSampleBytes {
		line, problem, err := d.readRecord()
		if err != nil {
			d.err = d.fail(d.line+1, err) // after the rows read so far
			break
		}
		rows = append(rows, Row{Values: append([]string(nil), d.vals...), Line: line, Problem: problem})
		for _, v := range d.vals {
			size += len(v) + 16
		}
	}
	if !noHeader && len(rows) > 0 && rows[0].Problem == "" && looksLikeHeader(rows[0].Values, rows[1:]) {
		d.header = uniqueHeader(rows[0].Values)
		d.hasHeader = true
		rows = rows[1:]
	} else {
		d.header = genericHeader(delimModeWidth(rows))
	}
	d.width = len(d.header)
	for i := range rows {
		rows[i] = d.fit(rows[i].Values, rows[i].Line, rows[i].Problem)
	}
	d.queue = rows
}

// delimModeWidth returns the most common number of fields among well-formed rows
// (the widest on a tie).
func delimModeWidth(rows []Row) int {
	count := map[int]int{}
	best, bestN := 0, 0
	for _, r := range rows {
		if r.Problem != "" {
			continue
		}
		w := len(r.Values)
		count[w]++
		if c := count[w]; c > bestN || (c == bestN && w > best) {
			best, bestN = w, c
		}
	}
	if bestN == 0 && len(rows) > 0 {
		return len(rows[0].Values)
	}
	return best
}

func (d *delimReader) fit(vals []string, line int64, problem string) Row {
	if len(vals) != d.width {
		if problem == "" {
			problem = raggedProblem(len(vals), d.width)
		}
		vals = fitWidth(vals, d.width)
	}
	return Row{Values: vals, Line: line, Problem: problem}
}

// Next returns the next row.
func (d *delimReader) Next() (Row, error) {
	if d.qpos < len(d.queue) {
		r := d.queue[d.qpos]
		d.queue[d.qpos] = Row{}
		d.qpos++
		if d.qpos == len(d.queue) {
			d.queue, d.qpos = nil, 0
		}
		return r, nil
	}
	if d.err != nil {
		return Row{}, d.err
	}
	line, problem, err := d.readRecord()
	if err != nil {
		d.err = d.fail(d.line+1, err)
		return Row{}, d.err
	}
	r := d.fit(d.vals, line, problem)
	d.vals = r.Values
	return r, nil
}

// Close releases the reader; Next then returns an error.
func (d *delimReader) Close() error {
	if d.err == nil || d.err == io.EOF {
		d.err = &Error{Entry: d.entry, Err: errTableClosed}
	}
	d.queue, d.buf, d.vals, d.src, d.carry = nil, nil, nil, lineSource{err: io.EOF}, nil
	return nil
}

// readRecord reads the next row into d.vals (not fitted to the width) and
// returns the line it starts on.
func (d *delimReader) readRecord() (start int64, problem string, err error) {
	for {
		line, tooLong, err := d.src.next()
		if err != nil {
			return 0, "", err
		}
		d.line++
		body := trimEOL(line)
		if tooLong {
			d.vals = d.vals[:0]
			return d.line, problemRowTooLong, nil
		}
		if len(body) == 0 {
			continue // empty lines are not rows
		}
		start = d.line
		if d.splitPlain(body) {
			return start, "", nil
		}
		return start, d.parseQuoted(line, body), nil
	}
}

// splitPlain splits a line without quotes: the line is converted to a
// string once and the values are sliced out of it. It returns false, doing
// nothing, when the line holds a quote.
func (d *delimReader) splitPlain(body []byte) bool {
	if bytes.IndexByte(body, '"') >= 0 {
		return false
	}
	d.split(d.text.str(body))
	return true
}

// split cuts a converted row without quotes at the delimiter.
func (d *delimReader) split(s string) {
	d.vals = splitDelim(d.vals[:0], s, d.delim)
}

// splitDelim appends the fields of s, a row without quotes, to vals.
// Fields are short (a dump's row is ~20 cells of ~8 bytes), so rather than
// calling strings.IndexByte per field it looks at eight bytes at a time
// and takes every delimiter among them: splitting was 7% of ingest.
func splitDelim(vals []string, s string, delim byte) []string {
	const lows, highs = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	pat := uint64(delim) * 0x0101010101010101
	start, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		x := (uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56) ^ pat
		// The high bit of each byte that is zero (a delimiter), exactly.
		m := ^(((x & lows) + lows) | x | lows)
		for m != 0 {
			j := i + bits.TrailingZeros64(m)>>3
			vals = append(vals, s[start:j])
			start = j + 1
			m &= m - 1
		}
	}
	for ; i < len(s); i++ {
		if s[i] == delim {
			vals = append(vals, s[start:i])
			start = i + 1
		}
	}
	return append(vals, s[start:])
}

// parseQuoted parses a row holding at least one quote; line is the physical
// line with its terminator, body the same without. It may read further
// lines for quoted fields that span them.
func (d *delimReader) parseQuoted(line, body []byte) (problem string) {
	d.buf, d.ends = d.buf[:0], d.ends[:0]
	delim := d.delim
	i := 0
	for {
		if i < len(body) && body[i] == '"' {
			i++
			fieldStart := len(d.buf)
			quoteLine := d.line
			cut := -1
			lines := 0
			d.pend = d.pend[:0]
			for {
				if j := bytes.IndexByte(body[i:], '"'); j >= 0 {
					d.buf = append(d.buf, body[i:i+j]...)
					i += j + 1
					if i < len(body) && body[i] == '"' {
						d.buf = append(d.buf, '"')
						i++
						continue
					}
					break // the closing quote
				}
				// The line ends inside the quotes.
				d.buf = append(d.buf, body[i:]...)
				if cut < 0 {
					cut = len(d.buf)
				}
				if lines >= maxQuoteLines || len(d.buf)-fieldStart > maxQuoteBytes || len(d.buf) > maxRowBytes {
					return d.abandonQuote(cut, quoteLine)
				}
				d.buf = append(d.buf, line[len(body):]...) // the line end, as written
				next, tooLong, err := d.src.next()
				if err != nil {
					// End of input (or a read error, which the next call
					// reports) inside the quotes.
					return d.abandonQuote(cut, quoteLine)
				}
				d.pend = append(d.pend, replayed{b: bytes.Clone(next), tooLong: tooLong})
				d.line++
				lines++
				if tooLong {
					return d.abandonQuote(cut, quoteLine)
				}
				line, body, i = next, trimEOL(next), 0
			}
			// Text between the closing quote and the delimiter is kept.
			if k := bytes.IndexByte(body[i:], delim); k >= 0 {
				d.buf = append(d.buf, body[i:i+k]...)
				d.ends = append(d.ends, len(d.buf))
				i += k + 1
				continue
			}
			d.buf = append(d.buf, body[i:]...)
			d.ends = append(d.ends, len(d.buf))
			break
		}
		// An unquoted field: quotes in it are kept as they are.
		if k := bytes.IndexByte(body[i:], delim); k >= 0 {
			d.buf = append(d.buf, body[i:i+k]...)
			d.ends = append(d.ends, len(d.buf))
			i += k + 1
			continue
		}
		d.buf = append(d.buf, body[i:]...)
		d.ends = append(d.ends, len(d.buf))
		break
	}
	d.valsFromBuf()
	return ""
}

// abandonQuote ends the row at the first line end of an unterminated quoted
// field (cut bytes of d.buf) and gives back the lines read past it.
func (d *delimReader) abandonQuote(cut int, quoteLine int64) string {
	d.buf = d.buf[:cut]
	d.ends = append(d.ends, len(d.buf))
	d.src.unread(d.pend)
	d.pend = nil
	d.line = quoteLine
	d.valsFromBuf()
	return problemUnterminated
}

// valsFromBuf makes d.vals from d.buf and d.ends: one string for the row
// when it needs no conversion, else one per field.
func (d *delimReader) valsFromBuf() {
	d.vals = d.text.fields(d.vals[:0], d.buf, d.ends)
	if cap(d.buf) > 4*maxQuoteBytes && len(d.buf) < cap(d.buf)/8 {
		d.buf = nil
	}
}

// fields appends to vals the fields of buf ending at ends: one string for
// the row when it needs no conversion, else one per field.
func (t rowText) fields(vals []string, buf []byte, ends []int) []string {
	prev := 0
	if fixed := t.fix(buf); len(fixed) == len(buf) && (len(fixed) == 0 || &fixed[0] == &buf[0]) {
		s := string(buf)
		for _, e := range ends {
			vals = append(vals, s[prev:e])
			prev = e
		}
		return vals
	}
	for _, e := range ends {
		vals = append(vals, t.str(buf[prev:e]))
		prev = e
	}
	return vals
}

// sniffDelimiter picks the candidate giving the most consistent number of
// fields above one over the records of sample (the wider on a tie); with
// none, the candidate that occurs least (',' on a tie).
func sniffDelimiter(sample []byte, atEOF bool) byte {
	cands := [...]byte{',', ';', '\t', '|'}
	var best byte
	bestCons, bestMode := -1.0, 0
	for _, c := range cands {
		counts := countFields(sample, c, atEOF)
		if len(counts) == 0 {
			continue
		}
		freq := map[int]int{}
		mode, modeN := 0, 0
		for _, n := range counts {
			freq[n]++
			if f := freq[n]; f > modeN || (f == modeN && n > mode) {
				mode, modeN = n, f
			}
		}
		if mode <= 1 {
			continue
		}
		cons := float64(modeN) / float64(len(counts))
		if cons > bestCons+1e-9 || (cons > bestCons-1e-9 && mode > bestMode) {
			best, bestCons, bestMode = c, cons, mode
		}
	}
	if best != 0 {
		return best
	}
	best, fewest := byte(','), bytes.Count(sample, []byte{','})
	for _, c := range cands[1:] {
		if n := bytes.Count(sample, []byte{c}); n < fewest {
			best, fewest = c, n
		}
	}
	return best
}

// countFields returns the number of fields of each non-empty record of
// sample split by delim, respecting quotes (up to 1000 records; a last
// record cut by the sample's end is left out unless atEOF).
func countFields(sample []byte, delim byte, atEOF bool) []int {
	var counts []int
	fields, inQuote, fieldStart, empty := 1, false, true, true
	for i := 0; i < len(sample) && len(counts) < 1000; i++ {
		c := sample[i]
		if inQuote {
			if c == '"' {
				if i+1 < len(sample) && sample[i+1] == '"' {
					i++
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch c {
		case '"':
			if fieldStart {
				inQuote = true
			}
			fieldStart, empty = false, false
		case delim:
			fields++
			fieldStart, empty = true, false
		case '\n', '\r':
			if !empty {
				counts = append(counts, fields)
			}
			fields, fieldStart, empty = 1, true, true
		default:
			fieldStart, empty = false, false
		}
	}
	if atEOF && !empty && !inQuote && len(counts) < 1000 {
		counts = append(counts, fields)
	}
	return counts
}

// looksLikeHeader decides whether first is a header row given the rows
// after it (see NewDelimited).
func looksLikeHeader(first []string, rest []Row) bool {
	if len(first) == 0 {
		return false
	}
	filled, repeated := 0, false
	seen := make(map[string]bool, len(first))
	for _, c := range first {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		filled++
		if !headerNameLike(c) {
			return false
		}
		k := strings.ToLower(c)
		if seen[k] {
			repeated = true
		}
		seen[k] = true
	}
	if filled*2 < len(first) {
		return false
	}
	numeric := false
	for col := range first {
		digit, n := 0, 0
		for _, r := range rest {
			if col < len(r.Values) && strings.TrimSpace(r.Values[col]) != "" {
				n++
				if headerDigitHeavy(r.Values[col]) {
					digit++
				}
			}
		}
		if n > 0 && digit*2 > n {
			numeric = true // and first[col], being name-like, is not
		}
	}
	if numeric {
		return true
	}
	// Nothing numeric to contrast with: names are distinct and do not recur
	// as values of their column.
	if repeated {
		return false
	}
	for col, c := range first {
		if c == "" {
			continue
		}
		for _, r := range rest {
			if col < len(r.Values) && r.Values[col] == c {
				return false
			}
		}
	}
	return true
}

// headerNameLike reports whether a cell looks like a column name: more letters
// than digits, and letters at least half of its characters (so no number,
// NIK or date is).
func headerNameLike(s string) bool {
	letters, digits, n := 0, 0, 0
	for _, r := range s {
		n++
		switch {
		case unicode.IsLetter(r):
			letters++
		case r >= '0' && r <= '9':
			digits++
		}
	}
	return letters > digits && letters*2 >= n
}

// headerDigitHeavy reports whether at least half of the non-space characters of
// s are digits.
func headerDigitHeavy(s string) bool {
	digits, n := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' {
			continue
		}
		n++
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	return n > 0 && digits*2 >= n
}
