package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads every sheet of the workbook with excelize, padding rows to
// width (excelize drops trailing empty cells).
func readXLSX(t *testing.T, path string, width int) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize.OpenFile: %v", err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, sh := range f.GetSheetList() {
		rows, err := f.Rows(sh)
		if err != nil {
			t.Fatal(err)
		}
		var got [][]string
		for rows.Next() {
			r, err := rows.Columns()
			if err != nil {
				t.Fatal(err)
			}
			for len(r) < width {
				r = append(r, "")
			}
			got = append(got, r)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		out[sh] = got
	}
	return out
}

func setRowLimit(t *testing.T, n int) {
	old := SheetRowLimit
	SheetRowLimit = n
	t.Cleanup(func() { SheetRowLimit = old })
}

func TestXLSXRoundTrip(t *testing.T) {
	tests := []struct {
		name  string
		sheet string
		bold  bool
		rows  [][]string
	}{
		{"tricky", "DPT", false, trickyRows},
		{"bold header", "Data Pemilih", true, trickyRows},
		{"default sheet", "", false, trickyRows},
		{"no rows", "DPT", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.xlsx")
			w, err := NewXLSX(path, tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			w.(*XLSXWriter).BoldHeader = tc.bold
			writeAll(t, w, trickyHeader, tc.rows)
			checkMode(t, path)
			sheet := tc.sheet
			if sheet == "" {
				sheet = "Sheet1"
			}
			got := readXLSX(t, path, len(trickyHeader))
			if len(got) != 1 {
				t.Fatalf("sheets %v, want only %q", keys(got), sheet)
			}
			equalTable(t, got[sheet], trickyHeader, tc.rows)
			if n := w.(*XLSXWriter).Altered(); n != 0 {
				t.Errorf("Altered() = %d", n)
			}
			if tc.bold {
				f, err := excelize.OpenFile(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				id, _ := f.GetCellStyle(sheet, "B1")
				st, err := f.GetStyle(id)
				if err != nil || st.Font == nil || !st.Font.Bold {
					t.Errorf("header cell not bold: %+v %v", st, err)
				}
				if id, _ := f.GetCellStyle(sheet, "B2"); id != 0 {
					t.Errorf("data cell has style %d", id)
				}
			}
		})
	}
}

func keys(m map[string][][]string) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	return k
}

func TestXLSXRowLimit(t *testing.T) {
	tests := []struct {
		name       string
		limit      int
		sheet      string
		rows       int
		wantSheets []string
	}{
		{"fits", 5, "DPT", 4, []string{"DPT"}},
		{"one over", 5, "DPT", 5, []string{"DPT", "DPT2"}},
		{"three sheets", 3, "DPT", 6, []string{"DPT", "DPT2", "DPT3"}},
		{"ten sheets", 2, "S", 10, []string{"S", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10"}},
		{"long name", 2, strings.Repeat("x", 31), 3, []string{strings.Repeat("x", 31), strings.Repeat("x", 30) + "2", strings.Repeat("x", 30) + "3"}},
		{"limit below two", 0, "DPT", 2, []string{"DPT", "DPT2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			setRowLimit(t, tc.limit)
			path := filepath.Join(t.TempDir(), "out.xlsx")
			w, err := NewXLSX(path, tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			var rows [][]string
			for i := 0; i < tc.rows; i++ {
				rows = append(rows, []string{strconv.Itoa(i), "MA'RUF", "a;b,c\n\"d\"", ""})
			}
			writeAll(t, w, trickyHeader, rows)
			if got := w.(*XLSXWriter).Sheets(); strings.Join(got, "|") != strings.Join(tc.wantSheets, "|") {
				t.Errorf("Sheets() = %q, want %q", got, tc.wantSheets)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			list := f.GetSheetList()
			f.Close()
			if strings.Join(list, "|") != strings.Join(tc.wantSheets, "|") {
				t.Errorf("workbook sheets %q, want %q", list, tc.wantSheets)
			}
			got := readXLSX(t, path, len(trickyHeader))
			perSheet := max(tc.limit, 2) - 1
			var all [][]string
			for i, sh := range list {
				data := got[sh]
				if len(data) == 0 || strings.Join(data[0], ",") != strings.Join(trickyHeader, ",") {
					t.Fatalf("sheet %q lacks header: %q", sh, data)
				}
				if len(data)-1 > perSheet {
					t.Errorf("sheet %q has %d rows, limit %d", sh, len(data)-1, perSheet)
				}
				if i < len(list)-1 && len(data)-1 != perSheet {
					t.Errorf("sheet %q not full: %d rows", sh, len(data)-1)
				}
				all = append(all, data[1:]...)
			}
			equalTable(t, append([][]string{trickyHeader}, all...), trickyHeader, rows)
		})
	}
}

func TestXLSXAltered(t *testing.T) {
	long := strings.Repeat("a", 32768)
	tests := []struct {
		name string
		val  string
		want int
	}{
		{"plain", "ÉLIANA", 0},
		{"tab newline cr", "a\tb\nc\rd", 0},
		{"nul", "a\x00b", 1},
		{"ctrl-z", "\x1a", 1},
		{"invalid utf-8", "a\xffb", 1},
		{"too long", long, 1},
		{"exactly max", long[1:], 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.xlsx")
			w, err := NewXLSX(path, "S")
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, w, []string{"v"}, [][]string{{tc.val}})
			if got := w.(*XLSXWriter).Altered(); got != tc.want {
				t.Errorf("Altered() = %d, want %d", got, tc.want)
			}
			if tc.want == 0 {
				got := readXLSX(t, path, 1)
				equalTable(t, got["S"], []string{"v"}, [][]string{{tc.val}})
			}
		})
	}
}

func TestXLSXDeterministic(t *testing.T) {
	setRowLimit(t, 3)
	dir := t.TempDir()
	var outs [][]byte
	for i := 0; i < 3; i++ {
		path := filepath.Join(dir, "out"+strconv.Itoa(i)+".xlsx")
		w, err := NewXLSX(path, "DPT")
		if err != nil {
			t.Fatal(err)
		}
		w.(*XLSXWriter).BoldHeader = true
		writeAll(t, w, trickyHeader, trickyRows)
		outs = append(outs, readFile(t, path))
	}
	for i := 1; i < len(outs); i++ {
		if !bytes.Equal(outs[0], outs[i]) {
			t.Fatalf("run %d differs from run 0", i)
		}
	}
	// The zip is well formed for archive/zip too, entries sorted, fixed time.
	zr, err := zip.NewReader(bytes.NewReader(outs[0]), int64(len(outs[0])))
	if err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, f := range zr.File {
		if f.Name < prev {
			t.Errorf("entry %q after %q", f.Name, prev)
		}
		prev = f.Name
		if !f.Modified.Equal(DefaultModTime) {
			t.Errorf("entry %q modified %v", f.Name, f.Modified)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatalf("entry %q: %v", f.Name, err)
		}
		rc.Close()
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first entry %q", zr.File[0].Name)
	}
}

func TestXLSXErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		path  string
		sheet string
		want  string
	}{
		{"bad sheet name", filepath.Join(dir, "a.xlsx"), "a/b", "sheet name"},
		{"sheet name too long", filepath.Join(dir, "b.xlsx"), strings.Repeat("x", 32), "sheet name"},
		{"missing directory", filepath.Join(dir, "no", "c.xlsx"), "S", "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewXLSX(tc.path, tc.sheet)
			if err == nil || !strings.HasPrefix(err.Error(), "write xlsx "+tc.path+": ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v", err)
			}
		})
	}
	t.Run("protocol", func(t *testing.T) {
		w, err := NewXLSX(filepath.Join(dir, "d.xlsx"), "S")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteRow([]string{"secret-value"}); !errors.Is(err, errNoHeader) {
			t.Errorf("row before header: %v", err)
		}
		_ = w.WriteHeader([]string{"a", "b"})
		err = w.WriteRow([]string{"secret-value"})
		if !errors.Is(err, ErrRowWidth) {
			t.Errorf("short row: %v", err)
		}
		noSecrets(t, err, [][]string{{"secret-value"}})
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); !errors.Is(err, errClosed) {
			t.Errorf("second Close: %v", err)
		}
	})
}
