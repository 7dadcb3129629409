package synth

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/telusur/telusur/internal/region"
	"github.com/telusur/telusur/internal/synth/export"
)

// leakWriter routes leak rows to the files of a format and writes the
// ground truth beside them.
type leakWriter struct {
	dir    string
	sc     Scenario
	format string
	parts  []*leakPart
	byName map[string]*leakPart
	truthF *os.File
	truthB *bufio.Writer
	truth  export.Writer
	vals   []string
	tvals  []string
	cur    *leakRow // the row being written, for zip split keys
	closed bool
}

// leakPart is one output file.
type leakPart struct {
	name   string
	format string
	w      export.Writer
	rows   int64
}

// mixedFormats are the parts of the "mixed" format, rows spread over them.
var mixedFormats = []string{"csv-semicolon-cp1252", "ndjson", "sql-mysql", "sql-postgres", "xlsx", "zip-provinces"}

// LeakFormats are the formats WriteLeak accepts.
var LeakFormats = append(append([]string(nil), export.Formats...), "zip-provinces", "mixed")

func newLeakWriter(dir string, sc Scenario, format string) (*leakWriter, error) {
	ok := false
	for _, f := range LeakFormats {
		ok = ok || f == format
	}
	if !ok {
		return nil, fmt.Errorf("unknown leak format %q (want one of %s)", format, strings.Join(LeakFormats, ", "))
	}
	if sc.Name == "recipient-copy" && (format == "mixed" || format == "zip-provinces") {
		return nil, fmt.Errorf("recipient-copy is written one file per village; format %q does not apply", format)
	}
	lw := &leakWriter{dir: dir, sc: sc, format: format, byName: map[string]*leakPart{}}
	f, err := os.OpenFile(filepath.Join(dir, TruthFile), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	lw.truthF, lw.truthB = f, bufio.NewWriterSize(f, 1<<20)
	lw.truth = export.NewCSV(lw.truthB, export.CSVOptions{Comma: ','})
	if err := lw.truth.WriteHeader(TruthColumns); err != nil {
		return nil, err
	}
	if format == "mixed" {
		for i, f := range mixedFormats {
			if _, err := lw.open(fmt.Sprintf("dpt_part%d%s", i+1, extOf(f)), f); err != nil {
				return nil, err
			}
		}
	} else if sc.Name != "recipient-copy" {
		if _, err := lw.open("dpt_"+strings.ReplaceAll(sc.Name, "-", "_")+extOf(format), format); err != nil {
			return nil, err
		}
	}
	return lw, nil
}

func extOf(format string) string {
	if format == "zip-provinces" {
		return ".zip"
	}
	return export.Ext(format)
}

// open creates an output file named name (which may contain a folder).
func (lw *leakWriter) open(name, format string) (*leakPart, error) {
	path := filepath.Join(lw.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	var w export.Writer
	var err error
	if format == "zip-provinces" {
		w, err = export.NewZipSplit(path, func([]string) string { return lw.cur.file }, provinceEntry,
			export.CSVOptions{Comma: ','})
	} else {
		w, err = export.New(format, path)
	}
	if err != nil {
		return nil, err
	}
	if err := w.WriteHeader(lw.sc.layout.headers()); err != nil {
		w.Close()
		return nil, err
	}
	p := &leakPart{name: name, format: format, w: w}
	lw.parts = append(lw.parts, p)
	lw.byName[name] = p
	return p, nil
}

// provinceEntry names a zip entry after the province of a registry part
// file ("prov-32.parquet" → "DPT_JAWA_BARAT.csv").
func provinceEntry(file string) string {
	code := strings.TrimSuffix(strings.TrimPrefix(file, "prov-"), filepath.Ext(file))
	name := code
	if a, ok := region.Lookup(code); ok {
		name = strings.ReplaceAll(strings.ToUpper(a.Name), " ", "_")
	}
	return "DPT_" + name + ".csv"
}

// part picks the file a row goes to.
func (lw *leakWriter) part(lr *leakRow) (*leakPart, error) {
	switch {
	case lw.format == "mixed":
		// By person, so the split is stable for a seed.
		return lw.parts[int(splitmix(lr.truth.PersonID^0x6d6978)%uint64(len(lw.parts)))], nil
	case lw.sc.Name == "recipient-copy":
		name := filepath.Join(lr.rec.DistrictCode+"_"+fileSafe(lr.rec.District),
			lr.rec.VillageCode+"_"+fileSafe(lr.rec.Village)+extOf(lw.format))
		if p := lw.byName[name]; p != nil {
			return p, nil
		}
		// Villages come grouped: finish the previous file to bound open files.
		if n := len(lw.parts); n > 0 && lw.parts[n-1].w != nil {
			if err := lw.parts[n-1].w.Close(); err != nil {
				return nil, err
			}
			lw.parts[n-1].w = nil
		}
		return lw.open(name, lw.format)
	}
	return lw.parts[0], nil
}

func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '_'
	}, s)
}

func (lw *leakWriter) write(lr *leakRow, m *LeakManifest) error {
	p, err := lw.part(lr)
	if err != nil {
		return err
	}
	if p.w == nil {
		return fmt.Errorf("leak file %s was closed: rows of one village came apart", p.name)
	}
	p.rows++
	lw.cur = lr
	lw.vals = lw.sc.layout.values(lw.vals[:0], lr)
	if lw.sc.layout.columns[0].header == "id" {
		lw.vals[0] = strconv.FormatInt(p.rows, 10)
	}
	if err := p.w.WriteRow(lw.vals); err != nil {
		return err
	}
	m.Rows++
	id := "0"
	real := "0"
	if lr.real {
		m.RealRows++
		id, real = strconv.FormatUint(lr.truth.PersonID, 10), "1"
	} else {
		m.FakeRows++
	}
	for _, t := range lr.tags {
		m.Perturbations[t]++
	}
	lw.tvals = append(lw.tvals[:0], p.name, strconv.FormatInt(p.rows, 10), id, real, m.Snapshot)
	if lr.real {
		lw.tvals = append(lw.tvals, lr.truth.NIK, lr.truth.Name, lr.truth.BirthDate.String())
	} else {
		lw.tvals = append(lw.tvals, "", "", "")
	}
	lw.tvals = append(lw.tvals, strings.Join(lr.tags, ";"))
	return lw.truth.WriteRow(lw.tvals)
}

// close finishes every file and records them in the manifest.
func (lw *leakWriter) close(m *LeakManifest) error {
	lw.closed = true
	var first error
	for _, p := range lw.parts {
		if p.w != nil {
			if err := p.w.Close(); err != nil && first == nil {
				first = err
			}
		}
		m.Files = append(m.Files, LeakFile{Name: p.name, Format: p.format, Rows: p.rows})
	}
	if err := lw.truth.Close(); err != nil && first == nil {
		first = err
	}
	if err := lw.truthB.Flush(); err != nil && first == nil {
		first = err
	}
	if err := lw.truthF.Close(); err != nil && first == nil {
		first = err
	}
	return first
}

// abort closes files after a failure (a no-op after close).
func (lw *leakWriter) abort() {
	if lw.closed {
		return
	}
	for _, p := range lw.parts {
		if p.w != nil {
			p.w.Close()
		}
	}
	lw.truthF.Close()
}
