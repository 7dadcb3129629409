package source

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readAll reads a table with Next only, or with NextChunk first (then
// Next), copying every row.
func readAll(t *testing.T, in string, opt Options, chunks bool) (rows []Row, nChunks int) {
	t.Helper()
	tb, err := NewDelimited("x.csv", strings.NewReader(in), opt)
	if err != nil {
		t.Fatal(err)
	}
	keep := func(r Row) error {
		rows = append(rows, Row{Values: append([]string(nil), r.Values...), Line: r.Line, Problem: r.Problem})
		return nil
	}
	if chunks {
		for {
			c, err := tb.(Chunked).NextChunk()
			if err != nil {
				t.Fatal(err)
			}
			if c == nil {
				break
			}
			nChunks++
			before := len(rows)
			if err := c.Each(keep); err != nil {
				t.Fatal(err)
			}
			if int64(len(rows)-before) != c.Rows {
				t.Fatalf("chunk said %d rows, gave %d", c.Rows, len(rows)-before)
			}
		}
	}
	for {
		r, err := tb.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		keep(r)
	}
	return rows, nChunks
}

// TestDelimitedChunksSameRows checks that rows read as chunks are exactly
// the rows Next gives, for any chunk size, including where chunks stop
// (quotes, long lines, CR-only line ends).
func TestDelimitedChunksSameRows(t *testing.T) {
	var big strings.Builder
	big.WriteString("NIK,NAMA,RT\n")
	for i := range 300 {
		switch {
		case i%17 == 0:
			big.WriteString("\n") // empty line: no row
		case i%23 == 0:
			big.WriteString("\r\n")
		case i%29 == 0:
			fmt.Fprintf(&big, "32040512038%05d,ragged\n", i)
		case i%31 == 0:
			big.WriteString(",,\n") // a row of empty values
		}
		fmt.Fprintf(&big, "32040512038%05d,NAMA %d,%03d\r\n", i, i, i%7)
	}
	plain := big.String()
	for _, tc := range []struct {
		name   string
		in     string
		opt    Options
		chunks bool // whether some rows must come as chunks
	}{
		{name: "plain", in: plain, chunks: true},
		{name: "no final newline", in: strings.TrimRight(plain, "\r\n"), chunks: true},
		{name: "quote later", in: plain + "1,\"a\nb\",3\n" + plain[12:], chunks: true},
		{name: "quote in header only", in: "\"NIK\",\"NAMA\",RT\n" + plain[12:], chunks: true},
		{name: "long line later", in: plain + "1," + strings.Repeat("x", 5000) + ",2\n" + plain[12:], chunks: true},
		{name: "cp1252", in: strings.ReplaceAll(plain, "NAMA 1", "NAM\xc9 1"), opt: Options{Encoding: "windows-1252"}, chunks: true},
		{name: "invalid utf-8 later", in: plain + "1,Jos\xe9,2\n" + plain[12:], chunks: true},
		{name: "quoted fields", in: quoteAll(plain), chunks: true},
		{name: "quotes of every kind", in: plain + "1,\"a,b\",\"x\"\"y\"\r\n2,a\"b,\"c\"d\n3,\"\",\"\"\"\"\n" + plain[12:], chunks: true},
		{name: "quoted line break later", in: quoteAll(plain) + "1,\"a\nb\",3\n" + plain[12:], chunks: true},
		{name: "unterminated quote later", in: plain + "1,\"ab,3\n" + plain[12:], chunks: true},
		{name: "quoted cp1252", in: quoteAll(strings.ReplaceAll(plain, "NAMA 1", "NAM\xc9 1")), opt: Options{Encoding: "windows-1252"}, chunks: true},
		{name: "cr only", in: strings.ReplaceAll(strings.ReplaceAll(plain, "\r\n", "\n"), "\n", "\r")},
		{name: "utf-16", in: "\xff\xfe" + utf16le(plain), chunks: true},
		{name: "short", in: "a,b\n1,2\n"},
		{name: "empty", in: ""},
	} {
		for _, size := range []int{16, 100, 1000, 1 << 20} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, size), func(t *testing.T) {
				old := chunkBytes
				chunkBytes = size
				defer func() { chunkBytes = old }()
				want, _ := readAll(t, tc.in, tc.opt, false)
				got, n := readAll(t, tc.in, tc.opt, true)
				if !reflect.DeepEqual(got, want) {
					for i := range min(len(got), len(want)) {
						if !reflect.DeepEqual(got[i], want[i]) {
							t.Fatalf("row %d: chunks %+v, Next %+v", i, got[i], want[i])
						}
					}
					t.Fatalf("chunks gave %d rows, Next %d", len(got), len(want))
				}
				if tc.chunks && size >= 100 && size <= 1000 && n < 2 { // 16 bytes: lines are longer, so Next reads them
					t.Errorf("%d chunks", n)
				}
			})
		}
	}
}

func utf16le(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.String()
}

// TestDelimitedChunksThroughOpenTables checks that the table OpenTables
// hands out (wrapped for cancellation) still gives chunks.
func TestDelimitedChunksThroughOpenTables(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.csv")
	if err := os.WriteFile(path, []byte("NIK,NAMA\n3204051203850001,A\n3204051203850002,B\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e := Entry{Name: "a.csv", Path: path, Size: -1, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var rows int64
	err := OpenTables(ctx, e, Options{}, func(tb Table) error {
		for {
			c, err := tb.(Chunked).NextChunk()
			if err != nil || c == nil {
				return err
			}
			rows += c.Rows
		}
	})
	if err != nil || rows != 2 {
		t.Fatalf("%d rows in chunks, %v", rows, err)
	}
}

func TestSplitDelim(t *testing.T) {
	for _, s := range []string{"", ",", ",,", "a", "a,b", "abcdefgh,ijklmnop,", ",-,-,--,,", "1234567,", "12345678,9", "é,ü,\x80\xff,x",
		"3204051203850001,3204051203850001,NAMA PANJANG SEKALI,BANDUNG,01|01|1980,S,L,JL. X,001,002,0,S,,1,3204,DESA,KEC,KAB,PROV,"} {
		for _, d := range []byte{',', ';', '\t', '|', '-'} {
			got := splitDelim(nil, s, d)
			if want := strings.Split(s, string(d)); !reflect.DeepEqual(got, want) {
				t.Errorf("splitDelim(%q, %q) = %q, want %q", s, d, got, want)
			}
		}
	}
}

func FuzzSplitDelim(f *testing.F) {
	f.Add("a,b,,c", byte(','))
	f.Fuzz(func(t *testing.T, s string, d byte) {
		if got, want := splitDelim(nil, s, d), strings.Split(s, string([]byte{d})); !reflect.DeepEqual(got, want) {
			t.Fatalf("splitDelim(%q, %q) = %q, want %q", s, d, got, want)
		}
	})
}

// quoteAll quotes every field of a CSV without quotes.
func quoteAll(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		body := strings.TrimRight(line, "\r\n")
		if body == "" {
			b.WriteString(line)
			continue
		}
		b.WriteString(`"` + strings.ReplaceAll(body, ",", `","`) + `"`)
		b.WriteString(line[len(body):])
	}
	return b.String()
}

// FuzzDelimitedChunks: whatever the text, rows read as chunks are the rows
// Next reads.
func FuzzDelimitedChunks(f *testing.F) {
	f.Add("NIK,NAMA\n1,\"a\"\"b\"\n\n2,\"c\nd\"\r\n3,x\"y\n", uint8(7))
	f.Add("a;b\r\n\"1;2\";3\r\n", uint8(3))
	f.Fuzz(func(t *testing.T, in string, size uint8) {
		old := chunkBytes
		chunkBytes = 1 + int(size)
		defer func() { chunkBytes = old }()
		want, _ := readAll(t, in, Options{}, false)
		got, _ := readAll(t, in, Options{}, true)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("chunks %+v\nNext %+v", got, want)
		}
	})
}

func TestCountRows(t *testing.T) {
	for _, in := range []string{"a\n", "a", "\n", "\r\n", "\r", "a\n\n", "a\n\r\n", "a\n\r", "a\n\nb", "\n\n\n", "a\rb\n", "a\r\n\r\nb\r\n", "a\nb\nc"} {
		var rows, lines int64
		for rest := in; rest != ""; {
			line := rest
			if i := strings.IndexByte(rest, '\n'); i >= 0 {
				line, rest = rest[:i+1], rest[i+1:]
			} else {
				rest = ""
			}
			lines++
			if len(trimEOL([]byte(line))) > 0 {
				rows++
			}
		}
		if r, l := countRows([]byte(in)); r != rows || l != lines {
			t.Errorf("countRows(%q) = %d, %d; want %d, %d", in, r, l, rows, lines)
		}
	}
}
