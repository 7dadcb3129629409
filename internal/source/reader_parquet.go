package source

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"
)

// A Parquet file is one table:
//
//   - the header is the leaf columns' names, a nested column's path joined
//     with dots ("alamat.rt") as the JSON reader flattens objects; the
//     inner levels of a LIST or MAP ("tags.list.element",
//     "m.key_value.key") are left out ("tags", "m.key");
//   - a cell is text: strings as they are (invalid UTF-8 read as
//     Windows-1252, like text files), integers in decimal, DATE as
//     yyyy-mm-dd, TIMESTAMP (and legacy INT96) as RFC 3339 (no offset
//     when the timestamp is not adjusted to UTC), TIME as hh:mm:ss with
//     a fraction when there is one, DECIMAL with its scale ("12.50"),
//     booleans true and false, floats in their shortest form (NaN, Inf,
//     -Inf), UUIDs in their usual form, other binary in hex; NULL is "",
//     as in the JSON reader;
//   - a repeated column (a list) is its values as a JSON array, compacted,
//     in one cell: ["a","b"], [1,2], [] for an empty list, "" for a null
//     one;
//   - Row.Line is the row's 1-based ordinal in the file.
//
// Row groups are read one after the other, each column page by page, so
// memory holds a page per column, never the file. The file needs random
// access: a file on disk is read where it is, a member of an archive or a
// compressed stream is first copied to a temporary file readable only by
// its owner (within the archive limits the walk applies) and removed
// afterwards. Damaged files give an *Error naming the file, never a panic:
// the metadata and every page are checked before package parquet decodes
// them (see reader_parquet_check.go), and a panic inside that package
// becomes an error.
const (
	pqBatchRows      = 1024
	pqReadBufferSize = 64 << 10
)

// errPqDecoder is what a panic of package parquet becomes.
var errPqDecoder = errors.New("malformed Parquet file (the decoder failed on it)")

// pqGuard calls into package parquet and turns a panic into an error (it
// indexes into metadata without checking it on some malformed files). The
// panic value is a runtime or library message, not file content.
func pqGuard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errPqDecoder, r)
		}
	}()
	return f()
}

// readParquet reads a Parquet entry: the file on disk when it is one, else
// its content spooled to a temporary file.
func readParquet(ctx context.Context, e Entry, br *bufio.Reader, opt Options, fn func(Table) error) error {
	var f raFile
	var err error
	switch {
	case e.openAt != nil:
		f, err = e.openAt()
	case e.Path != "":
		f, err = openDiskFile(e.Path)
	default:
		f, err = spoolParquet(ctx, e.Name, br, opt)
	}
	if err != nil {
		return entryError(e.Name, err)
	}
	defer f.Close()
	var check io.ReaderAt = f
	if d, ok := f.(*diskFile); ok {
		check = d.uncounted()
	}
	t, err := newParquet(e.Name, f, check, f.Size(), opt)
	return runTable(ctx, e.Name, t, err, fn)
}

// osFile is a file on disk opened for random access.
type osFile struct {
	*os.File
	size int64
}

func (f osFile) Size() int64 { return f.size }

func openDiskFile(path string) (raFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return osFile{f, fi.Size()}, nil
}

// spoolParquet copies a stream to a temporary file (mode 0600), removed
// when it is closed. The stream of an archive member is already bounded by
// the walk's limits; MaxTotal bounds any other.
func spoolParquet(ctx context.Context, name string, r io.Reader, opt Options) (raFile, error) {
	f, err := os.CreateTemp("", "telusur-*.parquet")
	if err != nil {
		return nil, fmt.Errorf("temporary file: %w", err)
	}
	s := &spoolFile{f: f}
	limit := opt.MaxTotal
	if limit <= 0 {
		limit = DefaultMaxTotal
	}
	n, err := io.Copy(f, io.LimitReader(&ctxCopyReader{ctx: ctx, r: r}, limit+1))
	if err == nil && n > limit {
		err = bombError(name, "Parquet file over the total limit of %d bytes", limit)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	s.size = n
	return s, nil
}

// NewParquet returns the table of the Parquet file read from r, of size
// bytes; name is the entry's name, used in errors. The file's metadata is
// read and checked here: a file that is not Parquet, truncated or corrupt
// gives an *Error (wrapping io.ErrUnexpectedEOF when it ends early, ErrBomb
// when a page expands beyond Options.MaxRatio). r must stay open until the
// table is closed.
func NewParquet(name string, r io.ReaderAt, size int64, opt Options) (Table, error) {
	return newParquet(name, r, r, size, opt)
}

// newParquet is NewParquet, with check the reader the checks use (one that
// does not advance Options.BytesRead, as they read pages a second time).
func newParquet(name string, r, check io.ReaderAt, size int64, opt Options) (Table, error) {
	fail := func(err error) (Table, error) { return nil, &Error{Entry: name, Err: err} }
	if err := pqFooter(check, size); err != nil {
		return fail(err)
	}
	var f *parquet.File
	err := pqGuard(func() error {
		var err error
		f, err = parquet.OpenFile(r, size,
			parquet.SkipPageIndex(true),
			parquet.SkipBloomFilters(true),
			parquet.ReadBufferSize(pqReadBufferSize))
		return err
	})
	if err != nil {
		return fail(err)
	}
	ratio := opt.MaxRatio
	if ratio <= 0 {
		ratio = DefaultMaxRatio
	}
	t := &parquetTable{
		tableBase: tableBase{entry: name, name: name, format: FormatParquet, hasHeader: true},
		file:      f,
		meta:      f.Metadata(),
		checker:   pqChunkChecker{r: check, size: size, ratio: ratio},
		g:         -1,
		maxCells:  ratio*float64(size) + float64(BombFloor),
	}
	err = pqGuard(func() error {
		var err error
		t.cols, err = pqLeaves(f.Root())
		t.groups = f.RowGroups()
		return err
	})
	if err != nil {
		return fail(err)
	}
	if len(t.cols) > maxColumns {
		return fail(fmt.Errorf("%d columns, over the limit of %d", len(t.cols), maxColumns))
	}
	if len(t.groups) != len(t.meta.RowGroups) {
		return fail(pqCorrupt("%d row groups in the metadata, %d read", len(t.meta.RowGroups), len(t.groups)))
	}
	for g := range t.meta.RowGroups {
		if n := len(t.meta.RowGroups[g].Columns); n != len(t.cols) {
			return fail(pqCorrupt("row group %d has %d column chunks for %d columns", g+1, n, len(t.cols)))
		}
	}
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	t.header = uniqueHeader(names)
	return t, nil
}

// parquetTable is a Parquet file read as a table.
type parquetTable struct {
	tableBase
	file    *parquet.File
	meta    *format.FileMetaData
	groups  []parquet.RowGroup
	checker pqChunkChecker
	cols    []*pqColumn
	g       int   // current row group
	left    int64 // rows of the current row group not yet in a batch
	// cells counts the cells of the row groups begun; a file may not
	// describe more than maxCells (all-null columns take almost no space).
	cells, maxCells float64
	// batch holds the rows of the current batch, row after row; it is
	// reused by Next and handed over with the rows of a chunk.
	batch      []string
	bpos, blen int
	line       int64
	err        error
}

func (t *parquetTable) Next() (Row, error) {
	if t.err != nil {
		return Row{}, t.err
	}
	if t.bpos == t.blen {
		if err := t.fill(); err != nil {
			t.err = t.fail(t.line+1, err)
			return Row{}, t.err
		}
	}
	r := t.row(t.bpos)
	t.bpos++
	return r, nil
}

// row returns row i of the batch as the next line.
func (t *parquetTable) row(i int) Row {
	w := len(t.cols)
	t.line++
	r := Row{Values: t.batch[i*w : (i+1)*w : (i+1)*w], Line: t.line}
	total := 0
	for _, v := range r.Values {
		total += len(v)
	}
	if total > maxRowBytes {
		clear(r.Values)
		r.Problem = problemRowTooLong
	}
	return r
}

// NextChunk implements Chunked: the rows of the next batch (the rest of
// the current one, when Next has been called), which keep their values, so
// that they are handed on without a copy. After an error or the last row
// it returns nil, leaving them to Next.
func (t *parquetTable) NextChunk() (*Chunk, error) {
	if t.err != nil {
		return nil, nil
	}
	if t.bpos == t.blen {
		if err := t.fill(); err != nil {
			t.err = t.fail(t.line+1, err)
			return nil, nil
		}
	}
	rows := make([]Row, t.blen-t.bpos)
	for i := range rows {
		rows[i] = t.row(t.bpos + i)
	}
	t.bpos, t.batch = t.blen, nil // the chunk owns the values now
	return &Chunk{Rows: int64(len(rows)), Line: rows[0].Line, rows: rows}, nil
}

// fill reads the next batch of rows, column by column.
func (t *parquetTable) fill() error {
	return pqGuard(func() error {
		for t.left == 0 {
			if err := t.nextGroup(); err != nil {
				return err
			}
		}
		n, w := int(min(pqBatchRows, t.left)), len(t.cols)
		if t.batch == nil {
			t.batch = make([]string, pqBatchRows*w)
		}
		for c, col := range t.cols {
			if err := col.fill(t.batch[c:], w, n); err != nil {
				return fmt.Errorf("column %q: %w", col.name, err)
			}
		}
		t.joinRows(n)
		t.left -= int64(n)
		t.bpos, t.blen = 0, n
		return nil
	})
}

// joinRows gives the cells the columns left in their byte buffers (the
// text of plain-encoded strings and large numbers) one string per row,
// each cell a part of it: one allocation per row rather than one per
// cell, and a cell kept by a later stage keeps no more than its row
// alive, as with the text readers.
func (t *parquetTable) joinRows(n int) {
	w := len(t.cols)
	var own []*pqColumn
	for _, c := range t.cols {
		if c.spans != nil {
			own = append(own, c)
		}
	}
	if len(own) == 0 {
		return
	}
	for i := range n {
		total := 0
		for _, c := range own {
			sp := c.spans[i]
			total += int(sp[1] - sp[0])
		}
		if total == 0 {
			continue
		}
		buf := make([]byte, 0, total)
		for _, c := range own {
			sp := c.spans[i]
			buf = append(buf, c.bytes[sp[0]:sp[1]]...)
		}
		// buf is never written again: the string may share it.
		row := unsafe.String(unsafe.SliceData(buf), len(buf))
		off := 0
		for _, c := range own {
			sp := c.spans[i]
			if k := int(sp[1] - sp[0]); k > 0 {
				t.batch[i*w+c.index] = row[off : off+k]
				off += k
			}
		}
	}
	for _, c := range own {
		c.bytes, c.spans = c.bytes[:0], nil
		if cap(c.bytes) > 1<<20 {
			c.bytes = nil // do not keep a huge buffer for ever
		}
	}
}

// nextGroup starts the next row group: checks its column chunks and opens
// their pages.
func (t *parquetTable) nextGroup() error {
	t.closeColumns()
	t.g++
	if t.g >= len(t.groups) || len(t.cols) == 0 {
		return io.EOF
	}
	rg, md := t.groups[t.g], &t.meta.RowGroups[t.g]
	rows := rg.NumRows()
	if rows < 0 {
		return pqCorrupt("row group %d has %d rows", t.g+1, rows)
	}
	if t.cells += float64(rows) * float64(len(t.cols)); t.cells > t.maxCells {
		return fmt.Errorf("%.0f cells from %d bytes, beyond the ratio limit %g (+%d MiB): %w",
			t.cells, t.checker.size, t.checker.ratio, BombFloor>>20, ErrBomb)
	}
	chunks := rg.ColumnChunks()
	if len(chunks) != len(t.cols) {
		return pqCorrupt("row group %d has %d column chunks for %d columns", t.g+1, len(chunks), len(t.cols))
	}
	for c, col := range t.cols {
		pages, err := t.checker.check(&md.Columns[c], t.meta.RowGroups[0].Columns[c].MetaData.Codec)
		if err != nil {
			return fmt.Errorf("column %q, row group %d: %w", col.name, t.g+1, err)
		}
		col.start(chunks[c].Pages(), pages)
	}
	t.left = rows
	return nil
}

func (t *parquetTable) closeColumns() {
	for _, c := range t.cols {
		c.stop()
	}
}

func (t *parquetTable) Close() error {
	if t.err == nil || t.err == io.EOF {
		t.err = &Error{Entry: t.entry, Err: errTableClosed}
	}
	_ = pqGuard(func() error { t.closeColumns(); return nil })
	t.cols = nil
	return nil
}

// pqLeaves lists the leaf columns under root in file order, with their
// names and levels.
func pqLeaves(root *parquet.Column) ([]*pqColumn, error) {
	var out []*pqColumn
	var walk func(c *parquet.Column, path []string, def, rep int, defAt []int, skipName, skipChild bool) error
	walk = func(c *parquet.Column, path []string, def, rep int, defAt []int, skipName, skipChild bool) error {
		switch {
		case c.Optional():
			def++
		case c.Repeated():
			def++
			rep++
			defAt = append(defAt[:len(defAt):len(defAt)], def)
		}
		if !skipName {
			path = append(path[:len(path):len(path)], c.Name())
		}
		if c.Leaf() {
			if def != c.MaxDefinitionLevel() || rep != c.MaxRepetitionLevel() {
				return pqCorrupt("column %q has inconsistent levels", strings.Join(path, "."))
			}
			name := rowText(textUTF8).str([]byte(strings.Join(path, ".")))
			col := &pqColumn{name: name, maxDef: def, maxRep: rep, defAt: defAt, index: len(out)}
			col.setType(c.Type())
			out = append(out, col)
			return nil
		}
		kids := c.Columns()
		list, isMap := pqIsList(c.Type()), pqIsMap(c.Type())
		for _, k := range kids {
			// LIST: group { repeated group list { element } }; MAP: group
			// { repeated group key_value { key; value } }.
			inner := (list || isMap) && len(kids) == 1 && k.Repeated()
			only := skipChild && len(kids) == 1
			if err := walk(k, path, def, rep, defAt, inner || only, inner && list); err != nil {
				return err
			}
		}
		return nil
	}
	for _, c := range root.Columns() {
		if err := walk(c, nil, 0, 0, nil, false, false); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func pqIsList(t parquet.Type) bool {
	if lt := t.LogicalType(); lt != nil {
		if _, ok := lt.Value.(*format.ListType); ok {
			return true
		}
	}
	ct := t.ConvertedType()
	return ct != nil && *ct == deprecated.List
}

func pqIsMap(t parquet.Type) bool {
	if lt := t.LogicalType(); lt != nil {
		if _, ok := lt.Value.(*format.MapType); ok {
			return true
		}
	}
	ct := t.ConvertedType()
	return ct != nil && (*ct == deprecated.Map || *ct == deprecated.MapKeyValue)
}

// Page modes of a column cursor.
const (
	pqNoPage = iota
	pqDictPage
	pqPlainPage
)

// pqColumn is one leaf column: its name and levels, how its values become
// text, and a cursor over the pages of its chunk in the current row group.
type pqColumn struct {
	name   string
	maxDef int
	maxRep int
	// defAt[k] is the definition level at which the (k+1)-th repeated
	// level (from the top) has an element.
	defAt []int
	pqConv

	pages     parquet.Pages
	pagesLeft int // data pages checked and not yet read
	page      parquet.Page
	mode      int
	rep, def  []byte // the page's levels (may be empty)
	// dictionary-encoded page: entries are levels, values indexes
	n, pos  int
	idx     []int32
	ip      int
	dict    parquet.Dictionary
	dictStr []string
	dictOK  []bool
	// plain page: entries are values read in bulk
	vr         parquet.ValueReader
	vbuf       []parquet.Value
	vpos, vlen int
	veof       bool
	json       []byte
	// index is the column's position; bytes and spans hold the text of
	// the cells of the batch that joinRows turns into strings (spans[i]
	// is row i's part of bytes, empty when the cell is already a string).
	index     int
	bytes     []byte
	spans     [][2]int32
	spanStore [][2]int32
}

// errPqShortColumn is a column chunk holding fewer rows than its row group.
var errPqShortColumn = fmt.Errorf("%w: the column ends before its row group's last row", errPqCorrupt)

func (c *pqColumn) start(pages parquet.Pages, dataPages int) {
	c.pages, c.pagesLeft = pages, dataPages
	c.mode, c.dict, c.dictStr, c.dictOK = pqNoPage, nil, c.dictStr[:0], c.dictOK[:0]
}

func (c *pqColumn) stop() {
	c.release()
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
	c.dict = nil
}

// release gives the current page back to package parquet's buffer pool.
func (c *pqColumn) release() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	c.mode, c.idx, c.rep, c.def, c.vr = pqNoPage, nil, nil, nil, nil
}

// nextPage moves to the next page of the chunk.
func (c *pqColumn) nextPage() error {
	c.release()
	if c.pagesLeft <= 0 || c.pages == nil {
		return errPqShortColumn
	}
	p, err := c.pages.ReadPage()
	if err == io.EOF {
		return errPqShortColumn
	}
	if err != nil {
		return err
	}
	c.pagesLeft--
	c.page = p
	c.rep, c.def = p.RepetitionLevels(), p.DefinitionLevels()
	if c.maxRep == 0 {
		c.rep = nil
	}
	if c.maxDef == 0 {
		c.def = nil
	}
	if d := p.Dictionary(); d != nil {
		data := p.Data()
		if data.Kind() != encoding.Int32 {
			return pqCorrupt("dictionary page without indexes")
		}
		c.mode, c.idx, c.ip, c.pos = pqDictPage, data.Int32(), 0, 0
		c.n = len(c.idx)
		if len(c.def) > 0 {
			c.n = len(c.def)
		}
		if len(c.rep) > 0 && len(c.rep) != c.n {
			return pqCorrupt("page levels disagree")
		}
		if d != c.dict {
			c.dict = d
			n := d.Len()
			c.dictStr = append(c.dictStr[:0], make([]string, n)...)
			c.dictOK = append(c.dictOK[:0], make([]bool, n)...)
		}
		return nil
	}
	if c.vbuf == nil {
		c.vbuf = make([]parquet.Value, pqBatchRows)
	}
	c.mode, c.vr, c.vpos, c.vlen, c.veof = pqPlainPage, p.Values(), 0, 0, false
	return nil
}

// ready makes an entry (a value or a null, with its levels) available;
// errPqShortColumn when the chunk has none left.
func (c *pqColumn) ready() error {
	for {
		switch c.mode {
		case pqDictPage:
			if c.pos < c.n {
				return nil
			}
		case pqPlainPage:
			if c.vpos < c.vlen {
				return nil
			}
			if !c.veof {
				n, err := c.vr.ReadValues(c.vbuf)
				c.vpos, c.vlen = 0, n
				switch {
				case err == io.EOF || (err == nil && n == 0):
					c.veof = true
				case err != nil:
					return err
				}
				continue
			}
		}
		if err := c.nextPage(); err != nil {
			return err
		}
	}
}

// levels returns the repetition and definition levels of the next entry
// (ready must have succeeded).
func (c *pqColumn) levels() (rep, def int) {
	if c.mode == pqPlainPage {
		v := &c.vbuf[c.vpos]
		return v.RepetitionLevel(), v.DefinitionLevel()
	}
	rep, def = 0, c.maxDef
	if len(c.rep) > 0 {
		rep = int(c.rep[c.pos])
	}
	if len(c.def) > 0 {
		def = int(c.def[c.pos])
	}
	return rep, def
}

// take consumes the next entry and returns its text ("" for a null).
func (c *pqColumn) take() (string, error) {
	if c.mode == pqPlainPage {
		v := c.vbuf[c.vpos]
		c.vpos++
		return c.cell(v), nil
	}
	present := len(c.def) == 0 || int(c.def[c.pos]) == c.maxDef
	c.pos++
	if !present {
		return "", nil
	}
	return c.dictValue()
}

// dictValue returns the text of the next dictionary index, formatting each
// dictionary entry once.
func (c *pqColumn) dictValue() (string, error) {
	if c.ip >= len(c.idx) {
		return "", pqCorrupt("fewer dictionary indexes than values")
	}
	i := c.idx[c.ip]
	c.ip++
	if i < 0 || int(i) >= len(c.dictStr) {
		return "", pqCorrupt("dictionary index %d out of range (%d entries)", i, len(c.dictStr))
	}
	if !c.dictOK[i] {
		c.dictStr[i], c.dictOK[i] = c.cell(c.dict.Index(i)), true
	}
	return c.dictStr[i], nil
}

// fill reads n rows of the column into dst[0], dst[stride], ...
func (c *pqColumn) fill(dst []string, stride, n int) error {
	if c.maxRep > 0 {
		for i := range n {
			s, err := c.repeated()
			if err != nil {
				return err
			}
			dst[i*stride] = s
		}
		return nil
	}
	i := 0
	for i < n {
		if err := c.ready(); err != nil {
			return err
		}
		if c.mode == pqPlainPage {
			if c.kind == pqText || c.kind == pqInt {
				i = c.fillBytes(dst, stride, i, n)
				continue
			}
			for ; i < n && c.vpos < c.vlen; i++ {
				dst[i*stride] = c.cell(c.vbuf[c.vpos])
				c.vpos++
			}
			continue
		}
		for ; i < n && c.pos < c.n; i++ {
			if len(c.def) > 0 && int(c.def[c.pos]) != c.maxDef {
				dst[i*stride] = ""
				c.pos++
				continue
			}
			c.pos++
			s, err := c.dictValue()
			if err != nil {
				return err
			}
			dst[i*stride] = s
		}
	}
	return nil
}

// fillBytes reads rows i.. of a plain page of text or integers: strings
// and numbers of over three digits go to c.bytes for joinRows.
func (c *pqColumn) fillBytes(dst []string, stride, i, n int) int {
	if c.spans == nil {
		if cap(c.spanStore) < n {
			c.spanStore = make([][2]int32, pqBatchRows)
		}
		c.spans = c.spanStore[:n]
		clear(c.spans)
	}
	for ; i < n && c.vpos < c.vlen; i++ {
		v := &c.vbuf[c.vpos]
		c.vpos++
		dst[i*stride] = ""
		if v.IsNull() {
			continue
		}
		start := len(c.bytes)
		switch v.Kind() {
		case parquet.ByteArray:
			if c.kind != pqText {
				dst[i*stride] = c.cell(*v)
				continue
			}
			if b := v.ByteArray(); utf8.Valid(b) {
				c.bytes = append(c.bytes, b...)
			} else {
				c.bytes = rowText(textUTF8).appendFixed(c.bytes, b)
			}
		case parquet.Int32, parquet.Int64:
			x := v.Int64()
			if v.Kind() == parquet.Int32 {
				x = int64(v.Int32())
			}
			if c.kind != pqInt || (x >= 0 && x < 4096) {
				dst[i*stride] = c.cell(*v)
				continue
			}
			c.bytes = strconv.AppendInt(c.bytes, x, 10)
		default:
			dst[i*stride] = c.cell(*v)
			continue
		}
		if len(c.bytes) > math.MaxInt32 {
			// Far beyond a row's limit: joinRows would not do better.
			c.bytes = c.bytes[:start]
			dst[i*stride] = c.cell(*v)
			continue
		}
		c.spans[i] = [2]int32{int32(start), int32(len(c.bytes))}
	}
	return i
}

// repeated reads one row of a repeated column as a JSON array (nested for
// lists of lists), built from the entries' levels: a repetition level r
// continues the list at depth r, a definition level tells how deep the
// entry's lists exist.
func (c *pqColumn) repeated() (string, error) {
	if err := c.ready(); err != nil {
		return "", err
	}
	rep, def := c.levels()
	if rep != 0 {
		return "", pqCorrupt("a row starts inside a list")
	}
	buf := c.json[:0]
	open := 0
	empty := false // the row is a null or empty list
	depth := func(def int) int {
		k := 0
		for k < c.maxRep && def >= c.defAt[k] {
			k++
		}
		return k
	}
	for first := true; ; first = false {
		if !first {
			if err := c.ready(); err == errPqShortColumn {
				break // the row ends with the chunk
			} else if err != nil {
				return "", err
			}
			if rep, def = c.levels(); rep == 0 {
				break
			}
		}
		rep = min(max(rep, 0), c.maxRep)
		k := depth(def)
		s, err := c.take()
		if err != nil {
			return "", err
		}
		if first && k == 0 {
			// No list at all: empty when its parent exists, else null.
			if def == c.defAt[0]-1 {
				buf = append(buf, "[]"...)
			}
			empty = true
		}
		if empty || len(buf) > maxRowBytes {
			continue // the row is refused; read on to its end
		}
		if !first {
			for ; open > rep; open-- {
				buf = append(buf, ']')
			}
			buf = append(buf, ',')
		}
		for ; open < k; open++ {
			buf = append(buf, '[')
		}
		switch {
		case k < c.maxRep && def == c.defAt[k]-1:
			buf = append(buf, "[]"...)
		case k < c.maxRep || def != c.maxDef:
			buf = append(buf, "null"...)
		default:
			buf = c.appendJSON(buf, s)
		}
	}
	for ; open > 0; open-- {
		buf = append(buf, ']')
	}
	c.json = buf
	if cap(c.json) > 1<<20 {
		c.json = nil // do not keep a huge buffer for ever
	}
	return string(buf), nil
}
