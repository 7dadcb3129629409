package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// decodeObject decodes one JSON object with encoding/json's tokenizer,
// keeping key order, and checks that every value is a string.
func decodeObject(t *testing.T, dec *json.Decoder) (keys, vals []string) {
	t.Helper()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		t.Fatalf("want '{', got %v (%v)", tok, err)
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		v, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		vs, ok := v.(string)
		if !ok {
			t.Fatalf("value of %v is %T, want string", k, v)
		}
		keys = append(keys, k.(string))
		vals = append(vals, vs)
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		t.Fatalf("want '}', got %v (%v)", tok, err)
	}
	return keys, vals
}

func TestNDJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{"tricky", trickyHeader, trickyRows},
		{"control characters", trickyHeader, controlRows},
		{"unicode separators and html", []string{"<k>", "k\"2", "é", "\u2028"}, [][]string{{"<b>&amp;</b>", "\u2028\u2029", "\xff bad", "tab\t"}}},
		{"no rows", trickyHeader, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeAll(t, NewNDJSON(&buf), tc.header, tc.rows)
			sc := bufio.NewScanner(&buf)
			var got [][]string
			got = append(got, tc.header)
			for sc.Scan() {
				line := sc.Bytes()
				if !json.Valid(line) {
					t.Fatalf("invalid JSON line %q", line)
				}
				keys, vals := decodeObject(t, json.NewDecoder(bytes.NewReader(line)))
				if strings.Join(keys, "\x00") != strings.Join(fixUTF8(tc.header), "\x00") {
					t.Errorf("keys %q, want %q", keys, tc.header)
				}
				got = append(got, vals)
			}
			equalTable(t, got, fixUTF8(tc.header), fixRows(tc.rows))
		})
	}
}

// fixUTF8 maps invalid UTF-8 to U+FFFD as encoding/json does.
func fixUTF8(row []string) []string {
	out := make([]string, len(row))
	for i, v := range row {
		out[i] = strings.ToValidUTF8(v, "\uFFFD")
	}
	return out
}

func fixRows(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = fixUTF8(r)
	}
	return out
}

func TestJSONArrayRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		rows [][]string
	}{
		{"tricky", trickyRows},
		{"control characters", controlRows},
		{"one row", trickyRows[:1]},
		{"no rows", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeAll(t, NewJSONArray(&buf), trickyHeader, tc.rows)
			var plain []map[string]string
			if err := json.Unmarshal(buf.Bytes(), &plain); err != nil {
				t.Fatalf("json.Unmarshal: %v\n%s", err, buf.Bytes())
			}
			if len(plain) != len(tc.rows) {
				t.Fatalf("%d objects, want %d", len(plain), len(tc.rows))
			}
			dec := json.NewDecoder(&buf)
			if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
				t.Fatalf("want '[', got %v (%v)", tok, err)
			}
			got := [][]string{trickyHeader}
			for dec.More() {
				keys, vals := decodeObject(t, dec)
				if strings.Join(keys, ",") != strings.Join(trickyHeader, ",") {
					t.Errorf("keys %q", keys)
				}
				got = append(got, vals)
			}
			equalTable(t, got, trickyHeader, tc.rows)
		})
	}
}

func TestJSONExactOutput(t *testing.T) {
	header := []string{"nik", "nama", "ket"}
	rows := [][]string{
		{"1", "MA'RUF", ""},
		{"2", "É \"q\" <x>", "a\nb\\c\x00"},
	}
	tests := []struct {
		name string
		mk   func(*bytes.Buffer) Writer
		rows [][]string
		want string
	}{
		{"ndjson", func(b *bytes.Buffer) Writer { return NewNDJSON(b) }, rows,
			`{"nik":"1","nama":"MA'RUF","ket":""}` + "\n" +
				`{"nik":"2","nama":"É \"q\" <x>","ket":"a\nb\\c\u0000"}` + "\n"},
		{"json", func(b *bytes.Buffer) Writer { return NewJSONArray(b) }, rows,
			"[\n" + `{"nik":"1","nama":"MA'RUF","ket":""}` + ",\n" +
				`{"nik":"2","nama":"É \"q\" <x>","ket":"a\nb\\c\u0000"}` + "\n]\n"},
		{"json empty", func(b *bytes.Buffer) Writer { return NewJSONArray(b) }, nil, "[\n]\n"},
		{"ndjson empty", func(b *bytes.Buffer) Writer { return NewNDJSON(b) }, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			writeAll(t, tc.mk(&buf), header, tc.rows)
			if got := buf.String(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	t.Run("json without header", func(t *testing.T) {
		var buf bytes.Buffer
		if err := NewJSONArray(&buf).Close(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != "[]\n" {
			t.Errorf("got %q", buf.String())
		}
	})
}

// TestJSONQuoteMatchesEncodingJSON checks the fast path against
// encoding/json for assorted strings.
func TestJSONQuoteMatchesEncodingJSON(t *testing.T) {
	var q jsonQuoter
	for _, s := range []string{"", "abc", "MA'RUF", "É", "a\"b", `a\b`, "\x00", "\x1f", "\x7f",
		"<>&", "\u2028", "x\u2029y", "\xff", "a\xc3", "😀", "\ufffd", "tab\t"} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(b.String(), "\n")
		if got := string(q.appendString(nil, s)); got != want {
			t.Errorf("quote(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mk     func(*failWriter) Writer
		prefix string
	}{
		{"ndjson", func(f *failWriter) Writer { return NewNDJSON(f) }, "write ndjson: "},
		{"json", func(f *failWriter) Writer { return NewJSONArray(f) }, "write json: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.mk(&failWriter{n: 5})
			_ = w.WriteHeader(trickyHeader)
			if err := w.WriteRow([]string{"x"}); !errors.Is(err, ErrRowWidth) || !strings.HasPrefix(err.Error(), tc.prefix) {
				t.Errorf("short row: %v", err)
			}
			for _, r := range trickyRows {
				_ = w.WriteRow(r)
			}
			err := w.Close()
			if !errors.Is(err, errDisk) || !strings.HasPrefix(err.Error(), tc.prefix) {
				t.Fatalf("Close() = %v", err)
			}
			noSecrets(t, err, trickyRows)
		})
	}
}
