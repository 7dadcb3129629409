package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExt(t *testing.T) {
	want := map[string]string{
		"csv": ".csv", "csv-semicolon-cp1252": ".csv", "tsv": ".tsv", "ndjson": ".ndjson",
		"json": ".json", "sql-mysql": ".sql", "sql-postgres": ".sql", "xlsx": ".xlsx", "parquet": "",
	}
	for f, w := range want {
		if got := Ext(f); got != w {
			t.Errorf("Ext(%q) = %q, want %q", f, got, w)
		}
	}
	for _, f := range Formats {
		if Ext(f) == "" {
			t.Errorf("format %q has no extension", f)
		}
	}
}

// readBack reads a file written by New(format) with an independent reader.
func readBack(t *testing.T, format, path string, width int) [][]string {
	t.Helper()
	data := readFile(t, path)
	switch format {
	case "csv":
		return readCSV(t, data, CSVOptions{Comma: ','})
	case "csv-semicolon-cp1252":
		if !bytes.Contains(data, []byte("\r\n")) || bytes.Contains(data, []byte("É")) {
			t.Error("not CRLF windows-1252")
		}
		return readCSV(t, data, CSVOptions{Comma: ';', Encoding: "windows-1252"})
	case "tsv":
		return readCSV(t, data, CSVOptions{Comma: '\t'})
	case "ndjson":
		var out [][]string
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			keys, vals := decodeObject(t, json.NewDecoder(bytes.NewReader(sc.Bytes())))
			if len(out) == 0 {
				out = append(out, keys)
			}
			out = append(out, vals)
		}
		return out
	case "json":
		dec := json.NewDecoder(bytes.NewReader(data))
		if _, err := dec.Token(); err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for dec.More() {
			keys, vals := decodeObject(t, dec)
			if len(out) == 0 {
				out = append(out, keys)
			}
			out = append(out, vals)
		}
		return out
	case "sql-mysql":
		rows, _ := parseMySQLDump(t, string(data), "`dpt`")
		return append([][]string{trickyHeader}, rows...)
	case "sql-postgres":
		rows := parsePGDump(t, string(data), `COPY public.dpt ("NIK", "NAMA", "ALAMAT", "KET") FROM stdin;`)
		return append([][]string{trickyHeader}, rows...)
	case "xlsx":
		return readXLSX(t, path, width)["Sheet1"]
	}
	t.Fatalf("no reader for %q", format)
	return nil
}

func TestNew(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			var first []byte
			for i := 0; i < 2; i++ {
				path := filepath.Join(dir, "dpt"+Ext(format))
				if i == 1 {
					// An existing, wider-permission file is truncated and narrowed.
					if err := os.Chmod(path, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				w, err := New(format, path)
				if err != nil {
					t.Fatal(err)
				}
				writeAll(t, w, trickyHeader, trickyRows)
				checkMode(t, path)
				data := readFile(t, path)
				if i == 0 {
					first = data
					equalTable(t, readBack(t, format, path, len(trickyHeader)), trickyHeader, trickyRows)
				} else if !bytes.Equal(first, data) {
					t.Error("second run differs from first")
				}
				if err := w.Close(); !errors.Is(err, errClosed) {
					t.Errorf("second Close = %v", err)
				}
			}
		})
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := New("parquet", filepath.Join(dir, "x")); err == nil || !strings.Contains(err.Error(), "unknown format") {
		t.Errorf("unknown format: %v", err)
	}
	for _, format := range Formats {
		p := filepath.Join(dir, "missing", "x"+Ext(format))
		_, err := New(format, p)
		if err == nil || !strings.HasPrefix(err.Error(), "write "+format+" "+p+": ") {
			t.Errorf("%s: err = %v", format, err)
		}
	}
	w, err := New("csv", filepath.Join(dir, "y.csv"))
	if err != nil {
		t.Fatal(err)
	}
	_ = w.WriteHeader([]string{"a"})
	if err := w.WriteRow(nil); err == nil || !strings.HasPrefix(err.Error(), "write csv "+filepath.Join(dir, "y.csv")+": ") {
		t.Errorf("row error lacks path: %v", err)
	}
	_ = w.Close()
}

func TestNewUnrepresentable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.csv")
	w, err := New("csv-semicolon-cp1252", path)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, []string{"n"}, [][]string{{"Trần"}})
	u, ok := w.(interface{ Unrepresentable() int })
	if !ok || u.Unrepresentable() != 1 {
		t.Errorf("Unrepresentable not reachable or wrong")
	}
	if got := string(readFile(t, path)); got != "n\r\nTr?n\r\n" {
		t.Errorf("got %q", got)
	}
}
