package dataset

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"

	"github.com/telusur/telusur/internal/dpt"
)

// setters fill one field of a Row from a Parquet value, by column name.
// Strings are set by the caller (see ScanFields); these are the others.
var setters = map[string]func(r *Row, v parquet.Value, d *dpt.Date, i *int32){
	"row_id":     func(r *Row, v parquet.Value, _ *dpt.Date, _ *int32) { r.RowID = v.Int64() },
	"source":     func(r *Row, v parquet.Value, _ *dpt.Date, _ *int32) { r.Source = v.Int32() },
	"line":       func(r *Row, v parquet.Value, _ *dpt.Date, _ *int32) { r.Line = v.Int64() },
	"table_no":   func(r *Row, v parquet.Value, _ *dpt.Date, _ *int32) { r.Table = v.Int32() },
	"nik_masked": func(r *Row, v parquet.Value, _ *dpt.Date, _ *int32) { r.NIKMasked = v.Boolean() },
	"nkk_masked": func(r *Row, v parquet.Value, _ *dpt.Date, _ *int32) { r.NKKMasked = v.Boolean() },
	"birth_date": func(r *Row, v parquet.Value, d *dpt.Date, _ *int32) {
		if !v.IsNull() {
			*d = dpt.Date(v.Int32())
			r.BirthDate = d
		}
	},
	"age": optInt(func(r *Row) **int32 { return &r.Age }),
	"rt":  optInt(func(r *Row) **int32 { return &r.RT }),
	"rw":  optInt(func(r *Row) **int32 { return &r.RW }),
	"tps": optInt(func(r *Row) **int32 { return &r.TPS }),
}

func optInt(field func(*Row) **int32) func(r *Row, v parquet.Value, _ *dpt.Date, i *int32) {
	return func(r *Row, v parquet.Value, _ *dpt.Date, i *int32) {
		if !v.IsNull() {
			*i = v.Int32()
			*field(r) = i
		}
	}
}

// stringFields maps string columns to their Row field.
var stringFields = map[string]func(*Row) *string{
	"nik": func(r *Row) *string { return &r.NIK }, "nkk": func(r *Row) *string { return &r.NKK },
	"passport": func(r *Row) *string { return &r.Passport }, "name": func(r *Row) *string { return &r.Name },
	"name_key": func(r *Row) *string { return &r.NameKey }, "name_titles": func(r *Row) *string { return &r.NameTitles },
	"birth_place": func(r *Row) *string { return &r.BirthPlace }, "birth_date_format": func(r *Row) *string { return &r.DateFormat },
	"sex": func(r *Row) *string { return &r.Sex }, "marital_status": func(r *Row) *string { return &r.Marital },
	"address": func(r *Row) *string { return &r.Address }, "village": func(r *Row) *string { return &r.Village },
	"district": func(r *Row) *string { return &r.District }, "regency": func(r *Row) *string { return &r.Regency },
	"province": func(r *Row) *string { return &r.Province }, "region_code": func(r *Row) *string { return &r.RegionCode },
	"disability": func(r *Row) *string { return &r.Disability }, "ektp": func(r *Row) *string { return &r.EKTP },
	"remarks": func(r *Row) *string { return &r.Remarks }, "raw_nik": func(r *Row) *string { return &r.RawNIK },
	"raw_nkk": func(r *Row) *string { return &r.RawNKK }, "raw_name": func(r *Row) *string { return &r.RawName },
	"raw_birth_date": func(r *Row) *string { return &r.RawBirthDate }, "raw_sex": func(r *Row) *string { return &r.RawSex },
	"raw_rt_rw": func(r *Row) *string { return &r.RawRTRW }, "raw_region_code": func(r *Row) *string { return &r.RawRegionCode },
	"other": func(r *Row) *string { return &r.Other },
}

// ScanFields is Scan reading only the named columns (Parquet column
// names: "nik", "birth_date", …); the other fields of the rows are zero.
// A batch is valid only during fn (its strings stay valid after): the
// rows' memory is reused for the next row groups.
func (ws *Workspace) ScanFields(d *Dataset, cols []string, fn func([]Row) error) error {
	return ws.ScanBatches(d, cols, ScanOptions{}, func(b *Batch) error {
		defer b.Release()
		return fn(b.Rows)
	})
}

// ScanOptions narrow a ScanBatches read.
type ScanOptions struct {
	// SampleRows, when positive and less than the dataset's rows, reads
	// about SampleRows rows as runs from the start of a few row groups
	// spread evenly over the dataset: a sample for estimating, without
	// decoding the rest.
	SampleRows int64
	// Work, when set, is called by the goroutine that decoded a batch,
	// right after decoding it, while its rows are in that core's cache:
	// w (0 ≤ w < Workers) names the goroutine, so Work can keep per-worker
	// state. Batches reach Work in no particular order; fn still receives
	// them in order, after Work. Work must not release the batch.
	Work func(w int, b *Batch)
	// Workers is how many goroutines decode (default GOMAXPROCS).
	Workers int
}

// Batch is a run of decoded rows, to be read, not written. Release hands
// its memory back once its rows are no longer needed; the strings and
// numbers they point to stay valid after.
type Batch struct {
	Rows []Row
	// Aux is ScanOptions.Work's, to hand what it made of the rows to fn.
	Aux any
	buf *rowBuf
}

// Release returns the batch's rows for reuse. A batch not released is
// garbage-collected as usual.
func (b *Batch) Release() {
	if b.buf != nil {
		b.buf.pool.Put(b.buf)
	}
	b.buf, b.Rows, b.Aux = nil, nil, nil
}

// rowBuf is a batch's memory, recycled through the pool of its column
// set: fresh memory for every batch was a page fault every nine rows. A
// buffer only ever holds rows of one column set, whose fields every
// decode writes (zero for a null), so it is reused without clearing 450
// bytes a row.
type rowBuf struct {
	rows []Row
	pool *sync.Pool
}

// rowPools holds a *sync.Pool of *rowBuf per column set.
var rowPools sync.Map

func poolFor(cols []string) *sync.Pool {
	key := strings.Join(cols, ",")
	if p, ok := rowPools.Load(key); ok {
		return p.(*sync.Pool)
	}
	p, _ := rowPools.LoadOrStore(key, new(sync.Pool))
	return p.(*sync.Pool)
}

func getRows(pool *sync.Pool, n int) *rowBuf {
	b, _ := pool.Get().(*rowBuf)
	if b == nil || cap(b.rows) < n {
		return &rowBuf{rows: make([]Row, n, max(n, fieldBatch)), pool: pool}
	}
	b.rows = b.rows[:n]
	return b
}

// ScanBatches reads the named columns of the dataset's rows in batches,
// in order, column chunk by column chunk instead of reassembling whole
// rows through reflection, and decodes row groups on every core while it
// hands them to fn one at a time: verify's hot path, where decoding was
// the slowest stage.
func (ws *Workspace) ScanBatches(d *Dataset, cols []string, opt ScanOptions, fn func(*Batch) error) error {
	for _, c := range cols {
		if setters[c] == nil && stringFields[c] == nil {
			return fmt.Errorf("scan %s: no column %q", d.Name, c)
		}
	}
	parts, err := ws.Parts(d)
	if err != nil {
		return err
	}
	type task struct {
		path   string
		rg     parquet.RowGroup
		idx    []int
		maxDef []int
	}
	var tasks []task
	limit := 0 // rows to decode from each row group; 0: all
	for _, p := range parts {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		idx := make([]int, len(cols))
		maxDef := make([]int, len(cols))
		for i, c := range cols {
			leaf, ok := pf.Schema().Lookup(c)
			if !ok {
				return fmt.Errorf("read %s: no column %q", p, c)
			}
			idx[i] = leaf.ColumnIndex
			maxDef[i] = leaf.MaxDefinitionLevel
		}
		for _, rg := range pf.RowGroups() {
			tasks = append(tasks, task{path: p, rg: rg, idx: idx, maxDef: maxDef})
		}
	}
	if opt.SampleRows > 0 {
		var total int64
		for _, t := range tasks {
			total += t.rg.NumRows()
		}
		if total > opt.SampleRows {
			// As few row groups as hold the sample, two at least: a
			// number column is one page a row group, decoded whole
			// however few of its rows are taken.
			k := min(len(tasks), max(sampleGroups, int((opt.SampleRows+RowGroupRows-1)/RowGroupRows)))
			kept := make([]task, 0, k)
			for j := range k {
				kept = append(kept, tasks[j*len(tasks)/k])
			}
			tasks = kept
			limit = int((opt.SampleRows + int64(k) - 1) / int64(k))
		}
	}
	type result struct {
		batches []*Batch
		err     error
	}
	pool := poolFor(cols)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(tasks))
	results := make([]chan result, len(tasks))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	// A worker takes a slot before it claims the next row group and the
	// slot comes back when fn has had it, so at most workers+1 decoded row
	// groups wait in memory and the lowest unclaimed one can always start.
	slots := make(chan struct{}, workers+1)
	done := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var work func(*Batch)
			if opt.Work != nil {
				work = func(b *Batch) { opt.Work(w, b) }
			}
			for {
				select {
				case slots <- struct{}{}:
				case <-done:
					return
				}
				i := int(next.Add(1) - 1)
				if i >= len(tasks) {
					<-slots
					return
				}
				t := tasks[i]
				bs, err := decodeRowGroup(t.rg, cols, t.idx, t.maxDef, limit, pool, work)
				if err != nil {
					err = fmt.Errorf("read %s: %w", t.path, err)
				}
				results[i] <- result{bs, err}
			}
		}()
	}
	defer wg.Wait()
	defer close(done)
	for i := range tasks {
		r := <-results[i]
		if r.err != nil {
			return r.err
		}
		for k, b := range r.batches {
			if err := fn(b); err != nil {
				for _, rest := range r.batches[k+1:] {
					rest.Release()
				}
				return err
			}
		}
		<-slots
	}
	return nil
}

// sampleGroups is the fewest row groups a sample is spread over.
const sampleGroups = 2

// fieldBatch is the rows of a batch: every column of a batch is written
// while its rows (a little under a megabyte) are in the cache. Decoding a
// whole row group column after column wrote 29 MB once per column, and
// the first column's writes alone cost more than decoding it.
const fieldBatch = 2048

// decodeRowGroup reads the columns of one row group into batches, all
// columns of a batch before the next batch; only its first limit rows
// when limit is positive. Pages are read typed (a page's
// byte arrays and offsets, its int32s, its dictionary once) rather than
// one parquet.Value per cell: decoding was half of verify's CPU that way.
// Kinds without a typed path here go through the page's generic reader.
func decodeRowGroup(rg parquet.RowGroup, cols []string, idx []int, maxDef []int, limit int, pool *sync.Pool, work func(*Batch)) (out []*Batch, err error) {
	n := int(rg.NumRows())
	whole := limit <= 0 || limit >= n
	if !whole {
		n = limit
	}
	chunks := rg.ColumnChunks()
	cs := make([]cursor, len(cols))
	for i, c := range cols {
		cs[i] = newCursor(chunks[idx[i]], c, maxDef[i])
		defer cs[i].pages.Close()
		defer cs[i].release()
	}
	defer func() {
		if err != nil {
			for _, b := range out {
				b.Release()
			}
			out = nil
		}
	}()
	for lo := 0; lo < n; lo += fieldBatch {
		buf := getRows(pool, min(fieldBatch, n-lo))
		b := &Batch{Rows: buf.rows, buf: buf}
		out = append(out, b)
		for i := range cs {
			if err := cs[i].fill(buf.rows); err != nil {
				return out, fmt.Errorf("column %s: %w", cols[i], err)
			}
		}
		if work != nil {
			work(b)
		}
	}
	for i := range cs {
		if !whole {
			break // the rest is not read, so not checked
		}
		if err := cs[i].end(); err != nil {
			return out, fmt.Errorf("column %s: %w", cols[i], err)
		}
	}
	return out, nil
}

// intFields are the optional int32 columns and where they go.
var intFields = map[string]func(*Row) **int32{
	"age": func(r *Row) **int32 { return &r.Age }, "rt": func(r *Row) **int32 { return &r.RT },
	"rw": func(r *Row) **int32 { return &r.RW }, "tps": func(r *Row) **int32 { return &r.TPS },
}

// stringAt returns the string field at off in row i: the column loops
// write millions of cells, and a field offset found once beats a closure
// call per cell.
func stringAt(rows []Row, i int, off uintptr) *string {
	return (*string)(unsafe.Add(unsafe.Pointer(&rows[i]), off))
}

// The page layouts a cursor reads typed, and the generic rest.
const (
	pageDictString = iota
	pageByteArray
	pageInt32
	pageBool
	pageRowID
	pageGeneric
)

// cursor reads one column chunk page by page into successive batches.
type cursor struct {
	col    string
	maxDef int
	pages  parquet.Pages
	sf     func(*Row) *string
	off    uintptr // of the string field in Row
	ip     func(*Row) **int32
	date   bool

	kind     int
	pr, k, v int // rows in the page, next row, next value
	defs     []byte
	i32      []int32
	i64      []int64
	bits     []byte
	offs     []uint32
	arena    string
	gen      []parquet.Value
	dictOf   parquet.Dictionary
	dictStrs []string
	page     parquet.Page // the page being read, when it may be released after
}

func newCursor(chunk parquet.ColumnChunk, col string, maxDef int) cursor {
	c := cursor{col: col, maxDef: maxDef, pages: chunk.Pages(), sf: stringFields[col], ip: intFields[col], date: col == "birth_date"}
	if c.sf != nil {
		var r Row
		c.off = uintptr(unsafe.Pointer(c.sf(&r))) - uintptr(unsafe.Pointer(&r))
	}
	return c
}

func (c *cursor) present(k int) bool { return len(c.defs) == 0 || int(c.defs[k]) == c.maxDef }

// next reads the next page and works out how to read it.
func (c *cursor) next() error {
	// A page whose values were copied into the rows goes back to
	// parquet-go's buffer pool, so the next page's buffers are not fresh
	// memory; byte-array pages stay, since the rows' strings point into
	// them.
	c.release()
	p, err := c.pages.ReadPage()
	if errors.Is(err, io.EOF) {
		return errors.New("pages hold fewer rows than the row group")
	}
	if err != nil {
		return err
	}
	c.pr, c.k, c.v = int(p.NumRows()), 0, 0
	c.defs = p.DefinitionLevels()
	data := p.Data()
	dict := p.Dictionary()
	switch {
	case c.sf != nil && dict != nil:
		c.kind = pageDictString
		if dict != c.dictOf {
			c.dictOf = dict
			dd := dict.Page().Data()
			dv, doff := dd.ByteArray()
			arena := string(dv) // one copy for the whole dictionary
			c.dictStrs = make([]string, max(len(doff)-1, 0))
			for i := range c.dictStrs {
				c.dictStrs[i] = arena[doff[i]:doff[i+1]]
			}
		}
		c.i32 = data.Int32()
	case c.sf != nil && data.Kind() == encoding.ByteArray:
		c.kind = pageByteArray
		var vals []byte
		vals, c.offs = data.ByteArray()
		// The rows' strings point into the page's own buffer, which is not
		// copied: parquet-go recycles a page's buffers only when the page
		// is released, and these pages never are (the garbage collector
		// frees a buffer once no string points into it). Copying every
		// page was a tenth of decoding. TestScanFields reads many pages of
		// many row groups and would see a recycled buffer.
		c.arena = ""
		if len(vals) > 0 {
			c.arena = unsafe.String(&vals[0], len(vals))
		}
	case (c.date || c.ip != nil) && dict == nil && data.Kind() == encoding.Int32:
		c.kind = pageInt32
		c.i32 = data.Int32()
	case (c.col == "nik_masked" || c.col == "nkk_masked") && dict == nil && data.Kind() == encoding.Boolean && len(c.defs) == 0:
		// Bit-packed, least significant bit first; the generic reader
		// made a parquet.Value of every bit.
		c.kind = pageBool
		c.bits = data.Boolean()
		if len(c.bits)*8 < c.pr {
			return errors.New("page holds fewer values than rows")
		}
	case c.col == "row_id" && dict == nil && data.Kind() == encoding.Int64 && len(c.defs) == 0:
		c.kind = pageRowID
		c.i64 = data.Int64()
		if len(c.i64) < c.pr {
			return errors.New("page holds fewer values than rows")
		}
	default:
		// Dictionary-coded numbers and anything else: the page's own
		// reader, one value a row (byte arrays copied).
		c.kind = pageGeneric
		nv := int(p.NumValues())
		if cap(c.gen) < nv {
			c.gen = make([]parquet.Value, nv)
		}
		c.gen = c.gen[:nv]
		got, err := p.Values().ReadValues(c.gen)
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if got != nv || nv != c.pr {
			return fmt.Errorf("page has %d values for %d rows", got, c.pr)
		}
	}
	if c.kind != pageByteArray {
		c.page = p
	}
	return nil
}

// fill sets the cursor's field in the next len(rows) rows.
func (c *cursor) fill(rows []Row) error {
	var dates []dpt.Date // what the rows' optional numbers point to; not
	var ints []int32     // pooled, so they outlive the batch
	if c.date {
		dates = make([]dpt.Date, len(rows))
	}
	if c.ip != nil {
		ints = make([]int32, len(rows))
	}
	for i := 0; i < len(rows); {
		if c.k == c.pr {
			if err := c.next(); err != nil {
				return err
			}
			continue
		}
		n := min(len(rows)-i, c.pr-c.k)
		switch c.kind {
		case pageDictString:
			for j := range n {
				if c.present(c.k + j) {
					if c.v >= len(c.i32) || int(c.i32[c.v]) >= len(c.dictStrs) {
						return errors.New("dictionary index out of range")
					}
					*stringAt(rows, i+j, c.off) = c.dictStrs[c.i32[c.v]]
					c.v++
				} else {
					*stringAt(rows, i+j, c.off) = ""
				}
			}
		case pageByteArray:
			for j := range n {
				if c.present(c.k + j) {
					if c.v+1 >= len(c.offs) {
						return errors.New("page holds fewer values than its levels say")
					}
					*stringAt(rows, i+j, c.off) = c.arena[c.offs[c.v]:c.offs[c.v+1]]
					c.v++
				} else {
					*stringAt(rows, i+j, c.off) = ""
				}
			}
		case pageInt32:
			for j := range n {
				if !c.present(c.k + j) {
					if dates != nil {
						rows[i+j].BirthDate = nil
					} else {
						*c.ip(&rows[i+j]) = nil
					}
					continue
				}
				if c.v >= len(c.i32) {
					return errors.New("page holds fewer values than its levels say")
				}
				r := &rows[i+j]
				if dates != nil {
					dates[i+j] = dpt.Date(c.i32[c.v])
					r.BirthDate = &dates[i+j]
				} else {
					ints[i+j] = c.i32[c.v]
					*c.ip(r) = &ints[i+j]
				}
				c.v++
			}
		case pageBool:
			for j := range n {
				k := c.k + j
				bit := c.bits[k>>3]>>(k&7)&1 != 0
				if c.col == "nik_masked" {
					rows[i+j].NIKMasked = bit
				} else {
					rows[i+j].NKKMasked = bit
				}
			}
		case pageRowID:
			for j := range n {
				rows[i+j].RowID = c.i64[c.k+j]
			}
		default:
			for j := range n {
				r := &rows[i+j]
				v := c.gen[c.k+j]
				switch {
				case c.sf != nil:
					*c.sf(r) = string(v.ByteArray())
				case dates != nil:
					r.BirthDate = nil
					if !v.IsNull() {
						dates[i+j] = dpt.Date(v.Int32())
						r.BirthDate = &dates[i+j]
					}
				case ints != nil:
					*c.ip(r) = nil
					if !v.IsNull() {
						ints[i+j] = v.Int32()
						*c.ip(r) = &ints[i+j]
					}
				default:
					setters[c.col](r, v, nil, nil)
				}
			}
		}
		i += n
		c.k += n
	}
	return nil
}

// release hands the current page back, when it may be.
func (c *cursor) release() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
}

// end checks that the chunk holds no rows beyond the row group's.
func (c *cursor) end() error {
	c.release()
	for c.k == c.pr {
		p, err := c.pages.ReadPage()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if p.NumRows() > 0 {
			return errors.New("pages hold more rows than the row group")
		}
	}
	return errors.New("pages hold more rows than the row group")
}
