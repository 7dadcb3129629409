package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readZip returns the entries of a zip, in order, with their contents.
func readZip(t *testing.T, path string) (names []string, data map[string][]byte, files []*zip.File) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("archive/zip: %v", err)
	}
	defer zr.Close()
	data = map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("entry %q: %v", f.Name, err)
		}
		names = append(names, f.Name)
		data[f.Name] = b
	}
	return names, data, zr.File
}

func TestZipSplit(t *testing.T) {
	header := []string{"PROVINSI", "NIK", "NAMA", "ALAMAT"}
	row := func(prov, nik string) []string {
		return []string{prov, nik, "MA'RUF \"JR\"", "JL. A; NO. 1,\nRT 2"}
	}
	byProv := func(v []string) string { return v[0] }
	tests := []struct {
		name      string
		keyOf     SplitFunc
		entryName func(string) string
		opt       CSVOptions
		rows      [][]string
		want      map[string][][]string // entry -> rows
		order     []string
	}{
		{
			name: "grouped", keyOf: byProv,
			rows: [][]string{row("ACEH", "1"), row("ACEH", "2"), row("BALI", "3"), row("JAWA BARAT", "4")},
			want: map[string][][]string{
				"ACEH.csv":       {row("ACEH", "1"), row("ACEH", "2")},
				"BALI.csv":       {row("BALI", "3")},
				"JAWA BARAT.csv": {row("JAWA BARAT", "4")},
			},
			order: []string{"ACEH.csv", "BALI.csv", "JAWA BARAT.csv"},
		},
		{
			name: "key comes back", keyOf: byProv,
			entryName: func(k string) string { return "dpt/" + strings.ToLower(k) + ".csv" },
			rows:      [][]string{row("ACEH", "1"), row("BALI", "2"), row("ACEH", "3"), row("BALI", "4"), row("ACEH", "5")},
			want: map[string][][]string{
				"dpt/aceh.csv":   {row("ACEH", "1")},
				"dpt/bali.csv":   {row("BALI", "2")},
				"dpt/aceh-2.csv": {row("ACEH", "3")},
				"dpt/bali-2.csv": {row("BALI", "4")},
				"dpt/aceh-3.csv": {row("ACEH", "5")},
			},
			order: []string{"dpt/aceh.csv", "dpt/bali.csv", "dpt/aceh-2.csv", "dpt/bali-2.csv", "dpt/aceh-3.csv"},
		},
		{
			name: "names collide with suffixes", keyOf: byProv,
			entryName: func(k string) string { return k },
			rows:      [][]string{row("A-2", "1"), row("A", "2"), row("B", "3"), row("A", "4")},
			want: map[string][][]string{
				"A-2": {row("A-2", "1")},
				"A":   {row("A", "2")},
				"B":   {row("B", "3")},
				"A-3": {row("A", "4")},
			},
			order: []string{"A-2", "A", "B", "A-3"},
		},
		{
			name: "windows-1252 semicolon", keyOf: byProv,
			opt:   CSVOptions{Comma: ';', Encoding: "windows-1252", CRLF: true},
			rows:  [][]string{row("DKI JAKARTA", "1"), row("NTT", "É")},
			want:  map[string][][]string{"DKI JAKARTA.csv": {row("DKI JAKARTA", "1")}, "NTT.csv": {row("NTT", "É")}},
			order: []string{"DKI JAKARTA.csv", "NTT.csv"},
		},
		{
			name: "utf-16 tab", keyOf: byProv,
			opt:   CSVOptions{Comma: '\t', Encoding: "utf-16le"},
			rows:  [][]string{row("SUMATERA UTARA", "1"), row("SUMATERA UTARA", "2")},
			want:  map[string][][]string{"SUMATERA UTARA.csv": {row("SUMATERA UTARA", "1"), row("SUMATERA UTARA", "2")}},
			order: []string{"SUMATERA UTARA.csv"},
		},
		{
			name: "no rows", keyOf: byProv,
			want: map[string][][]string{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "split.zip")
			w, err := NewZipSplit(path, tc.keyOf, tc.entryName, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, w, header, tc.rows)
			checkMode(t, path)
			names, data, files := readZip(t, path)
			if strings.Join(names, "|") != strings.Join(tc.order, "|") {
				t.Errorf("entries %q, want %q", names, tc.order)
			}
			if got := w.(*ZipSplitWriter).Entries(); strings.Join(got, "|") != strings.Join(tc.order, "|") {
				t.Errorf("Entries() = %q", got)
			}
			for _, f := range files {
				if !f.Modified.Equal(DefaultModTime) {
					t.Errorf("%q modified %v", f.Name, f.Modified)
				}
				if f.Method != zip.Deflate {
					t.Errorf("%q method %d", f.Name, f.Method)
				}
			}
			for name, rows := range tc.want {
				equalTable(t, readCSV(t, data[name], tc.opt), header, rows)
			}
		})
	}
}

func TestZipSplitDeterministic(t *testing.T) {
	dir := t.TempDir()
	var outs [][]byte
	for i, mod := range []time.Time{{}, {}, time.Date(2024, 2, 14, 7, 0, 0, 0, time.UTC)} {
		path := filepath.Join(dir, string(rune('a'+i))+".zip")
		w, err := NewZipSplit(path, func(v []string) string { return v[1] }, nil, CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !mod.IsZero() {
			w.(*ZipSplitWriter).ModTime = mod
		}
		writeAll(t, w, trickyHeader, trickyRows)
		outs = append(outs, readFile(t, path))
		if !mod.IsZero() {
			_, _, files := readZip(t, path)
			if !files[0].Modified.Equal(mod) {
				t.Errorf("ModTime not applied: %v", files[0].Modified)
			}
		}
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs differ")
	}
	if bytes.Equal(outs[0], outs[2]) {
		t.Error("ModTime has no effect")
	}
}

func TestZipSplitErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewZipSplit(filepath.Join(dir, "a.zip"), nil, nil, CSVOptions{}); err == nil {
		t.Error("nil SplitFunc accepted")
	}
	p := filepath.Join(dir, "b.zip")
	if _, err := NewZipSplit(p, func([]string) string { return "" }, nil, CSVOptions{Encoding: "koi8"}); err == nil ||
		!strings.HasPrefix(err.Error(), "write zip "+p+": ") {
		t.Errorf("bad encoding: %v", err)
	}
	if _, err := NewZipSplit(filepath.Join(dir, "missing", "c.zip"), func([]string) string { return "" }, nil, CSVOptions{}); err == nil {
		t.Error("missing directory accepted")
	}
	w, err := NewZipSplit(filepath.Join(dir, "d.zip"), func([]string) string { return "" }, nil, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_ = w.WriteHeader([]string{"a", "b"})
	err = w.WriteRow([]string{"secret-value"})
	if !errors.Is(err, ErrRowWidth) {
		t.Errorf("short row: %v", err)
	}
	noSecrets(t, err, [][]string{{"secret-value"}})
	if err := w.WriteRow([]string{"x", "y"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	names, _, _ := readZip(t, filepath.Join(dir, "d.zip"))
	if len(names) != 1 || names[0] != ".csv" {
		t.Errorf("entries %q", names)
	}
}

func TestZipSplitUnrepresentable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u.zip")
	w, err := NewZipSplit(path, func(v []string) string { return v[0] }, nil, CSVOptions{Encoding: "windows-1252"})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, []string{"k", "v"}, [][]string{{"a", "Nguyễn"}, {"b", "😀😀"}, {"b", "ok"}})
	if n := w.(*ZipSplitWriter).Unrepresentable(); n != 3 {
		t.Errorf("Unrepresentable() = %d, want 3", n)
	}
}
