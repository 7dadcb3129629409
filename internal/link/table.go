package link

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/telusur/telusur/internal/source"
)

// Table is a generic record table for the probabilistic linker: named
// columns of text, one value per row (empty when missing). The public
// benchmarks (FEBRL, NCVR, Splink's) and telusur's own datasets are read
// into one; Comparisons name its columns.
type Table struct {
	Name    string
	Columns []string
	Cols    [][]string // Cols[c][row]
}

// Len is the number of rows.
func (t *Table) Len() int {
	if len(t.Cols) == 0 {
		return 0
	}
	return len(t.Cols[0])
}

// Column returns the values of the named column and whether it exists.
// Names are matched case-insensitively after trimming.
func (t *Table) Column(name string) ([]string, bool) {
	name = strings.TrimSpace(name)
	for i, c := range t.Columns {
		if strings.EqualFold(c, name) {
			return t.Cols[i], true
		}
	}
	return nil, false
}

// AddColumn appends a column (len(vals) must equal Len, unless the table
// is empty).
func (t *Table) AddColumn(name string, vals []string) {
	t.Columns = append(t.Columns, name)
	t.Cols = append(t.Cols, vals)
}

// ErrUnknownFormat is returned by ReadTable for a file that is neither
// delimited text nor Parquet.
var ErrUnknownFormat = errors.New("not a CSV, TSV or Parquet file")

// ReadTable reads a CSV/TSV (header on the first line, delimiter sniffed
// among , ; tab |) or Parquet file (flat columns; values as text, dates
// as yyyy-mm-dd).
func ReadTable(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var magic [4]byte
	n, _ := io.ReadFull(f, magic[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if n == 4 && string(magic[:]) == "PAR1" {
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		t, err := readParquet(f, st.Size())
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		t.Name = name
		return t, nil
	}
	t, err := ReadCSV(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	t.Name = name
	return t, nil
}

// ReadCSV reads delimited text with a header line. The delimiter is the
// one of , ; tab | most frequent on the header line; a UTF-8 BOM is
// skipped; headers and values are trimmed.
func ReadCSV(r io.Reader) (*Table, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	head, err := br.Peek(4096)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	if len(head) == 0 {
		return nil, ErrUnknownFormat
	}
	if len(head) >= 3 && string(head[:3]) == "\ufeff" {
		br.Discard(3)
		head = head[3:]
	}
	line := head
	if i := strings.IndexByte(string(head), '\n'); i >= 0 {
		line = head[:i]
	}
	delim, best := ',', -1
	for _, d := range []rune{',', ';', '\t', '|'} {
		if c := strings.Count(string(line), string(d)); c > best {
			delim, best = d, c
		}
	}
	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	hdr, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	t := &Table{}
	for _, h := range hdr {
		t.Columns = append(t.Columns, strings.TrimSpace(h))
	}
	t.Cols = make([][]string, len(hdr))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for c := range t.Cols {
			v := ""
			if c < len(rec) {
				v = strings.TrimSpace(rec[c])
			}
			t.Cols[c] = append(t.Cols[c], strings.Clone(v))
		}
	}
	return t, nil
}

// readParquet reads a Parquet file's leaf columns as text through
// source.NewParquet, which checks the footer, page sizes and codecs before
// package parquet decodes them (a damaged or crafted file is an error, not
// a panic or an unbounded allocation).
func readParquet(r io.ReaderAt, size int64) (*Table, error) {
	pt, err := source.NewParquet("parquet", r, size, source.Options{})
	if err != nil {
		return nil, err
	}
	defer pt.Close()
	t := &Table{Columns: slices.Clone(pt.Header())}
	t.Cols = make([][]string, len(t.Columns))
	for {
		row, err := pt.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for c := range t.Cols {
			v := ""
			if c < len(row.Values) {
				v = strings.Clone(row.Values[c])
			}
			t.Cols[c] = append(t.Cols[c], v)
		}
	}
	return t, nil
}
