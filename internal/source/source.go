package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
)

// Entry is one file found under the paths given to Walk: a plain file, a
// file in a folder, or a member of an archive or compressed stream
// (nested to any depth).
type Entry struct {
	// Name is the logical path shown to users: the path given, then "!/" and
	// the member path for each archive level, e.g. "leak.zip!/jabar.tar.gz!/DPT.csv".
	Name string
	// Path is the file on disk when the entry is a plain file (not a member
	// of an archive); "" otherwise. Readers needing random access (XLSX,
	// Parquet) use it, or spool Open's stream to a temporary file when it
	// is "".
	Path string
	// Size is the uncompressed size when known, else -1.
	Size int64
	// Open returns the entry's content, already decompressed. It may be
	// called more than once (each call starts from the beginning).
	Open func() (io.ReadCloser, error)
	// openAt, set by Walk for a file on disk, opens it for random access
	// (Parquet), advancing Options.BytesRead as Open's reader does.
	openAt func() (raFile, error)
}

// Table is one table read from an entry: a delimited file, a JSON array or
// NDJSON stream, one table of an SQL dump, one sheet of a workbook, or a
// Parquet file.
type Table interface {
	// Name is the entry's Name, plus "#table" for an SQL table or "#sheet"
	// for a workbook sheet.
	Name() string
	// Format is one of the Format constants.
	Format() Format
	// Header returns the column names; when the file has none they are
	// "col1", "col2", ... and HasHeader is false.
	Header() []string
	HasHeader() bool
	// Next returns the next row, or io.EOF after the last. A row that is
	// malformed but readable (ragged, bad quoting) comes back with Problem
	// set, so the caller can count it as rejected with a reason; an error
	// means the rest of the table cannot be read, and names the entry and
	// line. The Row's Values slice may be reused by the next call.
	Next() (Row, error)
	Close() error
}

// Row is one data row.
type Row struct {
	Values []string
	// Line is the 1-based line of the row's start in the decoded text (for
	// text formats), or the row number in the sheet (XLSX), or the row's
	// ordinal in the SQL table / JSON stream / Parquet file.
	Line int64
	// Problem is "" for a well-formed row, else a short reason without any
	// cell values ("ragged: 12 fields, header has 20").
	Problem string
}

// Format is the kind of table a file holds.
type Format string

// The formats.
const (
	FormatDelimited Format = "delimited" // CSV, TSV, ';' or '|' separated
	FormatJSON      Format = "json"      // a JSON array of objects
	FormatNDJSON    Format = "ndjson"    // one JSON object per line
	FormatSQLMySQL  Format = "sql-mysql" // INSERT INTO ... VALUES
	FormatSQLPg     Format = "sql-postgres"
	FormatXLSX      Format = "xlsx"
	FormatParquet   Format = "parquet"
	FormatUnknown   Format = ""
)

// Options bound and steer reading.
type Options struct {
	// MaxRatio is the largest expansion ratio (uncompressed/compressed)
	// accepted for any compressed member before it is treated as a
	// decompression bomb; 0 means 200.
	MaxRatio float64
	// MaxTotal is the largest number of decompressed bytes read from all
	// archives together; 0 means 1 TiB.
	MaxTotal int64
	// Password opens encrypted archives (zip, 7z, rar).
	Password string
	// Encoding forces a text encoding ("utf-8", "windows-1252", "utf-16le",
	// "utf-16be"); "" sniffs it.
	Encoding string
	// Delimiter forces the delimiter of delimited text; 0 sniffs it.
	Delimiter rune
	// NoHeader says delimited files have no header row; false sniffs it.
	NoHeader bool
	// BytesRead, when set, is advanced as input bytes are consumed (for
	// progress bars); it counts bytes on disk, not decompressed bytes.
	BytesRead *atomic.Int64
}

// Errors callers branch on.
var (
	ErrBomb       = errors.New("decompression bomb: expansion beyond the limit")
	ErrEncrypted  = errors.New("archive is encrypted: give the password with --password")
	ErrTraversal  = errors.New("archive member escapes its folder (path traversal)")
	ErrUnknownFmt = errors.New("not a recognised table format")
)

// Error is a read failure positioned in an entry.
type Error struct {
	Entry string // Entry.Name
	Line  int64  // 0 when not known
	Err   error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("read %s line %d: %v", e.Entry, e.Line, e.Err)
	}
	return fmt.Sprintf("read %s: %v", e.Entry, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// keep imports used until the implementations land.
var _ = context.Background
