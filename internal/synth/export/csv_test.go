package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// readCSV reads data back with encoding/csv after decoding it from enc.
func readCSV(t *testing.T, data []byte, opt CSVOptions) [][]string {
	t.Helper()
	var r io.Reader = bytes.NewReader(data)
	switch opt.Encoding {
	case "windows-1252":
		r = charmap.Windows1252.NewDecoder().Reader(r)
	case "utf-16le":
		if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
			t.Fatalf("UTF-16LE output lacks BOM: % x", data[:min(len(data), 4)])
		}
		r = transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	default:
		if opt.BOM {
			if !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
				t.Fatalf("output lacks UTF-8 BOM")
			}
			r = bytes.NewReader(data[3:])
		}
	}
	cr := csv.NewReader(r)
	cr.Comma = opt.Comma
	if cr.Comma == 0 {
		cr.Comma = ','
	}
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv: %v", err)
	}
	return recs
}

func TestCSVRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		opt  CSVOptions
		rows [][]string
	}{
		{"comma", CSVOptions{}, trickyRows},
		{"semicolon", CSVOptions{Comma: ';'}, trickyRows},
		{"tab", CSVOptions{Comma: '\t'}, trickyRows},
		{"pipe", CSVOptions{Comma: '|'}, trickyRows},
		{"bom", CSVOptions{BOM: true}, trickyRows},
		{"crlf", CSVOptions{CRLF: true}, trickyRows},
		{"quote all", CSVOptions{QuoteAll: true}, trickyRows},
		{"windows-1252 semicolon crlf", CSVOptions{Comma: ';', Encoding: "windows-1252", CRLF: true}, trickyRows},
		{"utf-16le", CSVOptions{Comma: '\t', Encoding: "utf-16le"}, trickyRows},
		{"utf-16le quote all crlf", CSVOptions{Encoding: "utf-16le", QuoteAll: true, CRLF: true}, trickyRows},
		{"control characters", CSVOptions{}, controlRows},
		{"no rows", CSVOptions{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewCSV(&buf, tc.opt)
			writeAll(t, w, trickyHeader, tc.rows)
			equalTable(t, readCSV(t, buf.Bytes(), tc.opt), trickyHeader, tc.rows)
			if n := w.(*CSVWriter).Unrepresentable(); n != 0 {
				t.Errorf("Unrepresentable() = %d, want 0", n)
			}
		})
	}
}

func TestCSVExactOutput(t *testing.T) {
	header := []string{"a", "b", "c"}
	rows := [][]string{
		{"x", "", "MA'RUF"},
		{"1;2", "say \"hi\"", "l1\nl2"},
		{" sp", "a,b", "É"},
	}
	tests := []struct {
		name string
		opt  CSVOptions
		want string
	}{
		{"default", CSVOptions{},
			"a,b,c\nx,,MA'RUF\n1;2,\"say \"\"hi\"\"\",\"l1\nl2\"\n sp,\"a,b\",É\n"},
		{"semicolon crlf", CSVOptions{Comma: ';', CRLF: true},
			"a;b;c\r\nx;;MA'RUF\r\n\"1;2\";\"say \"\"hi\"\"\";\"l1\nl2\"\r\n sp;a,b;É\r\n"},
		{"quote all", CSVOptions{QuoteAll: true},
			"\"a\",\"b\",\"c\"\n\"x\",\"\",\"MA'RUF\"\n\"1;2\",\"say \"\"hi\"\"\",\"l1\nl2\"\n\" sp\",\"a,b\",\"É\"\n"},
		{"bom", CSVOptions{BOM: true, Comma: '|'},
			"\xEF\xBB\xBFa|b|c\nx||MA'RUF\n1;2|\"say \"\"hi\"\"\"|\"l1\nl2\"\n sp|a,b|É\n"},
		{"windows-1252", CSVOptions{Encoding: "windows-1252"},
			"a,b,c\nx,,MA'RUF\n1;2,\"say \"\"hi\"\"\",\"l1\nl2\"\n sp,\"a,b\",\xC9\n"},
		{"utf-16le", CSVOptions{Encoding: "utf-16le"},
			"\xFF\xFE" + utf16le("a,b,c\nx,,MA'RUF\n1;2,\"say \"\"hi\"\"\",\"l1\nl2\"\n sp,\"a,b\",É\n")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeAll(t, NewCSV(&buf, tc.opt), header, rows)
			if got := buf.String(); got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

// utf16le encodes an ASCII/Latin-1 string as UTF-16LE without BOM.
func utf16le(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.String()
}

func TestCSVSingleEmptyColumn(t *testing.T) {
	var buf bytes.Buffer
	rows := [][]string{{""}, {"x"}, {""}}
	writeAll(t, NewCSV(&buf, CSVOptions{}), []string{"only"}, rows)
	if got, want := buf.String(), "only\n\"\"\nx\n\"\"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	equalTable(t, readCSV(t, buf.Bytes(), CSVOptions{}), []string{"only"}, rows)
}

func TestCSVUnrepresentable(t *testing.T) {
	tests := []struct {
		name  string
		val   string
		want  string
		count int
	}{
		{"latin", "ÉÀçñü€", "\xC9\xC0\xE7\xF1\xFC\x80", 0},
		{"vietnamese", "Nguyễn", "Nguy?n", 1},
		{"emoji", "a😀b😀", "a?b?", 2},
		{"cjk", "王", "?", 1},
		{"invalid utf-8", "a\xffb", "a?b", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewCSV(&buf, CSVOptions{Encoding: "windows-1252"})
			writeAll(t, w, []string{"h"}, [][]string{{tc.val}})
			if got, want := buf.String(), "h\n"+tc.want+"\n"; got != want {
				t.Errorf("got %q, want %q", got, want)
			}
			if n := w.(*CSVWriter).Unrepresentable(); n != tc.count {
				t.Errorf("Unrepresentable() = %d, want %d", n, tc.count)
			}
		})
	}
}

func TestCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		opt  CSVOptions
		do   func(w Writer) error
		want string
	}{
		{"bad encoding", CSVOptions{Encoding: "ebcdic"},
			func(w Writer) error { return w.WriteHeader([]string{"a"}) }, "unsupported encoding"},
		{"bad delimiter", CSVOptions{Comma: '"'},
			func(w Writer) error { return w.WriteHeader([]string{"a"}) }, "unsupported delimiter"},
		{"non-ascii delimiter", CSVOptions{Comma: '¦'},
			func(w Writer) error { return w.WriteHeader([]string{"a"}) }, "unsupported delimiter"},
		{"row before header", CSVOptions{},
			func(w Writer) error { return w.WriteRow([]string{"a"}) }, "before header"},
		{"empty header", CSVOptions{},
			func(w Writer) error { return w.WriteHeader(nil) }, "no columns"},
		{"two headers", CSVOptions{},
			func(w Writer) error { _ = w.WriteHeader([]string{"a"}); return w.WriteHeader([]string{"a"}) }, "twice"},
		{"wrong width", CSVOptions{},
			func(w Writer) error {
				_ = w.WriteHeader([]string{"a", "b"})
				return w.WriteRow([]string{"secret-value"})
			}, "1 values, header has 2"},
		{"after close", CSVOptions{},
			func(w Writer) error {
				_ = w.WriteHeader([]string{"a"})
				_ = w.Close()
				return w.WriteRow([]string{"x"})
			}, "closed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do(NewCSV(io.Discard, tc.opt))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "write csv: ") {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
			noSecrets(t, err, [][]string{{"secret-value"}})
		})
	}
	var errw error
	t.Run("write failure", func(t *testing.T) {
		w := NewCSV(&failWriter{n: 10}, CSVOptions{})
		_ = w.WriteHeader(trickyHeader)
		for _, r := range trickyRows {
			_ = w.WriteRow(r)
		}
		errw = w.Close()
		if !errors.Is(errw, errDisk) {
			t.Fatalf("Close() = %v, want errDisk", errw)
		}
		noSecrets(t, errw, trickyRows)
		if err := w.WriteRow(trickyRows[0]); !errors.Is(err, errClosed) {
			t.Errorf("WriteRow after Close = %v", err)
		}
	})
	t.Run("width error wraps ErrRowWidth", func(t *testing.T) {
		w := NewCSV(io.Discard, CSVOptions{})
		_ = w.WriteHeader([]string{"a"})
		if err := w.WriteRow([]string{"a", "b"}); !errors.Is(err, ErrRowWidth) {
			t.Errorf("err = %v", err)
		}
	})
}
