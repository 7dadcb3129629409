package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDelimitedFiles(t *testing.T) {
	for _, tc := range []struct {
		file      string
		opt       Options
		header    []string
		hasHeader bool
		rows      [][]string
		lines     []int64
		problems  []string
	}{
		{
			file:   "ragged.csv",
			header: []string{"NIK", "NAMA", "RT", "RW"}, hasHeader: true,
			rows: [][]string{
				{"3204051203850001", "BUDI", "001", "002"},
				{"3204055203850002", "SITI", "003", ""},
				{"3204052902000001", "ANI", "004", "005"},
				{"3204052902050001", "JOKO", "006", "007"},
			},
			lines:    []int64{2, 3, 4, 5},
			problems: []string{"", "ragged: 3 fields, header has 4", "ragged: 5 fields, header has 4", ""},
		},
		{
			file:   "barequotes.csv",
			header: []string{"NIK", "NAMA", "ALAMAT"}, hasHeader: true,
			rows: [][]string{
				{"3204051203850001", `BUDI "BEJO" SANTOSO`, `JL. 5" 7`},
				{"3204055203850002", `SITI NUR"" AISYAH"`, "X"},
				{"3204052902000001", "ANIYAH", `JL. "A", B`},
			},
			lines:    []int64{2, 3, 4},
			problems: []string{"", "", ""},
		},
		{
			file:   "crlf.csv",
			header: []string{"NIK", "NAMA", "KET"}, hasHeader: true,
			rows: [][]string{
				{"3204051203850001", "BUDI", "baris satu\r\nbaris dua"},
				{"3204055203850002", "SITI", ""},
			},
			lines:    []int64{2, 4},
			problems: []string{"", ""},
		},
		{
			file:   "cr.csv",
			header: []string{"NIK", "NAMA", "RT"}, hasHeader: true,
			rows:     [][]string{{"3204051203850001", "BUDI", "001"}, {"3204055203850002", "SITI", "002"}},
			lines:    []int64{2, 3},
			problems: []string{"", ""},
		},
		{
			file:   "bom_semicolon.csv",
			header: []string{"NIK", "NAMA", "ALAMAT"}, hasHeader: true,
			rows:     [][]string{{"3204051203850001", "BUDI", "JL. A, NO. 1"}, {"3204055203850002", "SITI", "JL. B, NO. 2"}},
			lines:    []int64{2, 3},
			problems: []string{"", ""},
		},
		{
			file:   "cp1252.csv",
			header: []string{"NIK", "NAMA", "TEMPAT_LAHIR"}, hasHeader: true,
			rows: [][]string{
				{"3204051203850001", "JOSÉ", "BANDUNG"},
				{"3204055203850002", "MA’RUF", "CIAMIS"},
				{"3204052902000001", "ÉMILE €", "GARUT"},
			},
			lines:    []int64{2, 3, 4},
			problems: []string{"", "", ""},
		},
		{
			file:   "cp1252.csv",
			opt:    Options{Encoding: "utf-8"},
			header: []string{"NIK", "NAMA", "TEMPAT_LAHIR"}, hasHeader: true,
			rows: [][]string{
				{"3204051203850001", "JOS\uFFFD", "BANDUNG"},
				{"3204055203850002", "MA\uFFFDRUF", "CIAMIS"},
				{"3204052902000001", "\uFFFDMILE \uFFFD", "GARUT"},
			},
			lines:    []int64{2, 3, 4},
			problems: []string{"", "", ""},
		},
		{
			file:   "utf16le.csv",
			header: []string{"NIK", "NAMA", "ALAMAT"}, hasHeader: true,
			rows:     [][]string{{"3204051203850001", "JOSÉ", `JL. "Ä", 1`}, {"3204055203850002", "SITI", "JL. B"}},
			lines:    []int64{2, 3},
			problems: []string{"", ""},
		},
		{
			file:   "noheader.csv",
			header: []string{"col1", "col2", "col3", "col4", "col5"},
			rows: [][]string{
				{"3204051203850001", "BUDI", "L", "BANDUNG", "12-03-1985"},
				{"3204055203850002", "SITI", "P", "CIAMIS", "12-03-1985"},
				{"3204052902000001", "ANI", "P", "GARUT", "29-02-2000"},
			},
			lines:    []int64{1, 2, 3},
			problems: []string{"", "", ""},
		},
		{
			file:   "pipe.txt",
			header: []string{"NKK", "NIK", "NAMA", "JK"}, hasHeader: true,
			rows: [][]string{
				{"3204050101010001", "3204051203850001", "BUDI", "L"},
				{"3204050101010001", "3204055203850002", "SITI", "P"},
			},
			lines:    []int64{2, 3},
			problems: []string{"", ""},
		},
		{
			file:   "pipe.txt",
			opt:    Options{NoHeader: true, Delimiter: '|'},
			header: []string{"col1", "col2", "col3", "col4"},
			rows: [][]string{
				{"NKK", "NIK", "NAMA", "JK"},
				{"3204050101010001", "3204051203850001", "BUDI", "L"},
				{"3204050101010001", "3204055203850002", "SITI", "P"},
			},
			lines:    []int64{1, 2, 3},
			problems: []string{"", "", ""},
		},
	} {
		t.Run(tc.file+fmt.Sprint(tc.opt.Encoding, tc.opt.NoHeader), func(t *testing.T) {
			got := tblOne(t, tblTestdata(t, tc.file), tc.opt)
			if got.Format != FormatDelimited {
				t.Fatalf("format %q", got.Format)
			}
			if !reflect.DeepEqual(got.Header, tc.header) || got.HasHeader != tc.hasHeader {
				t.Fatalf("header %q %v, want %q %v", got.Header, got.HasHeader, tc.header, tc.hasHeader)
			}
			if !reflect.DeepEqual(tblValues(got.Rows), tc.rows) {
				t.Fatalf("rows\n got %q\nwant %q", tblValues(got.Rows), tc.rows)
			}
			for i, r := range got.Rows {
				if r.Line != tc.lines[i] || r.Problem != tc.problems[i] {
					t.Errorf("row %d: line %d problem %q, want %d %q", i, r.Line, r.Problem, tc.lines[i], tc.problems[i])
				}
			}
		})
	}
}

func TestDelimitedUnterminatedQuote(t *testing.T) {
	got := tblOne(t, tblTestdata(t, "unterminated.csv"), Options{})
	// Header, one good row, the broken row, then all 120 rows after it.
	if len(got.Rows) != 122 {
		t.Fatalf("%d rows, want 122", len(got.Rows))
	}
	bad := got.Rows[1]
	if bad.Problem != problemUnterminated || bad.Line != 3 || !reflect.DeepEqual(bad.Values, []string{"3204055203850002", "SITI,JL. MELATI", ""}) {
		t.Fatalf("broken row %+v", bad)
	}
	for i, r := range got.Rows[2:] {
		want := []string{fmt.Sprintf("32040%011d", i), fmt.Sprintf("NAMA%d", i), fmt.Sprintf("JL. KE-%d", i)}
		if r.Problem != "" || r.Line != int64(4+i) || !reflect.DeepEqual(r.Values, want) {
			t.Fatalf("row after the broken one: %+v, want %q at line %d", r, want, 4+i)
		}
	}
}

// tblCSV reads delimited text from a string.
func tblCSV(t *testing.T, s string, opt Options) tblResult {
	t.Helper()
	tb, err := NewDelimited("t.csv", strings.NewReader(s), opt)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tblDrain(t, tb)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestDelimitedCases(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		opt      Options
		header   []string
		rows     [][]string
		problems []string
		lines    []int64
	}{
		{
			name: "quoted newline keeps line numbers", in: "nama,nik\n\"a\nb\",3204051203850001\nc,3204051203850002\n",
			header: []string{"nama", "nik"}, rows: [][]string{{"a\nb", "3204051203850001"}, {"c", "3204051203850002"}},
			problems: []string{"", ""}, lines: []int64{2, 4},
		},
		{
			name: "junk after closing quote", in: "nama,nik\n\"ab\"cd,1\n\"x\" ,2\n",
			header: []string{"nama", "nik"}, rows: [][]string{{"abcd", "1"}, {"x ", "2"}},
			problems: []string{"", ""}, lines: []int64{2, 3},
		},
		{
			name: "no final newline", in: "nama,nik\nx,1",
			header: []string{"nama", "nik"}, rows: [][]string{{"x", "1"}}, problems: []string{""}, lines: []int64{2},
		},
		{
			name: "empty lines in the middle are not rows", in: "nama,nik\n\nx,1\n\n\ny,2\n\n",
			header: []string{"nama", "nik"}, rows: [][]string{{"x", "1"}, {"y", "2"}}, problems: []string{"", ""}, lines: []int64{3, 6},
		},
		{
			name: "quoted empty single field is a row", in: "nama\n\"\"\nx\n", opt: Options{},
			header: []string{"nama"}, rows: [][]string{{""}, {"x"}}, problems: []string{"", ""}, lines: []int64{2, 3},
		},
		{
			name: "duplicate and empty header names", in: "NAMA,,NAMA,NIK\nA,B,C,3204051203850001\n",
			header: []string{"NAMA", "col2", "NAMA_2", "NIK"}, rows: [][]string{{"A", "B", "C", "3204051203850001"}},
			problems: []string{""}, lines: []int64{2},
		},
		{
			name: "unterminated quote at end of input", in: "nama,nik\nx,\"1\ny,2\n",
			header: []string{"nama", "nik"}, rows: [][]string{{"x", "1"}, {"y", "2"}},
			problems: []string{problemUnterminated, ""}, lines: []int64{2, 3},
		},
		{
			name: "tab forced", in: "a\tb,c\n1\t2,3\n", opt: Options{Delimiter: '\t', NoHeader: true},
			header: []string{"col1", "col2"}, rows: [][]string{{"a", "b,c"}, {"1", "2,3"}}, problems: []string{"", ""}, lines: []int64{1, 2},
		},
		{
			name: "semicolon beats commas inside names", in: "NIK;NAMA\n3204051203850001;SITI, S.PD\n3204051203850002;BUDI\n3204051203850003;ANI, SE\n",
			header: []string{"NIK", "NAMA"}, rows: [][]string{{"3204051203850001", "SITI, S.PD"}, {"3204051203850002", "BUDI"}, {"3204051203850003", "ANI, SE"}},
			problems: []string{"", "", ""}, lines: []int64{2, 3, 4},
		},
		{
			name: "header-less text without numbers", in: "BUDI,BANDUNG\nBUDI,CIAMIS\n",
			header: []string{"col1", "col2"}, rows: [][]string{{"BUDI", "BANDUNG"}, {"BUDI", "CIAMIS"}}, problems: []string{"", ""}, lines: []int64{1, 2},
		},
		{
			name: "header only", in: "NIK,NAMA\n", header: []string{"NIK", "NAMA"}, rows: nil,
		},
		{
			name: "windows-1252 forced on valid utf-8", in: "nama,nik\nJOSÃ‰,1\n", opt: Options{Encoding: "latin1"},
			header: []string{"nama", "nik"}, rows: [][]string{{"JOSÃƒâ€°", "1"}}, problems: []string{""}, lines: []int64{2},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tblCSV(t, tc.in, tc.opt)
			if !reflect.DeepEqual(got.Header, tc.header) {
				t.Fatalf("header %q, want %q", got.Header, tc.header)
			}
			if !reflect.DeepEqual(tblValues(got.Rows), tc.rows) && !(len(got.Rows) == 0 && len(tc.rows) == 0) {
				t.Fatalf("rows\n got %q\nwant %q", tblValues(got.Rows), tc.rows)
			}
			for i, r := range got.Rows {
				if r.Problem != tc.problems[i] || r.Line != tc.lines[i] {
					t.Errorf("row %d: problem %q line %d, want %q %d", i, r.Problem, r.Line, tc.problems[i], tc.lines[i])
				}
			}
		})
	}
}

func TestDelimitedQuoteLimits(t *testing.T) {
	// A quoted field of 99 lines is fine; one running past 100 lines is not.
	var ok strings.Builder
	ok.WriteString("nama,nik\n\"")
	for range 99 {
		ok.WriteString("line\n")
	}
	ok.WriteString("end\",1\nx,2\n")
	got := tblCSV(t, ok.String(), Options{})
	if len(got.Rows) != 2 || got.Rows[0].Problem != "" || got.Rows[1].Line != 102 {
		t.Fatalf("99-line field: %d rows %+v", len(got.Rows), got.Rows[1])
	}
	// A quoted field over 64 KiB on one line stays whole (the limit is
	// checked at line ends).
	big := strings.Repeat("y", 100<<10)
	got = tblCSV(t, "nama,nik\n\""+big+"\",1\n", Options{})
	if len(got.Rows) != 1 || got.Rows[0].Values[0] != big {
		t.Fatal("long quoted field on one line")
	}
	// Past 64 KiB at a line end: unterminated.
	got = tblCSV(t, "nama,nik\n\""+big+"\nx,2\ny,3\n", Options{})
	if len(got.Rows) != 3 || got.Rows[0].Problem != problemUnterminated || got.Rows[1].Values[0] != "x" || got.Rows[2].Line != 4 {
		t.Fatalf("64 KiB: %+v", got.Rows)
	}
	// Several unterminated quotes, one close to the end of input.
	var nasty strings.Builder
	nasty.WriteString("nama,nik\n")
	for i := range 400 {
		if i%120 == 5 {
			nasty.WriteString("1,\"x\n")
		} else {
			fmt.Fprintf(&nasty, "y%d,%d\n", i, i)
		}
	}
	got = tblCSV(t, nasty.String(), Options{})
	if len(got.Rows) != 400 {
		t.Fatalf("several unterminated quotes: %d rows", len(got.Rows))
	}
	for i, r := range got.Rows {
		want := ""
		if i%120 == 5 {
			want = problemUnterminated
		}
		if r.Problem != want || r.Line != int64(i+2) {
			t.Fatalf("row %d: %+v", i, r)
		}
	}
}

func TestLineSourceUnreadNested(t *testing.T) {
	src := lineSource{br: asBufio(strings.NewReader("d\ne\n")), eol: '\n'}
	src.unread([]replayed{{b: []byte("a\n")}, {b: []byte("b\n")}})
	l, _, _ := src.next() // a
	src.unread([]replayed{{b: []byte("c\n")}})
	var got []string
	got = append(got, string(l))
	for {
		l, _, err := src.next()
		if err != nil {
			break
		}
		got = append(got, string(l))
	}
	if strings.Join(got, "") != "a\nc\nb\nd\ne\n" {
		t.Fatalf("got %q", got)
	}
}

func TestDelimitedLongLine(t *testing.T) {
	long := strings.Repeat("z", maxRowBytes+10)
	got := tblCSV(t, "nama,nik\nx,1\n"+long+"\ny,2\n", Options{})
	if len(got.Rows) != 3 || got.Rows[1].Problem != problemRowTooLong || got.Rows[2].Values[0] != "y" || got.Rows[2].Line != 4 {
		t.Fatalf("got %d rows, %+v", len(got.Rows), got.Rows[1].Problem)
	}
}

func TestDelimitedBadOptions(t *testing.T) {
	for _, opt := range []Options{{Delimiter: '"'}, {Delimiter: 'é'}, {Encoding: "ebcdic"}} {
		_, err := NewDelimited("x.csv", strings.NewReader("a,b\n"), opt)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%+v: err %v", opt, err)
		}
	}
}

type tblErrReader struct {
	data []byte
	err  error
}

func (r *tblErrReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestDelimitedReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	tb, err := NewDelimited("x.csv", &tblErrReader{data: []byte("nama,nik\nx,1\n"), err: boom}, Options{})
	if err == nil {
		_, err = tblDrain(t, tb)
	}
	var e *Error
	if !errors.Is(err, boom) || !errors.As(err, &e) || e.Entry != "x.csv" {
		t.Fatalf("err = %v", err)
	}
}

func TestSniffDelimiter(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want byte
	}{
		{"comma", "a,b,c\n1,2,3\n", ','},
		{"semicolon", "a;b;c\n1;2,5;3\n4;5;6\n", ';'},
		{"tab", "a\tb\n\"x\ty\"\tz\n1\t2\n", '\t'},
		{"pipe", "a|b|c\n1|2|3\n", '|'},
		{"quoted commas", "a;b\n\"1,2,3\";4\n\"5,6,7\";8\n", ';'},
		{"single column", "nama\nSITI, S.PD\nBUDI\nANI\n", ';'},
		{"nothing", "", ','},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sniffDelimiter([]byte(tc.in), true); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLooksLikeHeader(t *testing.T) {
	row := func(v ...string) Row { return Row{Values: v} }
	for _, tc := range []struct {
		name  string
		first []string
		rest  []Row
		want  bool
	}{
		{"names over numbers", []string{"NIK", "NAMA"}, []Row{row("3204051203850001", "BUDI")}, true},
		{"nik first", []string{"3204051203850001", "BUDI"}, []Row{row("3204051203850002", "SITI")}, false},
		{"date", []string{"NAMA", "12-03-1985"}, nil, false},
		{"repeated over numbers", []string{"NAMA", "NAMA"}, []Row{row("1", "2")}, true},
		{"repeated without numbers", []string{"NAMA", "NAMA"}, []Row{row("BUDI", "SITI")}, false},
		{"mostly empty", []string{"NAMA", "", ""}, []Row{row("1", "2", "3")}, false},
		{"alone", []string{"NIK", "NAMA"}, nil, true},
		{"recurring word", []string{"BUDI", "L"}, []Row{row("SITI", "L")}, false},
		{"mixed names", []string{"NO. KK", "TPS 1", "RT/RW"}, []Row{row("3204050101010001", "1", "001/002")}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := looksLikeHeader(tc.first, tc.rest); got != tc.want {
				t.Fatalf("got %v", got)
			}
		})
	}
}

// tblGenCSV generates n rows of 20 short columns, DPT-like.
func tblGenCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("nkk,nik,nama,tempat_lahir,tanggal_lahir,status,jk,alamat,rt,rw,disabilitas,ektp,ket,prov,kab,kec,kel,tps,kode_kel,sumber\n")
	for i := range n {
		fmt.Fprintf(&b, "32040501010%05d,3204051203%06d,NAMA ORANG %d,BANDUNG,12-03-1985,S,L,JL. MAWAR NO. %d,%03d,%03d,0,S,,JAWA BARAT,BANDUNG,CILEUNYI,CIBIRU WETAN,%d,3204052001,DPT\n",
			i%100000, i%1000000, i, i%200, i%20, i%15, i%300)
	}
	return b.Bytes()
}

func BenchmarkDelimited(b *testing.B) {
	data := tblGenCSV(1_000_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		tb, err := NewDelimited("bench.csv", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			r, err := tb.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if r.Problem != "" {
				b.Fatal(r.Problem)
			}
			n++
		}
		if n != 1_000_000 {
			b.Fatalf("%d rows", n)
		}
	}
}

// tblCheckTable drains a table read from fuzzed input and checks the
// invariants every reader keeps.
func tblCheckTable(t *testing.T, tb Table, inputLen int) {
	t.Helper()
	width := len(tb.Header())
	rows := 0
	for {
		r, err := tb.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			break
		}
		if len(r.Values) != width {
			t.Fatalf("row has %d values, header %d", len(r.Values), width)
		}
		total := 0
		for _, v := range r.Values {
			total += len(v)
			if !utf8.ValidString(v) {
				t.Fatalf("value is not UTF-8: %q", v)
			}
		}
		if total > 4*inputLen+64 {
			t.Fatalf("row of %d bytes from %d bytes of input", total, inputLen)
		}
		if rows++; rows > inputLen+1 {
			t.Fatalf("more rows (%d) than input bytes (%d)", rows, inputLen)
		}
	}
	for _, h := range tb.Header() {
		if !utf8.ValidString(h) {
			t.Fatalf("header name is not UTF-8: %q", h)
		}
	}
	_ = tb.Close()
}

func FuzzDelimited(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a;b\r\n\"x\"\"y\";2\r\n", "\"unterminated\n1,2\n", "a\tb\n\"q\"junk\t1\n",
		"\xef\xbb\xbfNIK;NAMA\n3204051203850001;JOS\xc9\n", "\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
		"x\ry\rz\r", "", "\n\n\n", "\"", "a,\"b\nc\",d\n", "NIK|NAMA\n1|\"2\"3|4\n",
	} {
		f.Add([]byte(s), false, byte(0))
	}
	for _, data := range tblSeeds(f, ".csv", ".txt") {
		f.Add(data, false, byte(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, noHeader bool, delim byte) {
		opt := Options{NoHeader: noHeader}
		if delim != 0 && delim < 0x80 && delim != '"' && delim != '\n' && delim != '\r' {
			opt.Delimiter = rune(delim)
		}
		tb, err := NewDelimited("fuzz.csv", bytes.NewReader(data), opt)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *Error", err)
			}
			return
		}
		tblCheckTable(t, tb, len(data))
	})
}
