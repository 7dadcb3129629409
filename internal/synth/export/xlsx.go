package export

import (
	"bufio"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zip"
	"github.com/xuri/excelize/v2"
)

// SheetRowLimit is how many rows, header included, an XLSX sheet holds
// before the writer continues on a new sheet. It is Excel's limit of
// 1,048,576 rows; tests lower it. NewXLSX reads it once; values below 2 count
// as 2 (a header and one row).
var SheetRowLimit = excelize.TotalRows

// maxCellChars is Excel's limit on the length of a cell, in UTF-16 units.
const maxCellChars = excelize.TotalCellChars

// XLSXWriter is the Writer returned by NewXLSX.
//
// Rows go through excelize's StreamWriter, which keeps at most a few
// megabytes of sheet XML in memory and spills the rest to a temporary file;
// strings are written as inline strings and empty values as absent cells.
// When a sheet reaches SheetRowLimit rows the writer continues on a new sheet
// named "<sheet>2", "<sheet>3", ..., each starting with the header row.
type XLSXWriter struct {
	// BoldHeader makes the header row bold. Set it before WriteHeader.
	BoldHeader bool

	t       table
	path    string
	out     *os.File
	f       *excelize.File
	sw      *excelize.StreamWriter
	base    string
	sheets  []string
	limit   int
	row     int // rows written on the current sheet
	header  []any
	vals    []any
	altered int
}

// NewXLSX creates the workbook file at path (mode 0600) with a first sheet
// named sheet ("Sheet1" when empty). The workbook is written by Close.
func NewXLSX(path string, sheet string) (Writer, error) {
	return newXLSX(path, sheet)
}

func newXLSX(path, sheet string) (*XLSXWriter, error) {
	prefix := "write xlsx " + path
	if sheet == "" {
		sheet = "Sheet1"
	}
	x := &XLSXWriter{t: table{prefix: prefix}, path: path, base: sheet, limit: max(SheetRowLimit, 2)}
	x.f = excelize.NewFile()
	if sheet != "Sheet1" {
		if err := x.f.SetSheetName("Sheet1", sheet); err != nil {
			_ = x.f.Close()
			return nil, fmt.Errorf("%s: sheet name: %w", prefix, err)
		}
	}
	sw, err := x.f.NewStreamWriter(sheet)
	if err != nil {
		_ = x.f.Close()
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	x.sw = sw
	x.sheets = []string{sheet}
	if x.out, err = createFile(path); err != nil {
		_ = x.f.Close()
		return nil, fmt.Errorf("%s: %w", prefix, err)
	}
	return x, nil
}

// Sheets returns the names of the sheets written so far, in order.
func (x *XLSXWriter) Sheets() []string { return append([]string(nil), x.sheets...) }

// Altered returns how many cells were not stored exactly: values with
// characters XML cannot carry (control characters other than tab, CR and
// LF, invalid UTF-8), which excelize replaces by U+FFFD, and values longer
// than Excel's 32,767 characters, which it truncates.
func (x *XLSXWriter) Altered() int { return x.altered }

// WriteHeader writes the header row on the first sheet.
func (x *XLSXWriter) WriteHeader(cols []string) error {
	if err := x.t.checkHeader(cols); err != nil {
		return err
	}
	style := 0
	if x.BoldHeader {
		id, err := x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		if err != nil {
			return x.t.fail(err)
		}
		style = id
	}
	x.header = make([]any, len(cols))
	for i, c := range cols {
		x.countAltered(c)
		if style != 0 {
			x.header[i] = excelize.Cell{StyleID: style, Value: c}
		} else {
			x.header[i] = c
		}
	}
	x.vals = make([]any, len(cols))
	return x.writeHeaderRow()
}

func (x *XLSXWriter) writeHeaderRow() error {
	x.row = 1
	if err := x.sw.SetRow("A1", x.header); err != nil {
		return x.t.fail(err)
	}
	return nil
}

// WriteRow writes one row, moving to a new sheet when the current one is
// full.
func (x *XLSXWriter) WriteRow(vals []string) error {
	if err := x.t.checkRow(vals); err != nil {
		return err
	}
	if x.row >= x.limit {
		if err := x.nextSheet(); err != nil {
			return err
		}
	}
	for i, v := range vals {
		if v == "" {
			x.vals[i] = nil
			continue
		}
		x.countAltered(v)
		x.vals[i] = v
	}
	x.row++
	if err := x.sw.SetRow("A"+strconv.Itoa(x.row), x.vals); err != nil {
		return x.t.fail(err)
	}
	return nil
}

func (x *XLSXWriter) nextSheet() error {
	if err := x.sw.Flush(); err != nil {
		return x.t.fail(err)
	}
	name := ""
	for n := len(x.sheets) + 1; ; n++ {
		name = sheetName(x.base, n)
		if i, _ := x.f.GetSheetIndex(name); i == -1 {
			break
		}
	}
	if _, err := x.f.NewSheet(name); err != nil {
		return x.t.fail(fmt.Errorf("new sheet: %w", err))
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return x.t.fail(err)
	}
	x.sw = sw
	x.sheets = append(x.sheets, name)
	return x.writeHeaderRow()
}

// sheetName returns base followed by n, shortening base so that the name
// stays within Excel's 31 UTF-16 units.
func sheetName(base string, n int) string {
	suffix := strconv.Itoa(n)
	room := 31 - len(suffix)
	units := 0
	for i, r := range base {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > room {
			base = base[:i]
			break
		}
		units += u
	}
	return base + suffix
}

// countAltered counts v if excelize will not store it exactly.
func (x *XLSXWriter) countAltered(v string) {
	if len(v) > maxCellChars {
		units := 0
		for _, r := range v {
			units++
			if r > 0xFFFF {
				units++
			}
		}
		if units > maxCellChars {
			x.altered++
			return
		}
	}
	for i := 0; i < len(v); {
		b := v[i]
		if b < utf8.RuneSelf {
			if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
				x.altered++
				return
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:])
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			x.altered++
			return
		}
		i += size
	}
}

// Close finishes the last sheet and writes the workbook to the file.
func (x *XLSXWriter) Close() error {
	if x.t.checkClose() {
		return x.t.protocol(errClosed)
	}
	defer func() { _ = x.f.Close() }()
	if x.t.err != nil {
		_ = x.out.Close()
		return x.t.err
	}
	if err := x.sw.Flush(); err != nil {
		_ = x.out.Close()
		return x.t.fail(err)
	}
	bw := bufio.NewWriterSize(x.out, 256<<10)
	sz := &spoolZip{out: bw, mod: DefaultModTime}
	x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return sz })
	err := x.f.Write(io.Discard)
	sz.cleanup()
	if err == nil {
		err = bw.Flush()
	}
	if cerr := x.out.Close(); err == nil {
		err = cerr
	}
	return x.t.fail(err)
}

// spoolZip is the excelize.ZipWriter used by XLSXWriter. excelize writes
// streamed sheets in map order; spoolZip compresses every entry into a
// temporary file as it comes and, on Close, writes them to out sorted by
// name with a fixed modification time, so that the workbook is deterministic
// and never held in memory whole.
type spoolZip struct {
	out     io.Writer
	mod     time.Time
	tmp     *os.File
	tbw     *bufio.Writer
	n       int64 // compressed bytes written to tmp
	fw      *flate.Writer
	crc     hash.Hash32
	cur     *spoolEntry
	entries []*spoolEntry
	err     error
}

type spoolEntry struct {
	name       string
	off, csize int64
	usize      int64
	crc        uint32
}

func (z *spoolZip) Write(p []byte) (int, error) { // compressed bytes, to tmp
	n, err := z.tbw.Write(p)
	z.n += int64(n)
	return n, err
}

type spoolEntryWriter struct{ z *spoolZip }

func (w spoolEntryWriter) Write(p []byte) (int, error) {
	z := w.z
	if z.err != nil {
		return 0, z.err
	}
	z.crc.Write(p)
	z.cur.usize += int64(len(p))
	n, err := z.fw.Write(p)
	if err != nil {
		z.err = err
	}
	return n, err
}

func (z *spoolZip) Create(name string) (io.Writer, error) {
	if z.err != nil {
		return nil, z.err
	}
	if z.tmp == nil {
		tmp, err := os.CreateTemp("", "telusur-xlsx-*.tmp")
		if err != nil {
			z.err = err
			return nil, err
		}
		z.tmp = tmp
		z.tbw = bufio.NewWriterSize(tmp, 256<<10)
		z.crc = crc32.NewIEEE()
		if z.fw, err = flate.NewWriter(z, flate.DefaultCompression); err != nil {
			z.err = err
			return nil, err
		}
	} else if err := z.finish(); err != nil {
		return nil, err
	}
	z.cur = &spoolEntry{name: name, off: z.n}
	z.entries = append(z.entries, z.cur)
	z.crc.Reset()
	z.fw.Reset(z)
	return spoolEntryWriter{z}, nil
}

// finish ends the current entry's compressed stream.
func (z *spoolZip) finish() error {
	if z.cur == nil {
		return nil
	}
	if err := z.fw.Close(); err != nil {
		z.err = err
		return err
	}
	z.cur.csize = z.n - z.cur.off
	z.cur.crc = z.crc.Sum32()
	z.cur = nil
	return nil
}

func (z *spoolZip) AddFS(fs.FS) error {
	return errors.New("spool zip: AddFS not supported")
}

func (z *spoolZip) Close() error {
	if z.err != nil {
		return z.err
	}
	if err := z.finish(); err != nil {
		return err
	}
	if z.tbw != nil {
		if err := z.tbw.Flush(); err != nil {
			return err
		}
	}
	sort.SliceStable(z.entries, func(i, j int) bool { return z.entries[i].name < z.entries[j].name })
	zw := zip.NewWriter(z.out)
	for _, e := range z.entries {
		fh := &zip.FileHeader{
			Name:               e.name,
			Method:             zip.Deflate,
			CRC32:              e.crc,
			CompressedSize64:   uint64(e.csize),
			UncompressedSize64: uint64(e.usize),
		}
		// CreateRaw, unlike CreateHeader, does not derive the MS-DOS
		// date and time from Modified; SetModTime sets both.
		fh.SetModTime(z.mod) //nolint:staticcheck // the MS-DOS fields are what CreateRaw writes
		w, err := zw.CreateRaw(fh)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, io.NewSectionReader(z.tmp, e.off, e.csize)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// cleanup removes the temporary file.
func (z *spoolZip) cleanup() {
	if z.tmp != nil {
		_ = z.tmp.Close()
		_ = os.Remove(z.tmp.Name())
		z.tmp = nil
	}
}
