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
		path   string
		rg     parquet.RowGroup
		idx    []int
		maxDef []int
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
				b, err := decodeRowGroup(t.rg, cols, t.idx, t.maxDef)
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
// Pages are read typed (a page's byte arrays and offsets, its int32s, its
// dictionary once) rather than one parquet.Value per cell: decoding was
// half of verify's CPU that way. Kinds without a typed path here go
// through the page's generic value reader.
func decodeRowGroup(rg parquet.RowGroup, cols []string, idx []int, maxDef []int) ([][]Row, error) {
	n := int(rg.NumRows())
	rows := make([]Row, n)
	chunks := rg.ColumnChunks()
	for i, c := range cols {
		if err := decodeColumn(chunks[idx[i]], c, maxDef[i], rows); err != nil {
			return nil, fmt.Errorf("column %s: %w", c, err)
		}
	}
	var out [][]Row
	for lo := 0; lo < n; lo += fieldBatch {
		out = append(out, rows[lo:min(lo+fieldBatch, n):min(lo+fieldBatch, n)])
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

func decodeColumn(chunk parquet.ColumnChunk, col string, maxDef int, rows []Row) error {
	pages := chunk.Pages()
	defer pages.Close()
	sf, ip := stringFields[col], intFields[col]
	var off uintptr
	if sf != nil && len(rows) > 0 {
		off = uintptr(unsafe.Pointer(sf(&rows[0]))) - uintptr(unsafe.Pointer(&rows[0]))
	}
	var dates []dpt.Date
	var ints []int32
	if col == "birth_date" {
		dates = make([]dpt.Date, len(rows))
	}
	if ip != nil {
		ints = make([]int32, len(rows))
	}
	var dictOf parquet.Dictionary
	var dictStrs []string
	var generic []parquet.Value
	row := 0
	for {
		p, err := pages.ReadPage()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		pr := int(p.NumRows())
		if row+pr > len(rows) {
			return fmt.Errorf("pages hold more rows than the row group")
		}
		defs := p.DefinitionLevels()
		present := func(k int) bool { return len(defs) == 0 || int(defs[k]) == maxDef }
		data := p.Data()
		dict := p.Dictionary()
		switch {
		case sf != nil && dict != nil:
			if dict != dictOf {
				dictOf = dict
				dd := dict.Page().Data()
				dv, doff := dd.ByteArray()
				arena := string(dv) // one copy for the whole dictionary
				dictStrs = make([]string, max(len(doff)-1, 0))
				for i := range dictStrs {
					dictStrs[i] = arena[doff[i]:doff[i+1]]
				}
			}
			ix := data.Int32()
			v := 0
			for k := range pr {
				if present(k) {
					if int(ix[v]) >= len(dictStrs) {
						return fmt.Errorf("dictionary index out of range")
					}
					*stringAt(rows, row+k, off) = dictStrs[ix[v]]
					v++
				}
			}
		case sf != nil && data.Kind() == encoding.ByteArray:
			vals, offs := data.ByteArray()
			arena := string(vals) // the page's buffer may be reused; one copy a page
			v := 0
			for k := range pr {
				if present(k) {
					if v+1 >= len(offs) {
						return fmt.Errorf("page holds fewer values than its levels say")
					}
					*stringAt(rows, row+k, off) = arena[offs[v]:offs[v+1]]
					v++
				}
			}
		case (dates != nil || ints != nil) && dict == nil && data.Kind() == encoding.Int32:
			vals := data.Int32()
			v := 0
			for k := range pr {
				if !present(k) {
					continue
				}
				if v >= len(vals) {
					return fmt.Errorf("page holds fewer values than its levels say")
				}
				r := &rows[row+k]
				if dates != nil {
					dates[row+k] = dpt.Date(vals[v])
					r.BirthDate = &dates[row+k]
				} else {
					ints[row+k] = vals[v]
					*ip(r) = &ints[row+k]
				}
				v++
			}
		case col == "row_id" && dict == nil && data.Kind() == encoding.Int64 && len(defs) == 0:
			vals := data.Int64()
			if len(vals) < pr {
				return fmt.Errorf("page holds fewer values than rows")
			}
			for k := range pr {
				rows[row+k].RowID = vals[k]
			}
		default:
			// Booleans, dictionary-coded numbers and anything else: the
			// page's own reader, one value a row.
			nv := int(p.NumValues())
			if cap(generic) < nv {
				generic = make([]parquet.Value, nv)
			}
			g := generic[:nv]
			got, err := p.Values().ReadValues(g)
			if err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			if got != nv || nv != pr {
				return fmt.Errorf("page has %d values for %d rows", got, pr)
			}
			for k := range pr {
				r := &rows[row+k]
				v := g[k]
				switch {
				case sf != nil:
					if b := v.ByteArray(); len(b) > 0 {
						*sf(r) = string(b)
					}
				case dates != nil:
					if !v.IsNull() {
						dates[row+k] = dpt.Date(v.Int32())
						r.BirthDate = &dates[row+k]
					}
				case ints != nil:
					if !v.IsNull() {
						ints[row+k] = v.Int32()
						*ip(r) = &ints[row+k]
					}
				default:
					setters[col](r, v, nil, nil)
				}
			}
		}
		row += pr
	}
	if row != len(rows) {
		return fmt.Errorf("pages hold %d rows, the row group %d", row, len(rows))
	}
	return nil
}
