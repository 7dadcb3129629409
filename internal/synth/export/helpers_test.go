package export

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trickyHeader and trickyRows hold values that every format must carry
// unchanged: delimiters, quotes, apostrophes, backslashes, tabs, newlines,
// leading and trailing spaces, non-ASCII letters and empty strings.
var trickyHeader = []string{"NIK", "NAMA", "ALAMAT", "KET"}

var trickyRows = [][]string{
	{"3201010101900001", "MA'RUF", "JL. MERDEKA; NO. 5, RT 01", `kata "kutip"`},
	{"3201010101900002", "ÉLIANA", "baris1\nbaris2", ""},
	{"3201010101900003", `back\slash`, "tab\there", "semi;colon,comma|pipe"},
	{"", " spasi depan", "spasi belakang ", `""`},
	{"3201010101900005", "O'NEIL; \"JR\", III", "a\n\nb\n", "'"},
}

// controlRows adds characters that some formats escape specially.
var controlRows = [][]string{
	{"nul\x00byte", "ctrl-z\x1a", "cr\rhere", "bell\a"},
}

// writeAll writes header and rows and closes w.
func writeAll(t testing.TB, w Writer, header []string, rows [][]string) {
	t.Helper()
	if err := w.WriteHeader(header); err != nil {
		t.Fatalf("WriteHeader: %v", err)
	}
	for i, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatalf("WriteRow %d: %v", i, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// equalTable compares a read-back table with the written one.
func equalTable(t *testing.T, got [][]string, header []string, rows [][]string) {
	t.Helper()
	want := append([][]string{header}, rows...)
	if len(got) != len(want) {
		t.Fatalf("read %d records, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("record %d: %d fields, want %d: %q", i, len(got[i]), len(want[i]), got[i])
		}
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("record %d field %d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}

func checkMode(t *testing.T, path string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := st.Mode().Perm(); m != 0o600 {
		t.Errorf("%s mode %v, want 0600", filepath.Base(path), m)
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

var errDisk = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return len(p), nil
	}
	n := f.n
	f.n = 0
	return n, errDisk
}

// noSecrets fails the test if err's message contains any cell value.
func noSecrets(t *testing.T, err error, rows [][]string) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	for _, r := range rows {
		for _, v := range r {
			if len(v) >= 4 && strings.Contains(msg, v) {
				t.Errorf("error %q contains a cell value", msg)
			}
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
