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

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// RowGroupRows is the number of rows per Parquet row group: small enough to
// stream with bounded memory, large enough for good compression.
const RowGroupRows = 64 * 1024

// skipBoundsColumns get no min/max bounds: nobody filters names or
// addresses by range, and computing them was ~5% of ingest.
var skipBoundsColumns = []string{"name", "name_key", "name_titles", "birth_place", "address", "passport",
	"raw_nik", "raw_nkk", "raw_name", "raw_birth_date", "raw_sex", "raw_rt_rw", "raw_region_code", "other"}

// PartWriter writes one Parquet part file of a dataset: Row's schema,
// zstd (fastest level), a row group every RowGroupRows rows with min/max
// statistics per column chunk (none for free text), dictionary encoding for
// the low-cardinality columns, delta encoding for numbers and text lengths.
// See columnar.go for why the encoder is written here.
type PartWriter struct {
	path   string
	tmp    string
	f      *os.File
	bw     *bufio.Writer
	enc    chunkEncoder
	layout *rowLayout
	cols   []column
	n      int // rows buffered in the current row group
	groups []format.RowGroup
	rows   int64
	meta   format.FileMetaData
	err    error // sticky
}

// NewPartWriter creates a part file in the dataset's folder. The file
// appears under its name only when Close succeeds, so a failed ingest
// leaves no half-written part behind.
func (ws *Workspace) NewPartWriter(d *Dataset, name, tool string) (*PartWriter, error) {
	layout, err := rowSchema()
	if err != nil {
		return nil, fmt.Errorf("parquet schema: %w", err)
	}
	dir := filepath.Join(ws.Dir, d.Dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, name)
	f, err := os.CreateTemp(dir, ".tmp-"+name+"-*")
	if err != nil {
		return nil, err
	}
	// zstd's fastest level: the writer runs in every ingest worker, and
	// the fastest level costs ~10% in size against the default.
	z, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1),
		zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false))
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	p := &PartWriter{path: path, tmp: f.Name(), f: f, bw: bw, layout: layout}
	p.enc = chunkEncoder{out: &countWriter{w: bw}, zstd: z}
	p.meta = format.FileMetaData{Version: 2, Schema: layout.schema, ColumnOrders: layout.orders,
		CreatedBy: "telusur version " + tool + "(build )"}
	p.cols = make([]column, len(layout.cols))
	for i, c := range layout.cols {
		p.cols[i].colSpec = c
		if c.kind == kDict {
			p.cols[i].dict = map[string]int32{}
		}
		p.cols[i].reset()
	}
	if _, err := p.enc.out.Write([]byte("PAR1")); err != nil {
		p.Abort()
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return p, nil
}

// Write appends rows; they may be reused once it returns.
func (p *PartWriter) Write(rows []Row) error {
	if p.err != nil {
		return p.err
	}
	for len(rows) > 0 {
		// Column by column over a few hundred rows at a time: the rows
		// stay in cache across the columns' passes.
		k := min(len(rows), RowGroupRows-p.n, 256)
		for i := range p.cols {
			p.cols[i].appendRows(rows[:k])
		}
		p.n += k
		p.rows += int64(k)
		rows = rows[k:]
		if p.n == RowGroupRows {
			if err := p.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush writes the buffered rows as a row group.
func (p *PartWriter) flush() error {
	if p.n == 0 {
		return nil
	}
	rg := format.RowGroup{NumRows: int64(p.n), FileOffset: p.enc.out.n, Ordinal: int16(len(p.groups))}
	for i := range p.cols {
		cc, err := p.enc.writeChunk(&p.cols[i], p.n)
		if err != nil {
			p.err = fmt.Errorf("write %s: %w", p.path, err)
			return p.err
		}
		rg.Columns = append(rg.Columns, cc)
		rg.TotalByteSize += cc.MetaData.TotalUncompressedSize
		rg.TotalCompressedSize += cc.MetaData.TotalCompressedSize
		p.cols[i].reset()
	}
	p.groups = append(p.groups, rg)
	p.n = 0
	return nil
}

// Rows is the number of rows written so far.
func (p *PartWriter) Rows() int64 { return p.rows }

// Close finishes the file and moves it into place.
func (p *PartWriter) Close() error {
	err := p.err
	if err == nil {
		err = p.flush()
	}
	if err == nil {
		p.meta.NumRows, p.meta.RowGroups = p.rows, p.groups
		err = p.enc.writeFooter(&p.meta)
	}
	if e := p.bw.Flush(); err == nil {
		err = e
	}
	if e := p.f.Close(); err == nil {
		err = e
	}
	if err == nil {
		err = os.Rename(p.tmp, p.path)
	}
	p.enc.zstd.Close()
	p.err = errClosed
	if err != nil {
		os.Remove(p.tmp)
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	return nil
}

// Abort removes the unfinished file.
func (p *PartWriter) Abort() {
	p.err = errClosed
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
