package export

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// Writer writes one table: a header, then rows of strings, in order. Rows
// never have to be held in memory.
type Writer interface {
	// WriteHeader writes the column names. It must be called once, before
	// any row.
	WriteHeader(cols []string) error
	// WriteRow writes one row; len(vals) must equal the number of columns.
	WriteRow(vals []string) error
	// Close flushes buffered output and closes files the writer opened
	// itself. A writer given an io.Writer does not close it.
	Close() error
}

// DefaultModTime is the fixed time stamped into generated files wherever a
// format carries one (zip entry modification times, dump trailers), so that
// output does not depend on the clock.
var DefaultModTime = time.Date(2023, 11, 27, 0, 0, 0, 0, time.UTC)

// fileMode is the permission of every file this package creates.
const fileMode os.FileMode = 0o600

// Formats lists the format names accepted by New, in a stable order.
var Formats = []string{
	"csv", "csv-semicolon-cp1252", "tsv", "ndjson", "json",
	"sql-mysql", "sql-postgres", "xlsx",
}

// Ext returns the file extension, with its leading dot, for a format name
// accepted by New, or "" for an unknown format.
func Ext(format string) string {
	switch format {
	case "csv", "csv-semicolon-cp1252":
		return ".csv"
	case "tsv":
		return ".tsv"
	case "ndjson":
		return ".ndjson"
	case "json":
		return ".json"
	case "sql-mysql", "sql-postgres":
		return ".sql"
	case "xlsx":
		return ".xlsx"
	}
	return ""
}

// New creates the file at path (mode 0600, truncating an existing file) and
// returns a Writer for format, one of the names in Formats:
//
//	csv                   ',' UTF-8, LF
//	csv-semicolon-cp1252  ';' windows-1252, CRLF (a European-locale Excel export)
//	tsv                   tab-separated, UTF-8, LF
//	ndjson                one JSON object per line
//	json                  a JSON array of objects, one per line
//	sql-mysql             mysqldump-like dump of table "dpt"
//	sql-postgres          pg_dump-like dump of table "dpt"
//	xlsx                  Excel workbook, sheet "Sheet1"
//
// Close closes the file.
func New(format string, path string) (Writer, error) {
	switch format {
	case "xlsx":
		return NewXLSX(path, "Sheet1")
	case "csv", "csv-semicolon-cp1252", "tsv", "ndjson", "json", "sql-mysql", "sql-postgres":
	default:
		return nil, fmt.Errorf("export %s: unknown format %q", path, format)
	}
	f, err := createFile(path)
	if err != nil {
		return nil, fmt.Errorf("write %s %s: %w", format, path, err)
	}
	prefix := "write " + format + " " + path
	var w Writer
	switch format {
	case "csv":
		w = newCSV(f, CSVOptions{Comma: ','}, prefix)
	case "csv-semicolon-cp1252":
		w = newCSV(f, CSVOptions{Comma: ';', Encoding: "windows-1252", CRLF: true}, prefix)
	case "tsv":
		w = newCSV(f, CSVOptions{Comma: '\t'}, prefix)
	case "ndjson":
		w = newNDJSON(f, prefix)
	case "json":
		w = newJSONArray(f, prefix)
	case "sql-mysql":
		w = newSQL(f, SQLOptions{Table: "dpt", Dialect: "mysql"}, prefix)
	case "sql-postgres":
		w = newSQL(f, SQLOptions{Table: "dpt", Dialect: "postgres"}, prefix)
	}
	return &fileWriter{Writer: w, f: f, format: format, path: path}, nil
}

// createFile creates (or truncates) path with mode 0600. An existing file
// keeps its inode but is chmodded to 0600 too.
func createFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fileMode)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(fileMode); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

// fileWriter is a Writer over a file that New opened; Close closes it too.
type fileWriter struct {
	Writer
	f      *os.File
	format string
	path   string
}

// Unwrap returns the format writer, e.g. to reach (*CSVWriter).Unrepresentable.
func (w *fileWriter) Unwrap() Writer { return w.Writer }

// Unrepresentable forwards to the format writer when it counts replaced
// characters (CSV in windows-1252), and returns 0 otherwise.
func (w *fileWriter) Unrepresentable() int {
	if u, ok := w.Writer.(interface{ Unrepresentable() int }); ok {
		return u.Unrepresentable()
	}
	return 0
}

func (w *fileWriter) Close() error {
	if w.f == nil {
		return fmt.Errorf("write %s %s: %w", w.format, w.path, errClosed)
	}
	err := w.Writer.Close()
	if cerr := w.f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("write %s %s: %w", w.format, w.path, cerr)
	}
	w.f = nil
	return err
}

// ErrRowWidth is wrapped by the error WriteRow returns for a row whose
// length differs from the header's.
var ErrRowWidth = errors.New("row width differs from header")

var (
	errClosed      = errors.New("writer is closed")
	errNoHeader    = errors.New("row written before header")
	errTwoHeaders  = errors.New("header written twice")
	errEmptyHeader = errors.New("header has no columns")
)

// table tracks the Writer protocol shared by all formats: one header, then
// rows of the header's width, then Close. err is sticky: once a write fails,
// every later call returns the same error. prefix ("write csv", "write xlsx
// out.xlsx") starts every error message.
type table struct {
	prefix string
	ncols  int
	header bool
	closed bool
	err    error
}

func (t *table) protocol(err error) error { return fmt.Errorf("%s: %w", t.prefix, err) }

func (t *table) checkHeader(cols []string) error {
	switch {
	case t.closed:
		return t.protocol(errClosed)
	case t.err != nil:
		return t.err
	case t.header:
		return t.protocol(errTwoHeaders)
	case len(cols) == 0:
		return t.protocol(errEmptyHeader)
	}
	t.header = true
	t.ncols = len(cols)
	return nil
}

func (t *table) checkRow(vals []string) error {
	switch {
	case t.closed:
		return t.protocol(errClosed)
	case t.err != nil:
		return t.err
	case !t.header:
		return t.protocol(errNoHeader)
	case len(vals) != t.ncols:
		return t.protocol(fmt.Errorf("%w: row has %d values, header has %d columns", ErrRowWidth, len(vals), t.ncols))
	}
	return nil
}

// checkClose marks the table closed; it reports whether Close had already
// been called.
func (t *table) checkClose() (already bool) {
	already = t.closed
	t.closed = true
	return already
}

// fail records err, wrapped with the prefix, as the sticky error and returns
// it. A nil err returns nil.
func (t *table) fail(err error) error {
	if err == nil {
		return nil
	}
	if t.err == nil {
		t.err = fmt.Errorf("%s: %w", t.prefix, err)
	}
	return t.err
}
