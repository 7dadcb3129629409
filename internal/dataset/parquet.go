package dataset

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// RowGroupRows is the number of rows per Parquet row group: small enough to
// stream with bounded memory, large enough for good compression.
const RowGroupRows = 64 * 1024

// skipBounds leaves min/max bounds out for free-text columns: nobody
// filters names or addresses by range, and computing them was ~5% of ingest.
var skipBounds = func() []parquet.WriterOption {
	var opts []parquet.WriterOption
	for _, c := range []string{"name", "name_key", "name_titles", "birth_place", "address", "passport",
		"raw_nik", "raw_nkk", "raw_name", "raw_birth_date", "raw_sex", "raw_rt_rw", "raw_region_code", "other"} {
		opts = append(opts, parquet.SkipPageBounds(c))
	}
	return opts
}()

// PartWriter writes one Parquet part file of a dataset.
type PartWriter struct {
	path string
	tmp  string
	f    *os.File
	bw   *bufio.Writer
	w    *parquet.GenericWriter[Row]
	rows int64
}

// NewPartWriter creates a part file in the dataset's folder. The file
// appears under its name only when Close succeeds, so a failed ingest
// leaves no half-written part behind.
func (ws *Workspace) NewPartWriter(d *Dataset, name, tool string) (*PartWriter, error) {
	dir := filepath.Join(ws.Dir, d.Dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, name)
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-*")
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	// zstd's fastest level: the writer is the one serial step of ingest,
	// and the fastest level costs ~10% in size against the default.
	opts := append([]parquet.WriterOption{
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest}),
		parquet.MaxRowsPerRowGroup(RowGroupRows), parquet.CreatedBy("telusur", tool, ""),
		// Row-group statistics stay; per-page ones cost ~5% of ingest and
		// buy little on files read whole.
		parquet.DataPageStatistics(false),
	}, skipBounds...)
	w := parquet.NewGenericWriter[Row](bw, opts...)
	return &PartWriter{path: path, tmp: f.Name(), f: f, bw: bw, w: w}, nil
}

// Write appends rows.
func (p *PartWriter) Write(rows []Row) error {
	if _, err := p.w.Write(rows); err != nil {
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	p.rows += int64(len(rows))
	return nil
}

// Rows is the number of rows written so far.
func (p *PartWriter) Rows() int64 { return p.rows }

// Close finishes the file and moves it into place.
func (p *PartWriter) Close() error {
	err := p.w.Close()
	if e := p.bw.Flush(); err == nil {
		err = e
	}
	if e := p.f.Close(); err == nil {
		err = e
	}
	if err == nil {
		err = os.Rename(p.tmp, p.path)
	}
	if err != nil {
		os.Remove(p.tmp)
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	return nil
}

// Abort removes the unfinished file.
func (p *PartWriter) Abort() {
	p.f.Close()
	os.Remove(p.tmp)
}

// Parts returns a dataset's part files in name order.
func (ws *Workspace) Parts(d *Dataset) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(ws.Dir, d.Dir, "part-*.parquet"))
	sort.Strings(m)
	return m, err
}

// Scan calls fn for every row of a dataset, part by part, in batches; the
// batch is reused after fn returns.
func (ws *Workspace) Scan(d *Dataset, fn func([]Row) error) error {
	parts, err := ws.Parts(d)
	if err != nil {
		return err
	}
	buf := make([]Row, 4096)
	for _, p := range parts {
		if err := scanPart(p, buf, fn); err != nil {
			return err
		}
	}
	return nil
}

func scanPart(path string, buf []Row, fn func([]Row) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := parquet.NewGenericReader[Row](f)
	defer r.Close()
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if ferr := fn(buf[:n]); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
	}
}

// HashFile returns the SHA-256 and size of a file.
func HashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		return "", 0, fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
