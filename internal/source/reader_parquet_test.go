package source

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"

	"github.com/telusur/telusur/internal/synth"
)

// pqBytes writes rows as a Parquet file with package parquet's writer.
func pqBytes[T any](t testing.TB, rows []T, opts ...parquet.WriterOption) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[T](&buf, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pqRead reads Parquet bytes as an entry in memory (the spooled path) and
// from a file on disk, checks both give the same, and returns the table.
func pqRead(t *testing.T, name string, data []byte) tblResult {
	t.Helper()
	mem := tblOne(t, tblEntry(name, data), Options{})
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	disk := tblOne(t, tblFileEntry(t, path), Options{})
	if !reflect.DeepEqual(mem, disk) {
		t.Fatalf("in memory and on disk differ:\n%+v\n%+v", mem, disk)
	}
	if mem.Format != FormatParquet || !mem.HasHeader {
		t.Fatalf("format %q, has header %v", mem.Format, mem.HasHeader)
	}
	return mem
}

type pqAlamat struct {
	Jalan string `parquet:"jalan"`
	RT    *int32 `parquet:"rt,optional"`
}

type pqAll struct {
	NIK   string           `parquet:"nik"`
	Nama  *string          `parquet:"nama,optional"`
	I8    int8             `parquet:"i8"`
	I32   int32            `parquet:"i32"`
	I64   int64            `parquet:"i64"`
	U16   uint16           `parquet:"u16"`
	U32   uint32           `parquet:"u32"`
	U64   uint64           `parquet:"u64"`
	Flag  bool             `parquet:"flag"`
	F32   float32          `parquet:"f32"`
	F64   float64          `parquet:"f64"`
	Lahir int32            `parquet:"lahir,date"`
	TS    time.Time        `parquet:"ts,timestamp(millisecond)"`
	TSus  int64            `parquet:"ts_us,timestamp(microsecond:local)"`
	Jam   int32            `parquet:"jam,time(millisecond)"`
	Dec   int64            `parquet:"dec,decimal(2:10)"`
	DecB  [16]byte         `parquet:"dec_b,decimal(3:38)"`
	ID    [16]byte         `parquet:"id,uuid"`
	Raw   []byte           `parquet:"raw"`
	Enum  string           `parquet:"jk,enum"`
	Alm   pqAlamat         `parquet:"alamat"`
	Tags  []string         `parquet:"tags,list"`
	Nums  []int32          `parquet:"nums"`
	Map   map[string]int32 `parquet:"m"`
}

func pqStr(s string) *string { return &s }
func pqI32(v int32) *int32   { return &v }

// be128 is a 16-byte two's-complement big-endian integer.
func be128(v int64) (b [16]byte) {
	for i := 15; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

func TestParquetTypes(t *testing.T) {
	ts := time.Date(2023, 7, 2, 10, 30, 15, 250e6, time.UTC)
	rows := []pqAll{
		{
			NIK: "3204051203850001", Nama: pqStr("SITI NUR'AINI"), I8: -8, I32: -2147483648, I64: 9007199254740993,
			U16: 65535, U32: 4294967295, U64: 18446744073709551615, Flag: true, F32: 0.1, F64: 1e21,
			Lahir: int32(time.Date(1985, 3, 12, 0, 0, 0, 0, time.UTC).Unix() / 86400), TS: ts,
			TSus: time.Date(2001, 2, 3, 4, 5, 6, 7000, time.UTC).UnixMicro(), Jam: (13*3600+5*60+7)*1000 + 5,
			Dec: -1250, DecB: be128(-5), ID: [16]byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8},
			Raw: []byte("JOS\xc9"), Enum: "L", Alm: pqAlamat{Jalan: "JL. MAWAR, \"NO\" 1", RT: pqI32(7)},
			Tags: []string{"a", "b\"c"}, Nums: []int32{1, 2, 3}, Map: map[string]int32{"x": 1},
		},
		{
			NIK: "0012", Lahir: -1, TS: time.Unix(0, 0).UTC(), F32: float32(1) / 3, F64: -2.5e-7, Dec: 5, DecB: be128(123456),
		},
	}
	got := pqRead(t, "types.parquet", pqBytes(t, rows))
	wantHeader := []string{"nik", "nama", "i8", "i32", "i64", "u16", "u32", "u64", "flag", "f32", "f64", "lahir", "ts", "ts_us",
		"jam", "dec", "dec_b", "id", "raw", "jk", "alamat.jalan", "alamat.rt", "tags", "nums", "m.key", "m.value"}
	if !reflect.DeepEqual(got.Header, wantHeader) {
		t.Fatalf("header\n got %q\nwant %q", got.Header, wantHeader)
	}
	want := [][]string{
		{"3204051203850001", "SITI NUR'AINI", "-8", "-2147483648", "9007199254740993", "65535", "4294967295", "18446744073709551615",
			"true", "0.1", "1e+21", "1985-03-12", "2023-07-02T10:30:15.25Z", "2001-02-03T04:05:06.000007", "13:05:07.005",
			"-12.50", "-0.005", "12345678-9abc-def0-0102-030405060708", "JOSÉ", "L", "JL. MAWAR, \"NO\" 1", "7",
			`["a","b\"c"]`, "[1,2,3]", `["x"]`, "[1]"},
		{"0012", "", "0", "0", "0", "0", "0", "0", "false", "0.33333334", "-2.5e-7", "1969-12-31", "1970-01-01T00:00:00Z",
			"1970-01-01T00:00:00", "00:00:00", "0.05", "123.456", "00000000-0000-0000-0000-000000000000", "", "", "", "",
			"[]", "[]", "[]", "[]"},
	}
	if len(got.Rows) != len(want) {
		t.Fatalf("%d rows", len(got.Rows))
	}
	for i, r := range got.Rows {
		if r.Line != int64(i+1) || r.Problem != "" {
			t.Errorf("row %d: line %d problem %q", i, r.Line, r.Problem)
		}
		for c := range want[i] {
			if r.Values[c] != want[i][c] {
				t.Errorf("row %d %s = %q, want %q", i+1, got.Header[c], r.Values[c], want[i][c])
			}
		}
	}
}

func TestParquetValueText(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"date far past", (&pqConv{kind: pqDate}).intText(-719528), "0000-01-01"},
		{"date 10000", (&pqConv{kind: pqDate}).intText(2932897), "10000-01-01"},
		{"date leap", (&pqConv{kind: pqDate}).intText(11016), "2000-02-29"},
		{"date 1900", (&pqConv{kind: pqDate}).intText(-25567), "1900-01-01"},
		{"date 1899", (&pqConv{kind: pqDate}).intText(-25568), "1899-12-31"},
		{"date 2099", (&pqConv{kind: pqDate}).intText(47481), "2099-12-31"},
		{"date 2100", (&pqConv{kind: pqDate}).intText(47482), "2100-01-01"},
		{"decimal zero scale", decimalText("-12", 0), "-12"},
		{"decimal pad", decimalText("-5", 3), "-0.005"},
		{"float nan", floatText(nan(), 64), "NaN"},
		{"float small", floatText(1e-7, 64), "1e-7"},
		{"float plain", floatText(123456789, 64), "123456789"},
		{"half one", floatText(float64(halfToFloat(0x3c00)), 32), "1"},
		{"half neg two", floatText(float64(halfToFloat(0xc000)), 32), "-2"},
		{"half subnormal", floatText(float64(halfToFloat(0x0001)), 32), "5.9604645e-8"},
		{"half inf", floatText(float64(halfToFloat(0x7c00)), 32), "Inf"},
		{"int96", int96Text([3]uint32{uint32(hourNanos & 0xffffffff), uint32(hourNanos >> 32), 2440588 + 1}), "1970-01-02T01:00:00Z"},
		{"time out of range", timeOfDayText(-1, time.Millisecond), "-1"},
		{"json escapes", string(appendJSONString(nil, "a\"\\\n\x01")), `"a\"\\\n\u0001"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Fatalf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func nan() float64 { z := 0.0; return z / z }

const hourNanos = uint64(time.Hour)

// pqSimple is a flat voter-list row with optional and dictionary columns.
type pqSimple struct {
	NIK  string  `parquet:"nik"`
	Nama *string `parquet:"nama,optional"`
	JK   string  `parquet:"jk,dict"`
	RT   *int32  `parquet:"rt,optional,dict"`
	Kel  *string `parquet:"kel,optional,dict"`
}

func pqSimpleRows(n int) ([]pqSimple, [][]string) {
	var rows []pqSimple
	var want [][]string
	for i := range n {
		r := pqSimple{NIK: fmt.Sprintf("3204%012d", i), JK: []string{"L", "P"}[i%2]}
		w := []string{r.NIK, "", r.JK, "", ""}
		if i%3 != 0 {
			r.Nama = pqStr(fmt.Sprintf("NAMA %d", i))
			w[1] = *r.Nama
		}
		if i%4 != 1 {
			r.RT = pqI32(int32(i % 7))
			w[3] = fmt.Sprint(i % 7)
		}
		if i%5 != 2 {
			r.Kel = pqStr([]string{"SUKAMAJU", "CIBODAS", ""}[i%3])
			w[4] = *r.Kel
		}
		rows = append(rows, r)
		want = append(want, w)
	}
	return rows, want
}

func TestParquetRowGroupsAndCodecs(t *testing.T) {
	rows, want := pqSimpleRows(5000)
	for _, tc := range []struct {
		name  string
		codec compress.Codec
		opts  []parquet.WriterOption
	}{
		{"uncompressed", &parquet.Uncompressed, nil},
		{"snappy", &parquet.Snappy, nil},
		{"gzip", &parquet.Gzip, nil},
		{"zstd", &parquet.Zstd, nil},
		{"lz4", &parquet.Lz4Raw, nil},
		{"brotli", &parquet.Brotli, nil},
		{"v1 pages", &parquet.Zstd, []parquet.WriterOption{parquet.DataPageVersion(1)}},
		{"one group", &parquet.Snappy, []parquet.WriterOption{parquet.MaxRowsPerRowGroup(1 << 20)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := append([]parquet.WriterOption{parquet.Compression(tc.codec), parquet.MaxRowsPerRowGroup(700),
				parquet.PageBufferSize(2048)}, tc.opts...)
			data := pqBytes(t, rows, opts...)
			got := pqRead(t, "simple.parquet", data)
			if !reflect.DeepEqual(got.Header, []string{"nik", "nama", "jk", "rt", "kel"}) {
				t.Fatalf("header %q", got.Header)
			}
			if len(got.Rows) != len(want) {
				t.Fatalf("%d rows, want %d", len(got.Rows), len(want))
			}
			for i, r := range got.Rows {
				if r.Line != int64(i+1) || r.Problem != "" || !reflect.DeepEqual(r.Values, want[i]) {
					t.Fatalf("row %d (line %d, %q): %q, want %q", i, r.Line, r.Problem, r.Values, want[i])
				}
			}
		})
	}
}

// TestParquetDictFallback reads columns whose pages switch from a
// dictionary to plain values within a chunk (the dictionary grew too big),
// with invalid UTF-8 and large numbers among them.
func TestParquetDictFallback(t *testing.T) {
	type row struct {
		Nama string `parquet:"nama,dict"`
		ID   int64  `parquet:"id"`
		Kode *int64 `parquet:"kode,optional,dict"`
	}
	var rows []row
	var want [][]string
	for i := range 3000 {
		r := row{Nama: fmt.Sprintf("NAMA %d", i%700), ID: int64(i) * 1_000_003}
		if i%11 == 0 {
			r.Nama = "JOS\xc9 " + fmt.Sprint(i)
		}
		w := []string{strings.ReplaceAll(r.Nama, "\xc9", "É"), fmt.Sprint(r.ID), ""}
		if i%3 != 0 {
			k := int64(i%50) * 100_000
			r.Kode = &k
			w[2] = fmt.Sprint(k)
		}
		rows = append(rows, r)
		want = append(want, w)
	}
	data := pqBytes(t, rows, parquet.DictionaryMaxBytes(256), parquet.PageBufferSize(512), parquet.MaxRowsPerRowGroup(1300))
	got := pqRead(t, "fallback.parquet", data)
	if !reflect.DeepEqual(tblValues(got.Rows), want) {
		for i := range want {
			if !reflect.DeepEqual(got.Rows[i].Values, want[i]) {
				t.Fatalf("row %d: %q, want %q", i+1, got.Rows[i].Values, want[i])
			}
		}
		t.Fatalf("%d rows, want %d", len(got.Rows), len(want))
	}
}

// TestParquetChunks reads a table through NextChunk, mixed with Next as
// ingest does (a sample first): the rows are those of Next alone.
func TestParquetChunks(t *testing.T) {
	rows, want := pqSimpleRows(3000)
	data := pqBytes(t, rows, parquet.MaxRowsPerRowGroup(1000), parquet.PageBufferSize(4096))
	tb, err := NewParquet("c.parquet", bytes.NewReader(data), int64(len(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	var got []Row
	for range 10 {
		r, err := tb.Next()
		if err != nil {
			t.Fatal(err)
		}
		r.Values = append([]string(nil), r.Values...)
		got = append(got, r)
	}
	ch := tb.(Chunked)
	for {
		c, err := ch.NextChunk()
		if err != nil {
			t.Fatal(err)
		}
		if c == nil {
			break
		}
		n := int64(0)
		if err := c.Each(func(r Row) error {
			if n == 0 && r.Line != c.Line {
				t.Fatalf("chunk line %d, first row %d", c.Line, r.Line)
			}
			n++
			r.Values = append([]string(nil), r.Values...)
			got = append(got, r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if n != c.Rows {
			t.Fatalf("chunk of %d rows gave %d", c.Rows, n)
		}
	}
	if _, err := tb.Next(); err != io.EOF {
		t.Fatalf("after the chunks: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows", len(got))
	}
	for i, r := range got {
		if r.Line != int64(i+1) || !reflect.DeepEqual(r.Values, want[i]) {
			t.Fatalf("row %d: line %d %q, want %q", i, r.Line, r.Values, want[i])
		}
	}
}

// TestParquetConformance carries the conformance table of the text formats
// through Parquet strings unchanged.
func TestParquetConformance(t *testing.T) {
	type conf struct {
		NIK     string `parquet:"nik"`
		Nama    string `parquet:"nama"`
		Alamat  string `parquet:"alamat"`
		RT      string `parquet:"rt"`
		Catatan string `parquet:"catatan"`
	}
	var rows []conf
	for _, r := range tblConfRows() {
		rows = append(rows, conf{r[0], r[1], r[2], r[3], r[4]})
	}
	got := pqRead(t, "conf.parquet", pqBytes(t, rows))
	if !reflect.DeepEqual(got.Header, tblConfHeader) {
		t.Fatalf("header %q", got.Header)
	}
	if !reflect.DeepEqual(tblValues(got.Rows), tblConfRows()) {
		t.Fatalf("values\n got %q\nwant %q", tblValues(got.Rows), tblConfRows())
	}
}

func TestParquetNested(t *testing.T) {
	type inner struct {
		Kode string   `parquet:"kode"`
		Nama []string `parquet:"nama,list"`
	}
	type outer struct {
		ID      int64     `parquet:"id"`
		Wilayah *inner    `parquet:"wilayah,optional"`
		Matrix  [][]int32 `parquet:"matrix,list"`
		Alamat  []inner   `parquet:"alamat,list"`
	}
	rows := []outer{
		{ID: 1, Wilayah: &inner{Kode: "3204", Nama: []string{"BANDUNG", "KAB."}}, Matrix: [][]int32{{1, 2}, {}, {3}},
			Alamat: []inner{{Kode: "a", Nama: []string{"x"}}, {Kode: "b"}}},
		{ID: 2},
		{ID: 3, Wilayah: &inner{Kode: ""}, Matrix: [][]int32{{}}},
	}
	got := pqRead(t, "nested.parquet", pqBytes(t, rows))
	wantHeader := []string{"id", "wilayah.kode", "wilayah.nama", "matrix", "alamat.kode", "alamat.nama"}
	if !reflect.DeepEqual(got.Header, wantHeader) {
		t.Fatalf("header %q, want %q", got.Header, wantHeader)
	}
	want := [][]string{
		{"1", "3204", `["BANDUNG","KAB."]`, "[[1,2],[],[3]]", `["a","b"]`, `[["x"],[]]`},
		{"2", "", "", "[]", "[]", "[]"},
		{"3", "", "[]", "[[]]", "[]", "[]"},
	}
	if !reflect.DeepEqual(tblValues(got.Rows), want) {
		t.Fatalf("values\n got %q\nwant %q", tblValues(got.Rows), want)
	}
}

func TestParquetEmpty(t *testing.T) {
	got := pqRead(t, "empty.parquet", pqBytes[pqSimple](t, nil))
	if len(got.Rows) != 0 || !reflect.DeepEqual(got.Header, []string{"nik", "nama", "jk", "rt", "kel"}) {
		t.Fatalf("got %+v", got)
	}
}

// TestParquetDamaged cuts and corrupts a file: every case gives rows and
// then an *Error naming the file, or an *Error at once; never a panic.
func TestParquetDamaged(t *testing.T) {
	rows, _ := pqSimpleRows(2000)
	data := pqBytes(t, rows, parquet.MaxRowsPerRowGroup(500), parquet.PageBufferSize(1024), parquet.Compression(&parquet.Zstd))
	footer := int(data[len(data)-8]) | int(data[len(data)-7])<<8 | int(data[len(data)-6])<<16
	for _, tc := range []struct {
		name string
		data []byte
		// wantEOF: the error wraps io.ErrUnexpectedEOF.
		wantEOF bool
		msg     string
	}{
		{"cut in half", data[:len(data)/2], true, "no PAR1 magic at the end"},
		{"cut footer", data[:len(data)-4], true, "no PAR1 magic at the end"},
		{"magic only", []byte("PAR1"), true, "no footer"},
		{"footer too long", append(append([]byte(nil), data[:len(data)-8]...), 0xff, 0xff, 0xff, 0x00, 'P', 'A', 'R', '1'), true, "footer of"},
		{"no start magic", append([]byte("PAR0"), data[4:]...), false, "not a Parquet file"},
		{"encrypted", append([]byte("PARE"), data[4:]...), false, "encrypted"},
		{"footer garbage", pqPatch(data, len(data)-8-footer, bytes.Repeat([]byte{0xf9}, 40)), false, "corrupt"},
		{"page garbage", pqPatch(data, 4, bytes.Repeat([]byte{0x5a}, 64)), false, ""},
		{"data garbage", pqPatch(data, len(data)/3, bytes.Repeat([]byte{0x00}, 300)), false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rowsRead int
			err := OpenTables(context.Background(), tblEntry("bad.parquet", tc.data), Options{}, func(tb Table) error {
				for {
					_, err := tb.Next()
					if err != nil {
						return err
					}
					rowsRead++
				}
			})
			var e *Error
			if !errors.As(err, &e) || e.Entry != "bad.parquet" {
				t.Fatalf("err = %v (%d rows), want an *Error naming the file", err, rowsRead)
			}
			if tc.wantEOF != errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("err = %v: wraps io.ErrUnexpectedEOF %v, want %v", err, !tc.wantEOF, tc.wantEOF)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want it to say %q", err, tc.msg)
			}
			t.Logf("%s: %d rows, %v", tc.name, rowsRead, err)
			if errors.Is(err, ErrUnknownFmt) {
				t.Errorf("err = %v: a damaged Parquet file is not an unknown format", err)
			}
		})
	}
}

func pqPatch(data []byte, off int, b []byte) []byte {
	out := append([]byte(nil), data...)
	copy(out[off:], b)
	return out
}

// TestParquetFooterBomb: a footer declaring a list of two billion schema
// elements in a few bytes is refused before anything is allocated for it.
func TestParquetFooterBomb(t *testing.T) {
	// FileMetaData { 1: version i32 = 1, 2: schema list<struct> of 2^31-1 }
	footer := []byte{0x15, 0x02, 0x19, 0xfc, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00}
	var f []byte
	f = append(f, "PAR1"...)
	f = append(f, footer...)
	f = append(f, byte(len(footer)), 0, 0, 0)
	f = append(f, "PAR1"...)
	_, err := NewParquet("bomb.parquet", bytes.NewReader(f), int64(len(f)), Options{})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("err = %v", err)
	}
}

// TestParquetPageBomb: a page that expands beyond the ratio limit is
// refused with ErrBomb before it is decompressed.
func TestParquetPageBomb(t *testing.T) {
	type row struct {
		S string `parquet:"s,plain"`
	}
	rows := make([]row, 40000)
	for i := range rows {
		rows[i].S = strings.Repeat("A", 400)
	}
	data := pqBytes(t, rows, parquet.Compression(&parquet.Zstd), parquet.PageBufferSize(64<<20))
	tb, err := NewParquet("bomb.parquet", bytes.NewReader(data), int64(len(data)), Options{})
	if err == nil {
		_, err = tb.Next()
		tb.Close()
	}
	if !errors.Is(err, ErrBomb) {
		t.Fatalf("err = %v, want ErrBomb", err)
	}
	// The same file is fine with a ratio that allows it.
	tb, err = NewParquet("bomb.parquet", bytes.NewReader(data), int64(len(data)), Options{MaxRatio: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	res, err := tblDrain(t, tb)
	if err != nil || len(res.Rows) != len(rows) {
		t.Fatalf("%d rows, err %v", len(res.Rows), err)
	}
}

// TestParquetCellBomb: row groups may not describe more cells than the
// ratio allows for the file's size.
func TestParquetCellBomb(t *testing.T) {
	rows, _ := pqSimpleRows(100)
	data := pqBytes(t, rows)
	tb, err := NewParquet("cells.parquet", bytes.NewReader(data), int64(len(data)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tb.Close()
	tb.(*parquetTable).maxCells = 10
	if _, err := tb.Next(); !errors.Is(err, ErrBomb) {
		t.Fatalf("err = %v, want ErrBomb", err)
	}
}

func TestParquetSniff(t *testing.T) {
	data := pqBytes(t, []pqSimple{{NIK: "1"}})
	junk := make([]byte, 2048)
	for i := range junk {
		junk[i] = byte(i * 7919 >> 3)
	}
	for _, tc := range []struct {
		name string
		head []byte
		want Format
	}{
		{"x.parquet", data, FormatParquet},
		{"x.bin", data, FormatParquet},
		{"x.csv", data, FormatParquet},
		{"x.parquet", junk, FormatParquet},
		{"x.pq", junk, FormatParquet},
		{"x.bin", junk, FormatUnknown},
		{"x.parquet", []byte("nik,nama\n1,BUDI\n"), FormatDelimited},
	} {
		if got := Sniff(tc.name, tc.head); got != tc.want {
			t.Errorf("Sniff(%s, %.8q) = %q, want %q", tc.name, tc.head, got, tc.want)
		}
	}
}

// TestParquetNotParquet: a file named .parquet that holds text is read as
// the text it is; one that holds other binary gives an error saying it is
// not Parquet.
func TestParquetNotParquet(t *testing.T) {
	got := tblOne(t, tblEntry("renamed.parquet", []byte("nik,nama\n3204051203850001,BUDI\n")), Options{})
	if got.Format != FormatDelimited || len(got.Rows) != 1 {
		t.Fatalf("got %+v", got)
	}
	junk := bytes.Repeat([]byte{0, 1, 2, 3, 0xff}, 100)
	err := OpenTables(context.Background(), tblEntry("junk.parquet", junk), Options{}, func(Table) error { return nil })
	var e *Error
	if !errors.As(err, &e) || e.Entry != "junk.parquet" || !strings.Contains(err.Error(), "not a Parquet file") {
		t.Fatalf("err = %v", err)
	}
}

// TestParquetInArchive reads a Parquet file inside a zip and a gzip: the
// member is spooled to a private temporary file, removed afterwards.
func TestParquetInArchive(t *testing.T) {
	rows, want := pqSimpleRows(1500)
	data := pqBytes(t, rows, parquet.MaxRowsPerRowGroup(400))
	dir := t.TempDir()
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, err := zw.Create("dpt/prov-32.parquet")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	zw.Close()
	writeFile(t, dir, "leak.zip", zbuf.Bytes())
	writeFile(t, dir, "prov-33.parquet.gz", gzipBytes(t, data))
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var names []string
	err = Walk(context.Background(), []string{dir}, Options{}, func(e Entry) error {
		return OpenTables(context.Background(), e, Options{}, func(tb Table) error {
			res, err := tblDrain(t, tb)
			if err != nil {
				return err
			}
			names = append(names, res.Name)
			if !reflect.DeepEqual(tblValues(res.Rows), want) {
				t.Errorf("%s: values differ", res.Name)
			}
			spooled, _ := filepath.Glob(filepath.Join(tmp, "telusur-*.parquet"))
			if len(spooled) != 1 {
				t.Errorf("%s: %d spooled files while reading", res.Name, len(spooled))
			} else if fi, err := os.Stat(spooled[0]); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("spooled file mode %v, err %v", fi.Mode(), err)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{filepath.Join(dir, "leak.zip") + "!/dpt/prov-32.parquet", filepath.Join(dir, "prov-33.parquet.gz") + "!/prov-33.parquet"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Fatalf("tables %q, want %q", names, wantNames)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Fatalf("temporary files left: %q", left)
	}
}

// TestParquetBytesRead: reading a Parquet file on disk through Walk
// advances Options.BytesRead to the file's size, not beyond.
func TestParquetBytesRead(t *testing.T) {
	rows, _ := pqSimpleRows(3000)
	data := pqBytes(t, rows, parquet.MaxRowsPerRowGroup(500), parquet.Compression(&parquet.Zstd))
	dir := t.TempDir()
	writeFile(t, dir, "a.parquet", data)
	var n atomic.Int64
	opt := Options{BytesRead: &n}
	err := Walk(context.Background(), []string{dir}, opt, func(e Entry) error {
		return OpenTables(context.Background(), e, opt, func(tb Table) error {
			_, err := tblDrain(t, tb)
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Load(); got != int64(len(data)) {
		t.Fatalf("BytesRead = %d, want %d", got, len(data))
	}
}

func TestParquetCancel(t *testing.T) {
	rows, _ := pqSimpleRows(20000)
	data := pqBytes(t, rows)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	err := OpenTables(ctx, tblEntry("c.parquet", data), Options{}, func(tb Table) error {
		for {
			if _, err := tb.Next(); err != nil {
				return err
			}
			if n++; n == 10 {
				cancel()
			}
		}
	})
	if !errors.Is(err, context.Canceled) || n > 2048 {
		t.Fatalf("err = %v after %d rows", err, n)
	}
}

// pqSeeds are tiny files of every shape for the fuzz target: one or two
// columns, a few rows, no statistics or page index (the fuzzer minimises
// each input that finds new code, which costs the square of its size).
func pqSeeds(t testing.TB) [][]byte {
	type str struct {
		S string `parquet:"s"`
	}
	type opt struct {
		K *string `parquet:"k,optional,dict"`
		N *int32  `parquet:"n,optional"`
	}
	type nested struct {
		L []string `parquet:"l,list"`
		M struct {
			D int32 `parquet:"d,date"`
		} `parquet:"m"`
	}
	type typed struct {
		T time.Time `parquet:"t,timestamp(millisecond)"`
		D int64     `parquet:"d,decimal(2:10)"`
		F float64   `parquet:"f"`
		B bool      `parquet:"b"`
	}
	small := []parquet.WriterOption{parquet.DataPageStatistics(false), parquet.SkipPageBounds("s"), parquet.SkipPageStatistics("s"),
		parquet.ColumnIndexSizeLimit(func([]string) int { return 0 }), parquet.CreatedBy("t", "", ""), parquet.MaxRowsPerRowGroup(2)}
	strs := []str{{"BUDI"}, {"SITI"}, {""}}
	var seeds [][]byte
	for _, c := range []compress.Codec{&parquet.Uncompressed, &parquet.Snappy, &parquet.Gzip, &parquet.Zstd, &parquet.Lz4Raw, &parquet.Brotli} {
		seeds = append(seeds, pqBytes(t, strs, append(small, parquet.Compression(c))...))
	}
	seeds = append(seeds,
		pqBytes(t, strs, append(small, parquet.DataPageVersion(1), parquet.Compression(&parquet.Uncompressed))...),
		pqBytes(t, []opt{{K: pqStr("L")}, {N: pqI32(7)}, {K: pqStr("L")}}, append(small, parquet.Compression(&parquet.Uncompressed))...),
		pqBytes(t, []nested{{L: []string{"a", "b"}}, {}}, append(small, parquet.Compression(&parquet.Uncompressed))...),
		pqBytes(t, []typed{{T: time.Unix(1, 0), D: -5, F: 0.5, B: true}}, append(small, parquet.Compression(&parquet.Uncompressed))...),
	)
	return seeds
}

// FuzzParquet reads arbitrary bytes as a Parquet file: no panic, every
// error an *Error, every row as wide as the header and valid UTF-8.
func FuzzParquet(f *testing.F) {
	for _, s := range pqSeeds(f) {
		f.Add(s)
	}
	f.Add([]byte("PAR1PAR1"))
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := NewParquet("fuzz.parquet", bytes.NewReader(data), int64(len(data)), Options{})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			return
		}
		defer tb.Close()
		width := len(tb.Header())
		for _, h := range tb.Header() {
			if !utf8.ValidString(h) {
				t.Fatalf("header name is not UTF-8: %q", h)
			}
		}
		// Parquet describes runs of empty rows in a few bytes: read a
		// bounded number.
		for rows := 0; rows < 1000; rows++ {
			r, err := tb.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error %T %v is not an *Error", err, err)
				}
				return
			}
			if len(r.Values) != width {
				t.Fatalf("row has %d values, header %d", len(r.Values), width)
			}
			if r.Line != int64(rows+1) {
				t.Fatalf("row %d has line %d", rows+1, r.Line)
			}
			for _, v := range r.Values {
				if !utf8.ValidString(v) {
					t.Fatalf("value is not UTF-8: %q", v)
				}
			}
		}
	})
}

// BenchmarkParquet reads the first snapshot of a synthetic registry of
// 100,000 voters (38 Parquet files of dpt.Record, zstd) in chunks, as
// ingest does.
func BenchmarkParquet(b *testing.B) {
	reg := b.TempDir()
	m, err := synth.WriteRegistry(context.Background(), synth.RegistryOptions{
		Size: 100_000, Seed: 3, Out: reg, Snapshots: synth.DefaultSnapshots(1)})
	if err != nil {
		b.Fatal(err)
	}
	s := m.Snapshots[0]
	var size int64
	for _, f := range s.Files {
		fi, err := os.Stat(filepath.Join(reg, s.Dir, f))
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		n := int64(0)
		for _, f := range s.Files {
			e := tblFileEntry(b, filepath.Join(reg, s.Dir, f))
			err := OpenTables(context.Background(), e, Options{}, func(tb Table) error {
				for {
					c, err := tb.(Chunked).NextChunk()
					if err != nil || c == nil {
						return err
					}
					n += c.Rows
				}
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if n != s.Rows {
			b.Fatalf("%d rows, want %d", n, s.Rows)
		}
	}
	b.ReportMetric(float64(s.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
