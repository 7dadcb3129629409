package link

import (
	"bytes"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// parquetSeed is a small Parquet file of the benchmark's shape: text,
// a nullable text column and a date.
func parquetSeed(t testing.TB) []byte {
	type row struct {
		ID    string  `parquet:"unique_id"`
		Name  *string `parquet:"first_name,optional"`
		Born  int32   `parquet:"dob,date"`
		Count int64   `parquet:"n"`
	}
	ann := "ann"
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[row](&buf)
	if _, err := w.Write([]row{{"a-1", &ann, 3652, 1}, {"a-2", nil, -40000, 2}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadParquet(t *testing.T) {
	b := parquetSeed(t)
	tb, err := readParquet(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"unique_id":  {"a-1", "a-2"},
		"first_name": {"ann", ""},
		"dob":        {"1980-01-01", "1860-06-26"},
		"n":          {"1", "2"},
	}
	for col, vals := range want {
		got, ok := tb.Column(col)
		if !ok {
			t.Fatalf("no column %q in %v", col, tb.Columns)
		}
		for i := range vals {
			if got[i] != vals[i] {
				t.Errorf("%s[%d] = %q, want %q", col, i, got[i], vals[i])
			}
		}
	}
}

// FuzzReadParquet: a damaged Parquet file is an error, never a panic, and
// a table read has one value per row in every column.
func FuzzReadParquet(f *testing.F) {
	seed := parquetSeed(f)
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := readParquet(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		if len(tb.Cols) != len(tb.Columns) {
			t.Fatalf("%d columns, %d names", len(tb.Cols), len(tb.Columns))
		}
		for c := range tb.Cols {
			if len(tb.Cols[c]) != tb.Len() {
				t.Fatalf("column %d has %d values, table %d rows", c, len(tb.Cols[c]), tb.Len())
			}
		}
	})
}
