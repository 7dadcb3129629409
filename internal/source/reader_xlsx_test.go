package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// tblMakeXLSX writes a workbook of two data sheets and an empty one.
func tblMakeXLSX(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetName("Sheet1", "DPT Jabar"); err != nil {
		t.Fatal(err)
	}
	// A title-less sheet: an empty first row, then the header on row 2.
	for i, h := range []string{"NIK", "NAMA", "", "NAMA", "TGL_LAHIR"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		set("DPT Jabar", cell, h)
	}
	set("DPT Jabar", "A3", "3204051203850001")
	set("DPT Jabar", "B3", "JOSÉ")
	set("DPT Jabar", "C3", "x")
	set("DPT Jabar", "D3", "MA'RUF")
	set("DPT Jabar", "E3", time.Date(1985, 3, 12, 0, 0, 0, 0, time.UTC))
	set("DPT Jabar", "A5", "0012") // row 4 is empty
	set("DPT Jabar", "G5", "beyond the header")
	if _, err := f.NewSheet("Kosong"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Jateng"); err != nil {
		t.Fatal(err)
	}
	set("Jateng", "A1", "nik")
	set("Jateng", "B1", "tps")
	set("Jateng", "A2", "3301010101010001")
	set("Jateng", "B2", 7)
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestXLSX(t *testing.T) {
	path := tblMakeXLSX(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		entry Entry
	}{
		{"on disk", tblFileEntry(t, path)},
		{"spooled from a stream", tblEntry("leak.zip!/book.xlsx", data)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if f := Sniff(tc.entry.Name, data[:min(len(data), 4096)]); f != FormatXLSX {
				t.Fatalf("sniffed %q", f)
			}
			got, err := tblOpenAll(t, tc.entry, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 {
				t.Fatalf("%d tables", len(got))
			}
			jabar, jateng := got[0], got[1]
			if jabar.Name != tc.entry.Name+"#DPT Jabar" || jateng.Name != tc.entry.Name+"#Jateng" || jabar.Format != FormatXLSX {
				t.Fatalf("names %q %q", jabar.Name, jateng.Name)
			}
			if want := []string{"NIK", "NAMA", "col3", "NAMA_2", "TGL_LAHIR"}; !reflect.DeepEqual(jabar.Header, want) || !jabar.HasHeader {
				t.Fatalf("header %q", jabar.Header)
			}
			if len(jabar.Rows) != 2 {
				t.Fatalf("rows %+v", jabar.Rows)
			}
			r := jabar.Rows[0]
			if r.Line != 3 || r.Problem != "" || !reflect.DeepEqual(r.Values[:4], []string{"3204051203850001", "JOSÉ", "x", "MA'RUF"}) || r.Values[4] == "" {
				t.Fatalf("row 3: %+v", r)
			}
			r = jabar.Rows[1]
			if r.Line != 5 || r.Problem != "ragged: 7 fields, header has 5" || !reflect.DeepEqual(r.Values, []string{"0012", "", "", "", ""}) {
				t.Fatalf("row 5: %+v", r)
			}
			if !reflect.DeepEqual(tblValues(jateng.Rows), [][]string{{"3301010101010001", "7"}}) || jateng.Rows[0].Line != 2 {
				t.Fatalf("Jateng %+v", jateng.Rows)
			}
		})
	}
}

func TestXLSXBroken(t *testing.T) {
	// A zip that claims to be a workbook but is cut short.
	path := tblMakeXLSX(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	err = OpenTables(context.Background(), tblEntry("cut.xlsx", data[:len(data)/2]), Options{}, func(Table) error { return nil })
	var e *Error
	if !errors.As(err, &e) || e.Entry != "cut.xlsx" {
		t.Fatalf("err = %v", err)
	}
}
