package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestNDJSONFile(t *testing.T) {
	got := tblOne(t, tblTestdata(t, "nested.ndjson"), Options{})
	if got.Format != FormatNDJSON {
		t.Fatalf("format %q", got.Format)
	}
	wantHeader := []string{"nik", "nama", "alamat.rt", "alamat.rw", "tps", "aktif", "hp", "tags"}
	if !reflect.DeepEqual(got.Header, wantHeader) || !got.HasHeader {
		t.Fatalf("header %q", got.Header)
	}
	want := []struct {
		vals    []string
		line    int64
		problem string
	}{
		{[]string{"3204051203850001", "BUDI", "001", "002", "7", "true", "", `["a","b"]`}, 1, ""},
		{[]string{"3204055203850002", `SITI "NUR" É`, "003", "004", "12.50", "false", "", ""}, 2, ""},
		{[]string{"", "", "", "", "", "", "", ""}, 4, problemInvalidJSON},
		{[]string{"", "", "", "", "", "", "", ""}, 5, problemNotObject},
		{[]string{"3204052902050001", "JOKO", "005", "", "", "", "", ""}, 6, ""},
	}
	if len(got.Rows) != len(want) {
		t.Fatalf("%d rows: %+v", len(got.Rows), got.Rows)
	}
	for i, r := range got.Rows {
		if !reflect.DeepEqual(r.Values, want[i].vals) || r.Line != want[i].line || r.Problem != want[i].problem {
			t.Errorf("row %d: %q line %d %q, want %q line %d %q", i, r.Values, r.Line, r.Problem, want[i].vals, want[i].line, want[i].problem)
		}
	}
}

func TestJSONWrappedFile(t *testing.T) {
	got := tblOne(t, tblTestdata(t, "wrapped.json"), Options{})
	if got.Format != FormatJSON {
		t.Fatalf("format %q", got.Format)
	}
	if !reflect.DeepEqual(got.Header, []string{"nik", "nama", "alamat.rt", "extra"}) {
		t.Fatalf("header %q", got.Header)
	}
	want := [][]string{
		{"3204051203850001", "BUDI", "001", ""},
		{"3204055203850002", "SITI", "002", ""},
		{"3204052902000001", "ANI", "", "1"},
	}
	if !reflect.DeepEqual(tblValues(got.Rows), want) {
		t.Fatalf("rows %q", tblValues(got.Rows))
	}
	for i, r := range got.Rows {
		if r.Line != int64(6+i) || r.Problem != "" {
			t.Errorf("row %d: line %d problem %q", i, r.Line, r.Problem)
		}
	}
}

func TestJSONCases(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		header   []string
		rows     [][]string
		lines    []int64
		problems []string
		err      bool
		errLine  int64
	}{
		{
			name: "top array", in: `[{"a":"1","b":2},{"b":3,"a":"4"}]`,
			header: []string{"a", "b"}, rows: [][]string{{"1", "2"}, {"4", "3"}}, lines: []int64{1, 1}, problems: []string{"", ""},
		},
		{
			name: "pretty array with lines", in: "[\n  {\"a\": 1},\n  null,\n  {\"a\": {\"b\": {\"c\": [1, {\"d\": 2}]}}},\n  {\"a\": {}}\n]\n",
			header: []string{"a", "a.b.c"}, rows: [][]string{{"1", ""}, {"", ""}, {"", `[1,{"d":2}]`}, {"{}", ""}},
			lines: []int64{2, 3, 4, 5}, problems: []string{"", problemNotObject, "", ""},
		},
		{
			name: "depth 2 wrapper", in: `{"meta":{"n":2},"result":{"rows":[{"x":"1"},{"x":"2"}]}}`,
			header: []string{"x"}, rows: [][]string{{"1"}, {"2"}}, lines: []int64{1, 1}, problems: []string{"", ""},
		},
		{
			name: "rows wrapper after arrays of scalars", in: `{"ids":[1,2,3],"rows":[{"x":"1"}]}`,
			header: []string{"x"}, rows: [][]string{{"1"}}, lines: []int64{1}, problems: []string{""},
		},
		{
			name: "empty array", in: `[]`, header: []string{}, rows: nil,
		},
		{
			name: "empty wrapper", in: `{"data":[]}`, header: []string{}, rows: nil,
		},
		{
			name: "no records", in: `{"a":1}`, err: true,
		},
		{
			name: "broken mid-array", in: "[{\"a\":1},\n{\"a\":2,}]", header: []string{"a"}, err: true, errLine: 2,
		},
		{
			name: "numbers as written", in: `[{"n":3204051203850001,"f":1.50e3,"neg":-0}]`,
			header: []string{"n", "f", "neg"}, rows: [][]string{{"3204051203850001", "1.50e3", "-0"}}, lines: []int64{1}, problems: []string{""},
		},
		{
			name: "duplicate key", in: `[{"a":"1","a":"2"}]`,
			header: []string{"a"}, rows: [][]string{{"1"}}, lines: []int64{1}, problems: []string{problemDupKey},
		},
		{
			name: "escapes and surrogates", in: `[{"a":"\ud83d\ude00 \"q\" \\ \/ \n"}]`,
			header: []string{"a"}, rows: [][]string{{"😀 \"q\" \\ / \n"}}, lines: []int64{1}, problems: []string{""},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := NewJSON("t.json", strings.NewReader(tc.in), Options{})
			var res tblResult
			if err == nil {
				res, err = tblDrain(t, tb)
			}
			if tc.err {
				var e *Error
				if err == nil || !errors.As(err, &e) || (tc.errLine > 0 && e.Line != tc.errLine) {
					t.Fatalf("err = %v, want an *Error (line %d)", err, tc.errLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Header) != len(tc.header) || (len(tc.header) > 0 && !reflect.DeepEqual(res.Header, tc.header)) {
				t.Fatalf("header %q, want %q", res.Header, tc.header)
			}
			if len(res.Rows) != len(tc.rows) || (len(tc.rows) > 0 && !reflect.DeepEqual(tblValues(res.Rows), tc.rows)) {
				t.Fatalf("rows %q, want %q", tblValues(res.Rows), tc.rows)
			}
			for i, r := range res.Rows {
				if r.Line != tc.lines[i] || r.Problem != tc.problems[i] {
					t.Errorf("row %d: line %d problem %q, want %d %q", i, r.Line, r.Problem, tc.lines[i], tc.problems[i])
				}
			}
		})
	}
}

func TestNDJSONUnexpectedKey(t *testing.T) {
	var b strings.Builder
	for i := range jsonHeaderSample {
		fmt.Fprintf(&b, "{\"nik\":\"%d\"}\n", i)
	}
	b.WriteString(`{"nik":"x","late":"secret value","later":1}` + "\n")
	b.WriteString(`{"nik":"y"}` + "\n")
	tb, err := NewNDJSON("t.ndjson", strings.NewReader(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := tblDrain(t, tb)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != jsonHeaderSample+2 || !reflect.DeepEqual(res.Header, []string{"nik"}) {
		t.Fatalf("%d rows, header %q", len(res.Rows), res.Header)
	}
	late := res.Rows[jsonHeaderSample]
	if late.Problem != `unexpected key "late" and 1 more` || late.Values[0] != "x" || strings.Contains(late.Problem, "secret") {
		t.Fatalf("late row %+v", late)
	}
	if res.Rows[jsonHeaderSample+1].Problem != "" {
		t.Fatal("problem carried over")
	}
}

func TestNDJSONEncodings(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"cp1252 in strings", []byte("{\"nama\":\"JOS\xc9\"}\n"), "JOSÉ"},
		{"utf-8 bom", []byte("\xef\xbb\xbf{\"nama\":\"JOSÉ\"}\n"), "JOSÉ"},
		{"utf-16le bom", append([]byte{0xFF, 0xFE}, []byte("{\x00\"\x00n\x00a\x00m\x00a\x00\"\x00:\x00\"\x00J\x00O\x00S\x00\xc9\x00\"\x00}\x00\n\x00")...), "JOSÉ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tblOne(t, tblEntry("x.ndjson", tc.in), Options{})
			if len(got.Rows) != 1 || got.Rows[0].Values[0] != tc.want {
				t.Fatalf("got %+v", got)
			}
		})
	}
}

func TestJSONFlattener(t *testing.T) {
	var f jsonFlattener
	deep := strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40)
	kvs, ok := f.flatten(deep)
	if !ok || len(kvs) != 1 || !strings.HasPrefix(kvs[0].k, "a.a.a") || !strings.HasPrefix(kvs[0].v, `{"a":`) {
		t.Fatalf("deep: %v %+v", ok, kvs)
	}
	for _, bad := range []string{`{"a"}`, `{"a":1,}`, `{"a":"x`, `[1]`, `{"a":1 "b":2}`} {
		if _, ok := f.flatten(bad); ok {
			t.Errorf("%s: flattened", bad)
		}
	}
}

// tblGenNDJSON generates n NDJSON rows.
func tblGenNDJSON(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"nik":"3204051203%06d","nama":"NAMA %d","alamat":{"jalan":"JL. MAWAR","rt":"%03d","rw":"%03d"},"tps":%d}`+"\n", i%1000000, i, i%20, i%15, i%300)
	}
	return b.Bytes()
}

func BenchmarkNDJSON(b *testing.B) {
	data := tblGenNDJSON(200_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for range b.N {
		tb, err := NewNDJSON("b.ndjson", bytes.NewReader(data), Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := tb.Next(); err != nil {
				break
			}
		}
	}
}

func FuzzNDJSON(f *testing.F) {
	for _, s := range []string{
		`{"a":1}` + "\n" + `{"b":{"c":[1,2]}}`, "{\"a\":\"\xc9\"}\n{broken\n[1]\n", "\n\n", `{"a":{}}`, `{"":1,"":2}`,
	} {
		f.Add([]byte(s))
	}
	for _, data := range tblSeeds(f, ".ndjson") {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := NewNDJSON("fuzz.ndjson", bytes.NewReader(data), Options{})
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

func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`[{"a":1},{"b":"x"}]`, `{"data":[{"a":1}]}`, `{"x":{"rows":[{"a":[1,{"b":2}]}]}}`, `[1,2,"x",null]`, `[`, `{"a":`, `[{"a":"\u00e9"}`,
	} {
		f.Add([]byte(s))
	}
	for _, data := range tblSeeds(f, ".json") {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := NewJSON("fuzz.json", bytes.NewReader(data), Options{})
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

func TestJSONTruncated(t *testing.T) {
	// A cut-off array gives the rows before the cut, then an *Error.
	tb, err := NewJSON("cut.json", strings.NewReader("[\n{\"a\":1},\n{\"a\":2},\n{\"a\""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := tblDrain(t, tb)
	var e *Error
	if len(res.Rows) != 2 || !errors.As(err, &e) || e.Line != 4 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("%d rows, err %v", len(res.Rows), err)
	}
	tb, err = NewJSON("cut.json", strings.NewReader("[{\"a\":1}"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err = tblDrain(t, tb)
	if len(res.Rows) != 1 || !errors.As(err, &e) {
		t.Fatalf("%d rows, err %v", len(res.Rows), err)
	}
}

func TestJSONHugeElement(t *testing.T) {
	// A value over 32 MiB ends the table with an *Error instead of being
	// held in memory; the records before it come back.
	in := `[{"a":"1"},{"a":"` + strings.Repeat("x", maxRowBytes+tableBufSize) + `"}]`
	tb, err := NewJSON("big.json", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := tblDrain(t, tb)
	if len(res.Rows) != 1 || !errors.Is(err, errJSONTooLarge) {
		t.Fatalf("%d rows, err %v", len(res.Rows), err)
	}
	// A big value skipped before the records is bounded too, but values
	// under the bound are skipped one at a time.
	in = `{"ids":[` + strings.Repeat(`"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",`, 600000) + `"x"],"rows":[{"a":"1"}]}`
	tb, err = NewJSON("ids.json", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res, err = tblDrain(t, tb); err != nil || len(res.Rows) != 1 {
		t.Fatalf("%d rows, err %v", len(res.Rows), err)
	}
}
