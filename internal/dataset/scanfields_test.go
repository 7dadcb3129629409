package dataset

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/telusur/telusur/internal/dpt"
)

func TestScanFields(t *testing.T) {
	ctx := context.Background()
	ws, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	d, err := ws.CreateDataset(ctx, "x", "leak", "test")
	if err != nil {
		t.Fatal(err)
	}
	// Enough rows for several row groups and batches, every field set on
	// some rows and absent on others.
	const n = RowGroupRows*2 + 1234
	pw, err := ws.NewPartWriter(d, "part-000001.parquet", "test")
	if err != nil {
		t.Fatal(err)
	}
	want := make([]Row, n)
	for i := range want {
		r := &want[i]
		r.RowID, r.Source, r.Line, r.Table = int64(i+1), 1, int64(i+2), int32(i%3)
		if i%7 != 0 {
			r.NIK = fmt.Sprintf("%016d", 3171010101900000+i)
			r.Name = fmt.Sprintf("NAMA %d", i%1000)
			// Unique and long: several byte-array pages a row group, whose
			// buffers the rows' strings point into.
			r.NameKey = fmt.Sprintf("KUNCI %d %s", i, strings.Repeat("X", i%48))
			d := dpt.Date(i % 20000)
			r.BirthDate = &d
			rt := int32(i % 20)
			r.RT = &rt
		}
		r.NIKMasked = i%11 == 0
		r.Sex = []string{"", "L", "P"}[i%3]
		r.RegionCode = []string{"", "31", "3171010001"}[i%3]
		if i%5 == 0 {
			age := int32(17 + i%60)
			r.Age = &age
			r.Address = "JL. MAWAR"
		}
	}
	for lo := 0; lo < n; lo += 5000 {
		if err := pw.Write(want[lo:min(lo+5000, n)]); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	cols := []string{"row_id", "nik", "nik_masked", "name", "name_key", "birth_date", "rt", "age", "sex", "region_code", "address"}
	// Decoded more than once: rows and pages from one pass must survive
	// the next one reusing its buffers.
	if err := ws.ScanFields(d, cols, func([]Row) error { return nil }); err != nil {
		t.Fatal(err)
	}
	var got []Row
	err = ws.ScanFields(d, cols, func(rows []Row) error {
		got = append(got, rows...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d rows, want %d", len(got), n)
	}
	if err := ws.ScanFields(d, cols, func([]Row) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		w := Row{RowID: want[i].RowID, NIK: want[i].NIK, NIKMasked: want[i].NIKMasked, Name: want[i].Name, NameKey: want[i].NameKey,
			BirthDate: want[i].BirthDate, RT: want[i].RT, Age: want[i].Age, Sex: want[i].Sex, RegionCode: want[i].RegionCode, Address: want[i].Address}
		if !reflect.DeepEqual(got[i], w) {
			t.Fatalf("row %d:\n got %+v\nwant %+v", i, got[i], w)
		}
	}
	if err := ws.ScanFields(d, []string{"nope"}, func([]Row) error { return nil }); err == nil {
		t.Error("no error for an unknown column")
	}
}
