package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Bounds shared by the table readers.
const (
	// tableBufSize is the read buffer of text readers.
	tableBufSize = 1 << 20
	// maxRowBytes bounds the bytes of one row (line, SQL tuple, JSON line)
	// kept in memory; a longer row comes back with a Problem and no values.
	maxRowBytes = 32 << 20
	// maxSampleBytes bounds the rows read ahead to decide a header.
	maxSampleBytes = 64 << 20
	// maxColumns bounds the width of a header made from data (JSON keys); a
	// wider table is refused column by column as "unexpected key".
	maxColumns = 4096
)

var (
	errTableClosed = errors.New("table is closed")
	errNoRecords   = fmt.Errorf("%w: JSON holds no array of objects", ErrUnknownFmt)
)

// OpenTables reads every table of an entry and calls fn for each, in order:
// one for delimited text, a JSON array, NDJSON or a Parquet file; one per
// contiguous run of rows of one table (and column list) for an SQL dump;
// one per sheet for a workbook. Tables are streamed: fn must read a table
// (Next until io.EOF) before the next is produced, which is why a single
// pass over a dump is enough; rows fn leaves unread are skipped.
// OpenTables closes the tables.
//
// The format is sniffed from the entry's name and first 64 KB (see Sniff);
// an entry that is no table is an *Error wrapping ErrUnknownFmt. Every
// failure is an *Error naming the entry, except an error returned by fn,
// which is returned as it is. Cancelling ctx stops reading within a few
// thousand rows.
//
// Options.BytesRead is not advanced here: it counts bytes on disk, which
// the entry's Open (Walk's side) sees and a table reader does not.
func OpenTables(ctx context.Context, e Entry, opt Options, fn func(Table) error) error {
	if err := ctx.Err(); err != nil {
		return &Error{Entry: e.Name, Err: err}
	}
	if e.Open == nil {
		return &Error{Entry: e.Name, Err: errors.New("entry cannot be opened")}
	}
	rc, err := e.Open()
	if err != nil {
		return &Error{Entry: e.Name, Err: err}
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, tableBufSize)
	head, err := br.Peek(tableSniffLen)
	if err != nil && err != io.EOF {
		return &Error{Entry: e.Name, Err: err}
	}
	format := Sniff(e.Name, head)
	switch format {
	case FormatXLSX:
		return readXLSX(ctx, e, br, opt, fn)
	case FormatParquet:
		return readParquet(ctx, e, br, opt, fn)
	case FormatDelimited:
		t, err := NewDelimited(e.Name, br, opt)
		return runTable(ctx, e.Name, t, err, fn)
	case FormatNDJSON:
		t, err := NewNDJSON(e.Name, br, opt)
		return runTable(ctx, e.Name, t, err, fn)
	case FormatJSON:
		t, err := NewJSON(e.Name, br, opt)
		return runTable(ctx, e.Name, t, err, fn)
	case FormatSQLMySQL, FormatSQLPg:
		return ReadSQL(ctx, e.Name, br, format, opt, fn)
	}
	return &Error{Entry: e.Name, Err: ErrUnknownFmt}
}

// runTable hands one table to fn and closes it.
func runTable(ctx context.Context, entry string, t Table, err error, fn func(Table) error) error {
	if err != nil {
		return err
	}
	err = fn(withContext(ctx, entry, t))
	if cerr := t.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return err
}

// withContext makes t's Next fail once ctx is done (checked every 1024
// rows).
func withContext(ctx context.Context, entry string, t Table) Table {
	if ctx.Done() == nil {
		return t
	}
	return &ctxTable{Table: t, ctx: ctx, entry: entry}
}

type ctxTable struct {
	Table
	ctx   context.Context
	entry string
	n     int
}

func (c *ctxTable) Next() (Row, error) {
	c.n++
	if c.n&1023 == 0 {
		if err := c.ctx.Err(); err != nil {
			return Row{}, &Error{Entry: c.entry, Err: err}
		}
	}
	return c.Table.Next()
}

// tableBase holds what every Table reports about itself.
type tableBase struct {
	entry     string // Entry.Name, for errors
	name      string
	format    Format
	header    []string
	hasHeader bool
}

func (t *tableBase) Name() string     { return t.name }
func (t *tableBase) Format() Format   { return t.format }
func (t *tableBase) Header() []string { return t.header }
func (t *tableBase) HasHeader() bool  { return t.hasHeader }

// fail wraps err as an *Error of the entry at line (io.EOF and *Error pass
// through).
func (t *tableBase) fail(line int64, err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Entry: t.entry, Line: line, Err: err}
}

// genericHeader returns col1..coln.
func genericHeader(n int) []string {
	h := make([]string, n)
	for i := range h {
		h[i] = "col" + strconv.Itoa(i+1)
	}
	return h
}

// uniqueHeader turns a row of names into a header: names are trimmed of
// surrounding white space, an empty name becomes "col<position>", and a
// name seen before (ignoring case) gets "_2", "_3", ... appended.
func uniqueHeader(names []string) []string {
	h := make([]string, len(names))
	seen := make(map[string]bool, len(names))
	for i, n := range names {
		n = strings.TrimSpace(strings.TrimPrefix(n, "\uFEFF"))
		if n == "" {
			n = "col" + strconv.Itoa(i+1)
		}
		if seen[strings.ToLower(n)] {
			for k := 2; ; k++ {
				c := n + "_" + strconv.Itoa(k)
				if !seen[strings.ToLower(c)] {
					n = c
					break
				}
			}
		}
		seen[strings.ToLower(n)] = true
		h[i] = n
	}
	return h
}

// raggedProblem is the Problem of a row whose width differs from the
// header's.
func raggedProblem(n, width int) string {
	return "ragged: " + strconv.Itoa(n) + " fields, header has " + strconv.Itoa(width)
}

// fitWidth pads vals with "" or truncates it to width.
func fitWidth(vals []string, width int) []string {
	if len(vals) >= width {
		return vals[:width]
	}
	for len(vals) < width {
		vals = append(vals, "")
	}
	return vals
}

// asBufio returns r as a *bufio.Reader of at least tableBufSize bytes,
// reusing it when it is one already (as OpenTables passes).
func asBufio(r io.Reader) *bufio.Reader {
	if br, ok := r.(*bufio.Reader); ok && br.Size() >= tableSniffLen {
		return br
	}
	return bufio.NewReaderSize(r, tableBufSize)
}

// peekHead returns up to tableSniffLen bytes ahead in br and whether they reach
// the end of the input.
func peekHead(br *bufio.Reader) (head []byte, atEOF bool, err error) {
	head, err = br.Peek(tableSniffLen)
	switch err {
	case nil:
		return head, false, nil
	case io.EOF:
		return head, true, nil
	}
	return head, false, err
}

// replayed is a line given back to a lineSource.
type replayed struct {
	b       []byte
	tooLong bool
}

// lineSource reads physical lines ending in eol ('\n', or '\r' for files
// with CR-only line ends), bounded to maxRowBytes, with lines given back by
// unread served first.
type lineSource struct {
	br     *bufio.Reader
	eol    byte
	long   []byte
	replay []replayed
	rpos   int
	err    error
}

// next returns the next line with its terminator (none on a last line
// without one); the slice is valid until the next call. A line longer than
// maxRowBytes is cut there, the rest discarded, and tooLong set. After the
// last line it returns io.EOF.
func (l *lineSource) next() (line []byte, tooLong bool, err error) {
	if l.rpos < len(l.replay) {
		r := l.replay[l.rpos]
		l.replay[l.rpos] = replayed{}
		l.rpos++
		if l.rpos == len(l.replay) {
			l.replay, l.rpos = l.replay[:0], 0
		}
		return r.b, r.tooLong, nil
	}
	if l.err != nil {
		return nil, false, l.err
	}
	b, err := l.br.ReadSlice(l.eol)
	if err == nil {
		return b, false, nil
	}
	if err == bufio.ErrBufferFull {
		l.long = append(l.long[:0], b...)
		for {
			b, err = l.br.ReadSlice(l.eol)
			if !tooLong {
				if len(l.long)+len(b) > maxRowBytes {
					tooLong = true
					l.long = append(l.long, b[:maxRowBytes-len(l.long)]...)
				} else {
					l.long = append(l.long, b...)
				}
			}
			if err != bufio.ErrBufferFull {
				break
			}
		}
		b = l.long
		if len(l.long) > 4*tableBufSize {
			l.long = nil // do not keep a huge buffer for ever
		}
	}
	if err != nil {
		l.err = err
		if len(b) > 0 {
			return b, tooLong, nil
		}
		return nil, false, err
	}
	return b, tooLong, nil
}

// unread gives lines back, to be read again before the rest.
func (l *lineSource) unread(lines []replayed) {
	if len(lines) == 0 {
		return
	}
	rest := l.replay[l.rpos:]
	n := make([]replayed, 0, len(lines)+len(rest))
	n = append(n, lines...)
	n = append(n, rest...)
	l.replay, l.rpos = n, 0
}

// trimEOL strips the line terminator: "\n", "\r\n" or "\r".
func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 {
		switch b[n-1] {
		case '\n':
			if n > 1 && b[n-2] == '\r' {
				return b[:n-2]
			}
			return b[:n-1]
		case '\r':
			return b[:n-1]
		}
	}
	return b
}

// sniffEOL returns '\r' for text whose lines end in CR alone, else '\n'.
func sniffEOL(sample []byte) byte {
	if bytes.IndexByte(sample, '\n') < 0 && bytes.IndexByte(sample, '\r') >= 0 {
		return '\r'
	}
	return '\n'
}
