package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/parquet-go/parquet-go"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/synth/export"
)

// recordSink receives registry records in order.
type recordSink interface {
	Write([]dpt.Record) error
	Close() error
}

func newSink(path, format, tool string) (recordSink, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	if format == "csv" {
		bw := bufio.NewWriterSize(f, 1<<20)
		w := export.NewCSV(bw, export.CSVOptions{Comma: ','})
		if err := w.WriteHeader(dpt.Columns); err != nil {
			f.Close()
			return nil, err
		}
		return &csvSink{file: file{f, bw, path}, w: w}, nil
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	pw := parquet.NewGenericWriter[dpt.Record](bw,
		parquet.Compression(&parquet.Zstd),
		parquet.MaxRowsPerRowGroup(128*1024),
		parquet.CreatedBy("telusur", tool, ""),
	)
	return &parquetSink{file: file{f, bw, path}, w: pw}, nil
}

// file is a buffered output file; finish closes the format's writer, then
// the buffer and the file, and reports the first error.
type file struct {
	f    *os.File
	bw   *bufio.Writer
	path string
}

func (f *file) finish(closeWriter func() error) error {
	err := closeWriter()
	if ferr := f.bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("close %s: %w", f.path, err)
	}
	return nil
}

type parquetSink struct {
	file
	w *parquet.GenericWriter[dpt.Record]
}

func (s *parquetSink) Write(rs []dpt.Record) error {
	if _, err := s.w.Write(rs); err != nil {
		return fmt.Errorf("write %s: %w", s.path, err)
	}
	return nil
}

func (s *parquetSink) Close() error { return s.finish(s.w.Close) }

type csvSink struct {
	file
	w   export.Writer
	row []string
}

func (s *csvSink) Write(rs []dpt.Record) error {
	for i := range rs {
		s.row = rs[i].Strings(s.row[:0])
		if err := s.w.WriteRow(s.row); err != nil {
			return fmt.Errorf("write %s: %w", s.path, err)
		}
	}
	return nil
}

func (s *csvSink) Close() error { return s.finish(s.w.Close) }

// writeJSON writes v indented to path, private to the user.
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o600)
}
