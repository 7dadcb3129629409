package dataset

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/telusur/telusur/internal/dpt"
)

// testRows makes n rows exercising every column: nulls and values, empty
// and long text, raw fields, a dictionary column that outgrows its limit.
func testRows(n int) []Row {
	rows := make([]Row, n)
	for i := range rows {
		r := &rows[i]
		r.RowID, r.Source, r.Line, r.Table = int64(i+1), 3, int64(2*i+2), int32(1+i/50000)
		r.NIK = fmt.Sprintf("3204%012d", i*7919%1000000)
		r.NIKMasked = i%5 == 0
		r.NKK = fmt.Sprintf("3204%012d", i/3)
		r.NKKMasked = i%7 == 0
		r.Name = fmt.Sprintf("NAMA %d", i%997)
		r.NameKey = strings.ToLower(r.Name)
		if i%11 == 0 {
			r.NameTitles = "H. S.PD."
			r.RawName = "H. " + r.Name + ", S.Pd."
		}
		r.BirthPlace = []string{"BANDUNG", "", "KOTA MEDAN"}[i%3]
		if i%4 != 0 {
			d := dpt.NewDate(1940+i%60, time.Month(1+i%12), 1+i%28)
			r.BirthDate, r.DateFormat, r.RawBirthDate = &d, "dd-mm-yyyy", "01-02-1980"
		}
		if i%9 == 0 {
			a := int32(17 + i%80)
			r.Age = &a
		}
		r.Sex = []string{"L", "P"}[i%2]
		r.Marital = []string{"B", "S", "P", ""}[i%4]
		r.Address = fmt.Sprintf("JL. MERDEKA NO. %d", i/4)
		if i%13 != 0 {
			rt, rw := int32(i%20), int32(1+i%9)
			r.RT, r.RW = &rt, &rw
			r.RawRTRW = fmt.Sprintf("%03d/%03d", rt, rw)
		}
		// Village outgrows the dictionary in the first row group only.
		if i < 30000 {
			r.Village = fmt.Sprintf("DESA %d", i)
		} else {
			r.Village = fmt.Sprintf("DESA %d", i%40)
		}
		r.District, r.Regency, r.Province = "CIMAHI", "KOTA BANDUNG", "JAWA BARAT"
		r.RegionCode = fmt.Sprintf("32%02d", i%30)
		if i%17 == 0 {
			tps := int32(i % 300)
			r.TPS = &tps
		}
		r.Disability, r.EKTP, r.Remarks = []string{"", "1"}[i%2], "S", []string{"", "B", "U"}[i%3]
		if i%101 == 0 {
			r.RawNIK, r.RawNKK, r.RawSex, r.RawRegionCode = "32.04"+r.NIK[4:], "x", "LAKI-LAKI", "32.04"
			r.Other = "KET=" + strings.Repeat("panjang ", 300) // long values split pages
		}
	}
	return rows
}

// TestPartWriterRoundTrip writes rows with the column encoder, reads them
// back with Scan (parquet.GenericReader[Row]) and compares; the schema
// must be the one parquet.GenericWriter[Row] writes.
func TestPartWriterRoundTrip(t *testing.T) {
	ctx := context.Background()
	ws := openTest(t)
	d, err := ws.CreateDataset(ctx, "rt", "leak", "test")
	if err != nil {
		t.Fatal(err)
	}
	rows := testRows(RowGroupRows + 12345)
	pw, err := ws.NewPartWriter(d, "part-000001-00.parquet", "test")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(rows); i += 1000 {
		if err := pw.Write(rows[i:min(i+1000, len(rows))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	var got []Row
	if err := ws.Scan(d, func(b []Row) error { got = append(got, b...); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d rows back, want %d", len(got), len(rows))
	}
	for i := range rows {
		if !reflect.DeepEqual(got[i], rows[i]) {
			t.Fatalf("row %d:\n got %+v\nwant %+v", i, got[i], rows[i])
		}
	}

	// The same rows through parquet-go's own writer: same schema, same rows.
	var old bytes.Buffer
	gw := parquet.NewGenericWriter[Row](&old)
	if _, err := gw.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := gw.Close(); err != nil {
		t.Fatal(err)
	}
	oldFile, err := parquet.OpenFile(bytes.NewReader(old.Bytes()), int64(old.Len()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ws.Dir, d.Dir, "part-000001-00.parquet")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	newFile, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if o, n := oldFile.Schema().String(), newFile.Schema().String(); o != n {
		t.Errorf("schema differs from parquet-go's:\n%s\nvs\n%s", n, o)
	}
	if o, n := oldFile.Metadata().Schema, newFile.Metadata().Schema; !reflect.DeepEqual(o, n) {
		t.Errorf("schema elements differ:\n%+v\nvs\n%+v", n, o)
	}
	oldRows := make([]Row, len(rows))
	r := parquet.NewGenericReader[Row](oldFile)
	if n, err := r.Read(oldRows); n != len(rows) {
		t.Fatalf("old writer: %d rows, %v", n, err)
	}
	if !reflect.DeepEqual(oldRows, got) {
		t.Error("rows read back differ between the two writers")
	}
	if len(newFile.RowGroups()) != 2 {
		t.Errorf("%d row groups", len(newFile.RowGroups()))
	}
	// Statistics a reader may prune with: null counts and bounds.
	for _, c := range newFile.Metadata().RowGroups[0].Columns {
		st := c.MetaData.Statistics
		switch c.MetaData.PathInSchema[0] {
		case "age":
			if want := int64(RowGroupRows - (RowGroupRows+8)/9); st.NullCount != want {
				t.Errorf("age null count %d, want %d", st.NullCount, want)
			}
		case "row_id":
			if !bytes.Equal(st.MinValue, []byte{1, 0, 0, 0, 0, 0, 0, 0}) {
				t.Errorf("row_id min %v", st.MinValue)
			}
		case "sex":
			if string(st.MinValue) != "L" || string(st.MaxValue) != "P" {
				t.Errorf("sex bounds %q %q", st.MinValue, st.MaxValue)
			}
		case "name":
			if st.MinValue != nil || st.MaxValue != nil {
				t.Error("free text has bounds")
			}
		}
	}
}

// TestPartWriterEmpty: a part without rows is still a valid file.
func TestPartWriterEmpty(t *testing.T) {
	ctx := context.Background()
	ws := openTest(t)
	d, _ := ws.CreateDataset(ctx, "empty", "leak", "test")
	pw, err := ws.NewPartWriter(d, "part-000001-00.parquet", "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := ws.Scan(d, func(b []Row) error { n += len(b); return nil }); err != nil || n != 0 {
		t.Fatalf("%d rows, %v", n, err)
	}
}
