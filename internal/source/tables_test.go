package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/telusur/telusur/internal/synth/export"
)

// tblResult is one table as read back by the tests.
type tblResult struct {
	Name      string
	Format    Format
	Header    []string
	HasHeader bool
	Rows      []Row // Values copied
}

// tblEntry returns an Entry over data in memory.
func tblEntry(name string, data []byte) Entry {
	return Entry{Name: name, Size: int64(len(data)), Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// tblFileEntry returns an Entry for a file on disk.
func tblFileEntry(t testing.TB, path string) Entry {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return Entry{Name: filepath.Base(path), Path: path, Size: fi.Size(), Open: func() (io.ReadCloser, error) {
		return os.Open(path)
	}}
}

// tblDrain reads a table to its end, checking the Table contract on the way.
func tblDrain(t testing.TB, tb Table) (tblResult, error) {
	t.Helper()
	res := tblResult{Name: tb.Name(), Format: tb.Format(), Header: append([]string(nil), tb.Header()...), HasHeader: tb.HasHeader()}
	for {
		r, err := tb.Next()
		if err == io.EOF {
			return res, nil
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("%s: Next error %T %v is not an *Error", tb.Name(), err, err)
			}
			return res, err
		}
		if len(r.Values) != len(res.Header) {
			t.Errorf("%s line %d: %d values, header has %d", tb.Name(), r.Line, len(r.Values), len(res.Header))
		}
		r.Values = append([]string(nil), r.Values...)
		res.Rows = append(res.Rows, r)
	}
}

// tblOpenAll reads every table of an entry.
func tblOpenAll(t testing.TB, e Entry, opt Options) ([]tblResult, error) {
	t.Helper()
	var out []tblResult
	err := OpenTables(context.Background(), e, opt, func(tb Table) error {
		r, err := tblDrain(t, tb)
		out = append(out, r)
		return err
	})
	return out, err
}

// tblOne reads an entry that must hold exactly one table.
func tblOne(t testing.TB, e Entry, opt Options) tblResult {
	t.Helper()
	res, err := tblOpenAll(t, e, opt)
	if err != nil {
		t.Fatalf("%s: %v", e.Name, err)
	}
	if len(res) != 1 {
		t.Fatalf("%s: %d tables, want 1", e.Name, len(res))
	}
	return res[0]
}

// tblValues returns the rows' values.
func tblValues(rows []Row) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.Values
	}
	return out
}

// tblSeeds returns the files of testdata/tables whose names end in one of
// exts (all with ""), as fuzz seeds.
func tblSeeds(f *testing.F, exts ...string) [][]byte {
	f.Helper()
	ents, err := os.ReadDir(filepath.Join("testdata", "tables"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, e := range ents {
		for _, ext := range exts {
			if strings.HasSuffix(e.Name(), ext) {
				data, err := os.ReadFile(filepath.Join("testdata", "tables", e.Name()))
				if err != nil {
					f.Fatal(err)
				}
				out = append(out, data)
				break
			}
		}
	}
	return out
}

func tblTestdata(t testing.TB, name string) Entry {
	t.Helper()
	return tblFileEntry(t, filepath.Join("testdata", "tables", name))
}

// The conformance table: tricky values every format must carry unchanged.
var tblConfHeader = []string{"nik", "nama", "alamat", "rt", "catatan"}

func tblConfRows() [][]string {
	rows := [][]string{
		{"3204051203850001", "BUDI", "JL. MAWAR NO. 1", "001", ""},
		{"3204055203850002", "MA'RUF", "JL. \"MELATI\", GG. 2", "0012", "kutip \"ganda\""},
		{"3204052902000001", "JOSÉ", "baris satu\nbaris dua", "000", "koma, titik; pipa | tab\tx"},
		{"0012", "ÉMILE", "", "", "  spasi  "},
		{"3204052902050001", "O'NEIL", "C:\\DATA\\X", "1", "backslash \\ dan \\n bukan baris"},
		{"3204050101010001", "SITI NUR'AINI", "RT 01/RW 02", "002", "NULL"},
		{"3204050101010002", "", "", "", ""},
		{"3204050101010003", "ANI", "\"", "3", "'"},
		{"3204050101010004", "JOKO", "a;b;c", "04", "--komentar"},
		{"3204050101010005", "BEJO", "/* bukan komentar */", "05", "#"},
		{"3204050101010006", "Ñ Ü ß €", "Jl. Dr. Otten", "06", "0x4142"},
		{"3204050101010007", "DEWI", "\\N", "07", "\\."},
		{"3204050101010008", "RATNA", "x,y", "08", "(1),(2)"},
		{"3204050101010009", "PUTRI", "tengah \" kutip", "09", "\",\""},
		{"3204050101010010", "AGUS", "akhir\n", "10", "CAPS"},
		{"3204050101010011", "WAWAN", "x", "11", "true"},
		{"3204050101010012", "YANI", "y", "12", "12.50"},
		{"3204050101010013", "ZAENAL", "z", "13", "-0"},
		{"3204050101010014", "AHMAD", "jl. ahmad yani", "14", "[1,2]"},
		{"3204050101010015", "SRI", "{\"a\":1}", "15", "última"},
	}
	return rows
}

// TestConformance writes one logical table with every writer of
// internal/synth/export and reads it back through OpenTables: every format
// must give exactly the same header and values. (No normalisation is
// needed: line breaks inside values come back as written, and the writers
// write them as they are.)
func TestConformance(t *testing.T) {
	dir := t.TempDir()
	want := tblConfRows()
	for _, format := range export.Formats {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(dir, "conf-"+format+export.Ext(format))
			w, err := export.New(format, path)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.WriteHeader(tblConfHeader); err != nil {
				t.Fatal(err)
			}
			for _, r := range want {
				if err := w.WriteRow(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			for _, onDisk := range []bool{true, false} {
				e := tblFileEntry(t, path)
				if !onDisk {
					data, err := os.ReadFile(path)
					if err != nil {
						t.Fatal(err)
					}
					e = tblEntry(e.Name, data)
				}
				got := tblOne(t, e, Options{})
				if !got.HasHeader || !reflect.DeepEqual(got.Header, tblConfHeader) {
					t.Fatalf("header %q (has %v), want %q", got.Header, got.HasHeader, tblConfHeader)
				}
				if len(got.Rows) != len(want) {
					t.Fatalf("%d rows, want %d", len(got.Rows), len(want))
				}
				for i, r := range got.Rows {
					if r.Problem != "" {
						t.Errorf("row %d: problem %q", i, r.Problem)
					}
					if !reflect.DeepEqual(r.Values, want[i]) {
						t.Errorf("row %d:\n got %q\nwant %q", i, r.Values, want[i])
					}
				}
			}
		})
	}
}

func TestOpenTablesUnknown(t *testing.T) {
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i * 7919 >> 3)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"junk.bin", junk},
		{"plain.zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00somefile.txt")},
		{"page.html", []byte("<!DOCTYPE html><html><body>x</body></html>")},
		{"empty", nil},
		{"old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := OpenTables(context.Background(), tblEntry(tc.name, tc.data), Options{}, func(Table) error { calls++; return nil })
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrUnknownFmt) || e.Entry != tc.name {
				t.Fatalf("err = %v, want *Error wrapping ErrUnknownFmt", err)
			}
			if calls != 0 {
				t.Fatalf("fn called %d times", calls)
			}
		})
	}
}

func TestOpenTablesEmptyCSV(t *testing.T) {
	got := tblOne(t, tblEntry("empty.csv", nil), Options{})
	if len(got.Rows) != 0 || len(got.Header) != 0 {
		t.Fatalf("got %+v", got)
	}
}

func TestOpenTablesFnError(t *testing.T) {
	stop := errors.New("stop")
	err := OpenTables(context.Background(), tblEntry("a.csv", []byte("a,b\n1,2\n")), Options{}, func(Table) error { return stop })
	if err != stop {
		t.Fatalf("err = %v, want fn's error as is", err)
	}
}

func TestOpenTablesCancel(t *testing.T) {
	var b strings.Builder
	b.WriteString("nik,nama\n")
	for range 5000 {
		b.WriteString("3204051203850001,BUDI\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := OpenTables(ctx, tblEntry("a.csv", []byte(b.String())), Options{}, func(Table) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	n := 0
	err = OpenTables(ctx, tblEntry("a.csv", []byte(b.String())), Options{}, func(tb Table) error {
		for {
			_, err := tb.Next()
			if err != nil {
				return err
			}
			if n++; n == 10 {
				cancel()
			}
		}
	})
	var e *Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &e) || n > 2048 {
		t.Fatalf("err = %v after %d rows", err, n)
	}
}

func TestOpenTablesOpenError(t *testing.T) {
	boom := errors.New("boom")
	e := Entry{Name: "x.csv", Open: func() (io.ReadCloser, error) { return nil, boom }}
	err := OpenTables(context.Background(), e, Options{}, func(Table) error { return nil })
	var se *Error
	if !errors.As(err, &se) || !errors.Is(err, boom) || se.Entry != "x.csv" {
		t.Fatalf("err = %v", err)
	}
}

func TestUniqueHeader(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"plain", []string{"NIK", "NAMA"}, []string{"NIK", "NAMA"}},
		{"empty", []string{"NIK", "", " "}, []string{"NIK", "col2", "col3"}},
		{"dup", []string{"NAMA", "NAMA", "nama", "NAMA_2"}, []string{"NAMA", "NAMA_2", "nama_3", "NAMA_2_2"}},
		{"trim", []string{" NIK ", "\uFEFFNAMA"}, []string{"NIK", "NAMA"}},
		{"empty clash", []string{"col2", ""}, []string{"col2", "col2_2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := uniqueHeader(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLineSourceLong(t *testing.T) {
	long := strings.Repeat("x", tableBufSize*3)
	src := lineSource{br: asBufio(strings.NewReader("a\n" + long + "\nb")), eol: '\n'}
	var got []string
	for {
		l, tooLong, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil || tooLong {
			t.Fatal(err, tooLong)
		}
		got = append(got, string(l))
	}
	if len(got) != 3 || got[0] != "a\n" || got[1] != long+"\n" || got[2] != "b" {
		t.Fatalf("got %d lines", len(got))
	}
}
