package dataset

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/parquet-go/parquet-go"

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
// It reads column chunks value by value instead of reassembling whole
// rows through reflection, and decodes row groups on every core while it
// hands them to fn one at a time and in order: verify's hot path, where
// decoding was the slowest stage. Each batch is fn's to keep.
func (ws *Workspace) ScanFields(d *Dataset, cols []string, fn func([]Row) error) error {
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
		path string
		rg   parquet.RowGroup
		idx  []int
	}
	var tasks []task
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
		for i, c := range cols {
			leaf, ok := pf.Schema().Lookup(c)
			if !ok {
				return fmt.Errorf("read %s: no column %q", p, c)
			}
			idx[i] = leaf.ColumnIndex
		}
		for _, rg := range pf.RowGroups() {
			tasks = append(tasks, task{path: p, rg: rg, idx: idx})
		}
	}
	type result struct {
		batches [][]Row
		err     error
	}
	workers := min(runtime.GOMAXPROCS(0), len(tasks))
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
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
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
				b, err := decodeRowGroup(t.rg, cols, t.idx)
				if err != nil {
					err = fmt.Errorf("read %s: %w", t.path, err)
				}
				results[i] <- result{b, err}
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
		for _, b := range r.batches {
			if err := fn(b); err != nil {
				return err
			}
		}
		<-slots
	}
	return nil
}

const fieldBatch = 4096

// decodeRowGroup reads the columns of one row group into batches of rows.
func decodeRowGroup(rg parquet.RowGroup, cols []string, idx []int) ([][]Row, error) {
	chunks := rg.ColumnChunks()
	readers := make([]*columnValues, len(cols))
	for i := range cols {
		readers[i] = &columnValues{pages: chunks[idx[i]].Pages()}
	}
	defer closeAll(readers)
	vals := make([][]parquet.Value, len(cols))
	for i := range vals {
		vals[i] = make([]parquet.Value, fieldBatch)
	}
	var out [][]Row
	left := rg.NumRows()
	for left > 0 {
		n := int(min(left, fieldBatch))
		for i, r := range readers {
			if err := r.read(vals[i][:n]); err != nil {
				return nil, fmt.Errorf("column %s: %w", cols[i], err)
			}
		}
		batch := make([]Row, n)
		dates := make([]dpt.Date, n)
		ints := make([]int32, n*4)
		nint := 0
		for i, c := range cols {
			vs := vals[i][:n]
			if sf := stringFields[c]; sf != nil {
				// One arena per column and batch: the strings must
				// outlive the page buffers, and one allocation beats n.
				size := 0
				for _, v := range vs {
					size += len(v.ByteArray())
				}
				arena := make([]byte, 0, size)
				for j, v := range vs {
					b := v.ByteArray()
					if len(b) == 0 {
						continue
					}
					start := len(arena)
					arena = append(arena, b...)
					*sf(&batch[j]) = unsafe.String(&arena[start], len(b))
				}
				continue
			}
			set := setters[c]
			isInt := c == "age" || c == "rt" || c == "rw" || c == "tps"
			for j, v := range vs {
				var ip *int32
				if isInt {
					ip = &ints[nint*n+j]
				}
				set(&batch[j], v, &dates[j], ip)
			}
			if isInt {
				nint++
			}
		}
		out = append(out, batch)
		left -= int64(n)
	}
	return out, nil
}

func closeAll(rs []*columnValues) {
	for _, r := range rs {
		r.close()
	}
}

// columnValues reads a column chunk's values across its pages.
type columnValues struct {
	pages parquet.Pages
	page  parquet.Page
	vr    parquet.ValueReader
}

func (c *columnValues) read(dst []parquet.Value) error {
	for len(dst) > 0 {
		if c.vr == nil {
			p, err := c.pages.ReadPage()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return io.ErrUnexpectedEOF
				}
				return err
			}
			c.page = p
			c.vr = p.Values()
		}
		n, err := c.vr.ReadValues(dst)
		dst = dst[n:]
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return err
			}
			// Not released to parquet-go's pool: values read from the page
			// may still point into it until the batch is copied out.
			c.page, c.vr = nil, nil
		}
	}
	return nil
}

func (c *columnValues) close() {
	c.page, c.vr = nil, nil
	c.pages.Close()
}
