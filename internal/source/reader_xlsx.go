package source

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads a workbook entry: from Entry.Path when it is a file on
// disk, else from its stream spooled to a temporary file (mode 0600,
// removed afterwards), as excelize needs random access.
func readXLSX(ctx context.Context, e Entry, br *bufio.Reader, opt Options, fn func(Table) error) error {
	path := e.Path
	if path == "" {
		f, err := os.CreateTemp("", "telusur-*.xlsx")
		if err != nil {
			return &Error{Entry: e.Name, Err: err}
		}
		defer os.Remove(f.Name())
		_, err = io.Copy(f, &ctxCopyReader{ctx: ctx, r: br})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return &Error{Entry: e.Name, Err: err}
		}
		path = f.Name()
	}
	return ReadXLSX(ctx, e.Name, path, opt, fn)
}

// ctxCopyReader stops a copy when ctx is done.
type ctxCopyReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxCopyReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// ReadXLSX reads the workbook at path and calls fn for each sheet holding
// at least one non-empty row, in workbook order; name is the entry's name
// and each table is named "<name>#<sheet>". It is what OpenTables does for
// a workbook, exported for tests.
//
// Sheets are streamed with excelize's Rows iterator (large sheets are
// unzipped to a temporary file, not held in memory; the shared strings
// table is). Values are what Excel shows: formatted, not raw (a date stored
// as a number reads as excelize formats it). The first non-empty row is the
// header (empty names become colN, repeated ones get _2, ...); empty rows
// are not rows. Row.Line is the row number in the sheet. A row with
// non-empty cells beyond the header's width comes back with a "ragged"
// Problem; shorter rows are padded (Excel does not store trailing empty
// cells). Options.Password opens an encrypted workbook.
func ReadXLSX(ctx context.Context, name, path string, opt Options, fn func(Table) error) error {
	xo := excelize.Options{Password: opt.Password}
	if opt.MaxTotal > 0 && opt.MaxTotal < excelize.UnzipSizeLimit {
		xo.UnzipSizeLimit = max(opt.MaxTotal, excelize.StreamChunkSize)
	}
	f, err := excelize.OpenFile(path, xo)
	if err != nil {
		return &Error{Entry: name, Err: xlsxError(err)}
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		if err := ctx.Err(); err != nil {
			return &Error{Entry: name, Err: err}
		}
		rows, err := f.Rows(sheet)
		if err != nil {
			return &Error{Entry: name, Err: xlsxError(err)}
		}
		t := &xlsxTable{tableBase: tableBase{entry: name, name: name + "#" + sheet, format: FormatXLSX}, rows: rows}
		ok, err := t.start()
		if err != nil || !ok {
			_ = rows.Close()
			if err != nil {
				return err
			}
			continue
		}
		err = fn(withContext(ctx, name, t))
		_ = t.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// xlsxError makes excelize's errors about passwords recognisable.
func xlsxError(err error) error {
	if errors.Is(err, excelize.ErrWorkbookFileFormat) {
		return err
	}
	msg := strings.ToLower(err.Error())
	if strings.Contains(msg, "password") || strings.Contains(msg, "encrypt") {
		return errors.Join(ErrEncrypted, err)
	}
	return err
}

// xlsxTable is one sheet.
type xlsxTable struct {
	tableBase
	rows  *excelize.Rows
	num   int64 // row number of the last row read
	width int
	vals  []string
	err   error
}

// start reads up to the first non-empty row and makes it the header; false
// when the sheet has none.
func (t *xlsxTable) start() (bool, error) {
	for {
		cols, ok, err := t.next()
		if err != nil || !ok {
			return false, err
		}
		if !xlsxAllEmpty(cols) {
			t.header = uniqueHeader(cols)
			t.hasHeader = true
			t.width = len(t.header)
			return true, nil
		}
	}
}

// next returns the cells of the next row.
func (t *xlsxTable) next() ([]string, bool, error) {
	if !t.rows.Next() {
		if err := t.rows.Error(); err != nil {
			return nil, false, &Error{Entry: t.entry, Line: t.num + 1, Err: err}
		}
		return nil, false, nil
	}
	t.num++
	cols, err := t.rows.Columns()
	if err != nil {
		return nil, false, &Error{Entry: t.entry, Line: t.num, Err: err}
	}
	return cols, true, nil
}

func xlsxAllEmpty(cols []string) bool {
	for _, c := range cols {
		if c != "" {
			return false
		}
	}
	return true
}

func (t *xlsxTable) Next() (Row, error) {
	if t.err != nil {
		return Row{}, t.err
	}
	for {
		cols, ok, err := t.next()
		if err != nil {
			t.err = err
			return Row{}, err
		}
		if !ok {
			t.err = io.EOF
			return Row{}, io.EOF
		}
		if xlsxAllEmpty(cols) {
			continue
		}
		problem := ""
		if len(cols) > t.width {
			if !xlsxAllEmpty(cols[t.width:]) {
				last := len(cols)
				for cols[last-1] == "" {
					last--
				}
				problem = raggedProblem(last, t.width)
			}
			cols = cols[:t.width]
		}
		t.vals = append(t.vals[:0], cols...)
		t.vals = fitWidth(t.vals, t.width)
		return Row{Values: t.vals, Line: t.num, Problem: problem}, nil
	}
}

func (t *xlsxTable) Close() error {
	if t.err == nil || t.err == io.EOF {
		t.err = &Error{Entry: t.entry, Err: errTableClosed}
	}
	if t.rows != nil {
		err := t.rows.Close()
		t.rows = nil
		return err
	}
	return nil
}
