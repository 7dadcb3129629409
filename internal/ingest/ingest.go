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
		sha, size, err := hashPath(p)
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
		src, err := ingestSource(ctx, opt, d, p, sha, size)
		if err != nil {
			return res, err
		}
		res.Sources = append(res.Sources, *src)
	}
	if res.Dataset, err = ws.Dataset(ctx, d.Name); err != nil {
		return res, err
	}
	return res, nil
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

func ingestSource(ctx context.Context, opt Options, d *dataset.Dataset, path, sha string, size int64) (*dataset.Source, error) {
	ws := opt.Workspace
	parts, err := ws.Parts(d)
	if err != nil {
		return nil, err
	}
	partNo := len(parts) + 1
	partName := fmt.Sprintf("part-%06d.parquet", partNo)
	pw, err := ws.NewPartWriter(d, partName, opt.Tool)
	if err != nil {
		return nil, err
	}
	src := &dataset.Source{Path: path, SHA256: sha, Size: size}
	// Row ids continue the dataset's numbering.
	nextID := d.RowsAccepted
	tableNo := 0
	err = source.Walk(ctx, []string{path}, opt.Source, func(e source.Entry) error {
		return source.OpenTables(ctx, e, opt.Source, func(t source.Table) error {
			tableNo++
			ti, err := ingestTable(ctx, opt, t, partNo, tableNo, pw, &nextID)
			if err != nil {
				return err
			}
			src.Tables = append(src.Tables, *ti)
			src.RowsRead += ti.RowsRead
			src.RowsAccepted += ti.RowsAccepted
			src.RowsRejected += ti.RowsRejected
			return nil
		})
	})
	if err != nil {
		pw.Abort()
		return nil, err
	}
	if err := pw.Close(); err != nil {
		return nil, err
	}
	if err := ws.AddSource(ctx, d, src, 1); err != nil {
		os.Remove(filepath.Join(ws.Dir, d.Dir, partName))
		return nil, err
	}
	return src, nil
}

// batch is a run of rows on their way through normalisation.
type batch struct {
	seq   int
	lines []int64
	vals  [][]string
	out   []dataset.Row
	rej   []rejected
}

type rejected struct {
	line   int64
	reason string
	vals   []string
}

const batchRows = 4096

// ingestTable detects the table's columns on a sample, then normalises its
// rows in parallel batches, writing accepted rows in input order.
func ingestTable(ctx context.Context, opt Options, t source.Table, srcNo, no int, pw *dataset.PartWriter, nextID *int64) (*dataset.Table, error) {
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

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan *batch, opt.Workers*2)
	done := make(chan *batch, opt.Workers*2)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := n.clone()
			for b := range in {
				local.batch(b)
				select {
				case done <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	// The writer puts batches back in order.
	var writeErr error
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		waiting := map[int]*batch{}
		next := 0
		for b := range done {
			waiting[b.seq] = b
			for {
				w, ok := waiting[next]
				if !ok {
					break
				}
				delete(waiting, next)
				next++
				if writeErr != nil {
					continue
				}
				for i := range w.out {
					*nextID++
					w.out[i].RowID = *nextID
					w.out[i].Source = int32(srcNo)
					w.out[i].Table = int32(no)
				}
				if len(w.out) > 0 {
					if err := pw.Write(w.out); err != nil {
						writeErr = err
						cancel()
					}
				}
				ti.RowsAccepted += int64(len(w.out))
				for _, r := range w.rej {
					ti.RowsRejected++
					ti.Rejects[r.reason]++
					if len(ti.Samples) < 5 {
						ti.Samples = append(ti.Samples, dataset.RejectSample{Line: r.line, Reason: r.reason, Preview: maskPreview(r.vals)})
					}
				}
			}
		}
	}()

	seq := 0
	var readErr error
	cur := &batch{seq: seq}
	flush := func() bool {
		if len(cur.vals) == 0 && len(cur.rej) == 0 {
			return true
		}
		select {
		case in <- cur:
		case <-ctx.Done():
			return false
		}
		seq++
		cur = &batch{seq: seq}
		return true
	}
	add := func(r source.Row, owned bool) bool {
		ti.RowsRead++
		if opt.Rows != nil {
			opt.Rows.Add(1)
		}
		vals := r.Values
		if !owned {
			vals = append([]string(nil), vals...)
		}
		if r.Problem != "" {
			// Rejects travel with the batch they were read in.
			cur.rej = append(cur.rej, rejected{line: r.Line, reason: reasonOf(r.Problem), vals: vals})
		} else {
			cur.lines = append(cur.lines, r.Line)
			cur.vals = append(cur.vals, vals)
		}
		if len(cur.vals)+len(cur.rej) >= batchRows {
			return flush()
		}
		return true
	}
	ok := true
	for _, r := range pending {
		if ok = add(r, true); !ok {
			break
		}
	}
	for ok {
		r, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		ok = add(r, false)
	}
	if ok {
		flush()
	}
	close(in)
	wg.Wait()
	close(done)
	<-writerDone
	switch {
	case readErr != nil:
		return nil, readErr
	case writeErr != nil:
		return nil, writeErr
	case ctx.Err() != nil && !ok:
		return nil, context.Cause(ctx)
	}
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
