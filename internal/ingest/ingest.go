package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/schema"
	"github.com/telusur/telusur/internal/source"
)

// Options say what to ingest where.
type Options struct {
	Workspace *dataset.Workspace
	Name      string // dataset name
	Role      string // "leak" or "reference"
	Paths     []string
	// Map overrides detected roles: header name (or 1-based column number)
	// → role.
	Map    map[string]dpt.Role
	Source source.Options
	Tool   string
	// Force reads a source again even when its hash is already in the
	// dataset.
	Force bool
	// Ref is the reference date for two-digit years and ages (default now).
	Ref time.Time
	// SampleRows is how many rows column detection looks at (default 1000).
	SampleRows int
	// Workers normalise in parallel (default GOMAXPROCS).
	Workers int
	// Rows, when set, is advanced as rows are read (for progress bars).
	Rows *atomic.Int64
}

// Result is what an ingest did.
type Result struct {
	Dataset *dataset.Dataset
	Sources []dataset.Source
	Skipped []Skipped
}

// Skipped is a source not read again because its hash is known.
type Skipped struct {
	Path   string
	SHA256 string
	Before []dataset.SourceRef
}

// Run ingests every path into the dataset, one source per path.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if len(opt.Paths) == 0 {
		return nil, errors.New("nothing to ingest: give at least one path")
	}
	if opt.Ref.IsZero() {
		opt.Ref = time.Now()
	}
	if opt.SampleRows <= 0 {
		opt.SampleRows = 1000
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	ws := opt.Workspace
	d, err := ws.CreateDataset(ctx, opt.Name, opt.Role, opt.Tool)
	if err != nil {
		return nil, err
	}
	res := &Result{Dataset: d}
	for _, p := range opt.Paths {
		size, err := sizeOf(p)
		if err != nil {
			return res, err
		}
		seen, err := ws.HasSourceOfSize(ctx, d, size)
		if err != nil {
			return res, err
		}
		hash := hashLater(p)
		if seen || opt.Force {
			// Perhaps read before: the hash decides, so it comes first.
			sha, size, err := hash()
			if err != nil {
				return res, err
			}
			before, err := ws.FindSource(ctx, sha)
			if err != nil {
				return res, err
			}
			inThis := false
			for _, b := range before {
				inThis = inThis || b.Dataset == d.Name
			}
			if inThis && !opt.Force {
				res.Skipped = append(res.Skipped, Skipped{Path: p, SHA256: sha, Before: before})
				continue
			}
			hash = func() (string, int64, error) { return sha, size, nil }
		}
		// Else no file of this size is in the dataset: hashing (~0.1 s
		// per 100 MB) runs beside reading instead of before it.
		src, err := ingestSource(ctx, opt, d, p, hash)
		if err != nil {
			_ = ws.DropIfEmpty(context.WithoutCancel(ctx), d)
			return res, err
		}
		res.Sources = append(res.Sources, *src)
	}
	if res.Dataset, err = ws.Dataset(ctx, d.Name); err != nil {
		return res, err
	}
	return res, nil
}

// hashLater starts hashing p and returns a function waiting for the result.
func hashLater(p string) func() (string, int64, error) {
	type result struct {
		sha  string
		size int64
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		sha, size, err := hashPath(p)
		ch <- result{sha, size, err}
	}()
	var r *result
	return func() (string, int64, error) {
		if r == nil {
			x := <-ch
			r = &x
		}
		return r.sha, r.size, r.err
	}
}

// sizeOf is the number of bytes hashPath hashes: a file's size, or the
// sum of a folder's regular files.
func sizeOf(p string) (int64, error) {
	st, err := os.Stat(p)
	if err != nil {
		return 0, err
	}
	if !st.IsDir() {
		return st.Size(), nil
	}
	var total int64
	err = filepath.WalkDir(p, func(q string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() {
			info, err := e.Info()
			if err != nil {
				return err
			}
			total += info.Size()
		}
		return nil
	})
	return total, err
}

// hashPath hashes a file, or a folder as the hash of its files' relative
// paths and hashes in order, so the same folder is recognised again.
func hashPath(p string) (string, int64, error) {
	st, err := os.Stat(p)
	if err != nil {
		return "", 0, err
	}
	if !st.IsDir() {
		return dataset.HashFile(p)
	}
	h := sha256.New()
	var total int64
	var files []string
	err = filepath.WalkDir(p, func(q string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() {
			files = append(files, q)
		}
		return nil
	})
	if err != nil {
		return "", 0, err
	}
	sort.Strings(files)
	for _, f := range files {
		s, n, err := dataset.HashFile(f)
		if err != nil {
			return "", 0, err
		}
		rel, _ := filepath.Rel(p, f)
		fmt.Fprintf(h, "%s\x00%s\n", filepath.ToSlash(rel), s)
		total += n
	}
	return hex.EncodeToString(h.Sum(nil)), total, nil
}

func ingestSource(ctx context.Context, opt Options, d *dataset.Dataset, path string, hash func() (string, int64, error)) (*dataset.Source, error) {
	ws := opt.Workspace
	prior, err := ws.SourceCount(ctx, d)
	if err != nil {
		return nil, err
	}
	srcNo := prior + 1
	parts := newPartSet(ws, d, srcNo, opt.Tool)
	src := &dataset.Source{Path: path}
	// Row ids number rows in reading order across the dataset, rejected
	// rows included, so an id says where a row was read.
	nextID := d.RowsRead
	tableNo := 0
	stats, err := source.WalkWithStats(ctx, []string{path}, opt.Source, func(e source.Entry) error {
		err := source.OpenTables(ctx, e, opt.Source, func(t source.Table) error {
			tableNo++
			ti, err := ingestTable(ctx, opt, t, srcNo, tableNo, parts, &nextID)
			if err != nil {
				return err
			}
			src.Tables = append(src.Tables, *ti)
			src.RowsRead += ti.RowsRead
			src.RowsAccepted += ti.RowsAccepted
			src.RowsRejected += ti.RowsRejected
			return nil
		})
		if errors.Is(err, source.ErrUnknownFmt) {
			// A PDF or a README beside the data is no table: say so, go on.
			src.Skips = append(src.Skips, e.Name+": not a table (unknown format)")
			return nil
		}
		return err
	})
	if err != nil {
		parts.abort()
		return nil, err
	}
	src.Skips = append(src.Skips, stats.Skips...)
	if more := stats.Skipped - len(stats.Skips); more > 0 {
		src.Skips = append(src.Skips, fmt.Sprintf("… and %d more", more))
	}
	n, err := parts.close()
	if err != nil {
		return nil, err
	}
	if src.SHA256, src.Size, err = hash(); err != nil {
		parts.remove()
		return nil, err
	}
	if err := ws.AddSource(ctx, d, src, n); err != nil {
		parts.remove()
		return nil, err
	}
	return src, nil
}

// partSet holds one Parquet part per worker for a source, so the workers
// write in parallel: the encoder is the costliest step after parsing.
type partSet struct {
	ws    *dataset.Workspace
	d     *dataset.Dataset
	srcNo int
	tool  string
	mu    sync.Mutex
	parts map[int]*dataset.PartWriter
	names []string
}

func newPartSet(ws *dataset.Workspace, d *dataset.Dataset, srcNo int, tool string) *partSet {
	return &partSet{ws: ws, d: d, srcNo: srcNo, tool: tool, parts: map[int]*dataset.PartWriter{}}
}

// writer returns worker k's part, created on first use.
func (p *partSet) writer(k int) (*dataset.PartWriter, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.parts[k]; w != nil {
		return w, nil
	}
	name := fmt.Sprintf("part-%06d-%02d.parquet", p.srcNo, k)
	w, err := p.ws.NewPartWriter(p.d, name, p.tool)
	if err != nil {
		return nil, err
	}
	p.parts[k] = w
	p.names = append(p.names, name)
	return w, nil
}

// close closes the parts in parallel: each still encodes its last row
// group.
func (p *partSet) close() (int, error) {
	errs := make(chan error, len(p.parts))
	for _, w := range p.parts {
		go func() { errs <- w.Close() }()
	}
	var first error
	for range p.parts {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		p.remove()
	}
	return len(p.parts), first
}

func (p *partSet) abort() {
	for _, w := range p.parts {
		w.Abort()
	}
}

func (p *partSet) remove() {
	for _, n := range p.names {
		os.Remove(filepath.Join(p.ws.Dir, p.d.Dir, n))
	}
}

// work is a run of rows handed to a worker, in reading order: a chunk of
// text it parses itself, or rows the reading goroutine read one by one
// (values owned). firstID is the row id of the first row.
type work struct {
	chunk   *source.Chunk
	rows    []source.Row
	firstID int64
}

// batchRows is the number of rows read one by one that go to a worker
// together.
const batchRows = 4096

// outRows is how many normalised rows a worker gathers before handing
// them to its part writer: few enough that their strings are still in
// cache when the writer copies them.
const outRows = 256

// tally is one worker's counts for a table.
type tally struct {
	accepted int64
	rejects  map[string]int64
	samples  []dataset.RejectSample
}

// worker normalises rows and writes them to its part.
type worker struct {
	n            *normalizer
	k            int
	parts        *partSet
	srcNo, table int32
	out          []dataset.Row
	tl           *tally
}

// add normalises one row, or counts it as rejected.
func (w *worker) add(r source.Row, id int64) error {
	reason := ""
	if r.Problem != "" {
		reason = reasonOf(r.Problem)
	} else {
		reason = w.n.rejectReason(r.Values)
	}
	if reason != "" {
		w.tl.rejects[reason]++
		if len(w.tl.samples) < 5 {
			w.tl.samples = append(w.tl.samples, dataset.RejectSample{Line: r.Line, Reason: reason, Preview: maskPreview(r.Values)})
		}
		return nil
	}
	w.out = w.out[:len(w.out)+1]
	row := &w.out[len(w.out)-1]
	w.n.row(row, r.Values, r.Line)
	row.RowID, row.Source, row.Table = id, w.srcNo, w.table
	if len(w.out) == cap(w.out) {
		return w.flush()
	}
	return nil
}

func (w *worker) flush() error {
	if len(w.out) == 0 {
		return nil
	}
	pw, err := w.parts.writer(w.k)
	if err == nil {
		err = pw.Write(w.out)
	}
	w.tl.accepted += int64(len(w.out))
	w.out = w.out[:0]
	return err
}

func (w *worker) do(wk *work) error {
	if wk.chunk != nil {
		id := wk.firstID
		return wk.chunk.Each(func(r source.Row) error {
			err := w.add(r, id)
			id++
			return err
		})
	}
	for i, r := range wk.rows {
		if err := w.add(r, wk.firstID+int64(i)); err != nil {
			return err
		}
	}
	return nil
}

// ingestTable detects the table's columns on a sample, then normalises and
// writes its rows in parallel, each worker to its own part. Delimited text
// comes in chunks the workers parse (see source.Chunked), other tables as
// rows read here.
func ingestTable(ctx context.Context, opt Options, t source.Table, srcNo, no int, parts *partSet, nextID *int64) (*dataset.Table, error) {
	header := append([]string(nil), t.Header()...)
	ti := &dataset.Table{No: no, Name: t.Name(), Format: string(t.Format()), HasHeader: t.HasHeader(), Rejects: map[string]int64{}}

	// Sample for detection; the sampled rows are processed like the rest.
	var pending []source.Row
	for len(pending) < opt.SampleRows {
		r, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		pending = append(pending, source.Row{Values: append([]string(nil), r.Values...), Line: r.Line, Problem: r.Problem})
	}
	var sample [][]string
	for _, r := range pending {
		if r.Problem == "" {
			sample = append(sample, r.Values)
		}
	}
	sch := schema.Detect(header, t.HasHeader(), sample, opt.Map)
	for _, c := range sch.Columns {
		ti.Columns = append(ti.Columns, dataset.Column{Index: c.Index, Name: c.Name, Role: string(c.Role), Confidence: c.Confidence, By: c.By})
	}
	n := newNormalizer(sch, header, opt.Ref)

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	in := make(chan *work, opt.Workers*2)
	tallies := make([]tally, opt.Workers)
	var wg sync.WaitGroup
	for k := range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tallies[k].rejects = map[string]int64{}
			w := &worker{n: n.clone(), k: k, parts: parts, srcNo: int32(srcNo), table: int32(no),
				out: make([]dataset.Row, 0, outRows), tl: &tallies[k]}
			for wk := range in {
				if ctx.Err() != nil {
					continue // drain
				}
				if err := w.do(wk); err != nil {
					cancel(err)
				}
			}
			if err := w.flush(); err != nil {
				cancel(err)
			}
		}()
	}

	send := func(wk *work) bool {
		select {
		case in <- wk:
			return true
		case <-ctx.Done():
			return false
		}
	}
	// Row ids are given here, in reading order, before the rows are
	// parsed: a chunk says how many rows it holds.
	count := func(rows int64) int64 {
		first := *nextID + 1
		*nextID += rows
		ti.RowsRead += rows
		if opt.Rows != nil {
			opt.Rows.Add(rows)
		}
		return first
	}
	var readErr error
	ok := len(pending) == 0 || send(&work{rows: pending, firstID: count(int64(len(pending)))})
	if ch, isChunked := t.(source.Chunked); isChunked {
		for ok {
			c, err := ch.NextChunk()
			if err != nil {
				readErr = err
				break
			}
			if c == nil {
				break
			}
			ok = send(&work{chunk: c, firstID: count(c.Rows)})
		}
	}
	cur := &work{}
	for ok && readErr == nil {
		r, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		if len(cur.rows) == 0 {
			cur.firstID = count(0) // ids of this batch start here
		}
		count(1)
		cur.rows = append(cur.rows, source.Row{Values: append([]string(nil), r.Values...), Line: r.Line, Problem: r.Problem})
		if len(cur.rows) >= batchRows {
			ok = send(cur)
			cur = &work{}
		}
	}
	if ok && len(cur.rows) > 0 {
		send(cur)
	}
	close(in)
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	var samples []dataset.RejectSample
	for _, tl := range tallies {
		ti.RowsAccepted += tl.accepted
		for r, c := range tl.rejects {
			ti.Rejects[r] += c
		}
		samples = append(samples, tl.samples...)
	}
	ti.RowsRejected = 0
	for _, c := range ti.Rejects {
		ti.RowsRejected += c
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i].Line < samples[j].Line })
	ti.Samples = samples[:min(len(samples), 5)]
	if ti.RowsRead != ti.RowsAccepted+ti.RowsRejected {
		return nil, fmt.Errorf("%s: %d rows read, %d accepted, %d rejected", t.Name(), ti.RowsRead, ti.RowsAccepted, ti.RowsRejected)
	}
	return ti, nil
}

// reasonOf is the category of a reader's problem text ("ragged: 12 fields,
// header has 20" → "ragged").
func reasonOf(problem string) string {
	if i := strings.IndexByte(problem, ':'); i > 0 {
		return problem[:i]
	}
	return problem
}
