package export

import (
	"io"
	"path/filepath"
	"strconv"
	"testing"
)

// benchRow builds a row of 20 short columns like a voter-list record.
func benchTable() ([]string, [][]string) {
	header := []string{"DPID", "KPID", "NKK", "NIK", "NAMA", "TEMPAT_LAHIR", "TANGGAL_LAHIR",
		"STATUS_KAWIN", "JENIS_KELAMIN", "ALAMAT", "RT", "RW", "DISABILITAS", "KETERANGAN",
		"SUMBERDATA", "TPS", "KELURAHAN", "KECAMATAN", "KABUPATEN", "PROVINSI"}
	rows := make([][]string, 64)
	for i := range rows {
		n := strconv.Itoa(100000 + i)
		rows[i] = []string{"1" + n, "2" + n, "32010101019" + n, "32010101019" + n, "SITI NURHALIZA " + n,
			"BANDUNG", "12|03|1985", "S", "P", "JL. MERDEKA NO. " + n, "001", "002", "0", "",
			"coklit", "TPS 001", "CIBADUNG", "BABAKAN", "KAB. BANDUNG", "JAWA BARAT"}
	}
	rows[3][4] = "MA'RUF \"AMIN\", H."
	rows[5][9] = "JL. A; NO. 1\nRT 2"
	return header, rows
}

func runBench(b *testing.B, mk func(io.Writer) Writer) {
	header, rows := benchTable()
	cw := &countWriter{}
	w := mk(cw)
	if err := w.WriteHeader(header); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.WriteRow(rows[i&63]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.SetBytes(cw.n / int64(max(b.N, 1)))
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

func BenchmarkCSV(b *testing.B) {
	b.Run("utf8", func(b *testing.B) {
		runBench(b, func(w io.Writer) Writer { return NewCSV(w, CSVOptions{}) })
	})
	b.Run("cp1252-semicolon-crlf", func(b *testing.B) {
		runBench(b, func(w io.Writer) Writer {
			return NewCSV(w, CSVOptions{Comma: ';', Encoding: "windows-1252", CRLF: true})
		})
	})
	b.Run("utf16le", func(b *testing.B) {
		runBench(b, func(w io.Writer) Writer { return NewCSV(w, CSVOptions{Encoding: "utf-16le"}) })
	})
}

func BenchmarkNDJSON(b *testing.B) {
	runBench(b, NewNDJSON)
}

func BenchmarkJSONArray(b *testing.B) {
	runBench(b, NewJSONArray)
}

func BenchmarkSQL(b *testing.B) {
	b.Run("mysql", func(b *testing.B) {
		runBench(b, func(w io.Writer) Writer { return NewSQL(w, SQLOptions{Dialect: "mysql"}) })
	})
	b.Run("postgres", func(b *testing.B) {
		runBench(b, func(w io.Writer) Writer { return NewSQL(w, SQLOptions{Dialect: "postgres"}) })
	})
}

func BenchmarkXLSX(b *testing.B) {
	header, rows := benchTable()
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	w, err := NewXLSX(path, "DPT")
	if err != nil {
		b.Fatal(err)
	}
	if err := w.WriteHeader(header); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.WriteRow(rows[i&63]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkZipSplit(b *testing.B) {
	header, rows := benchTable()
	path := filepath.Join(b.TempDir(), "bench.zip")
	w, err := NewZipSplit(path, func(v []string) string { return v[19] }, nil, CSVOptions{})
	if err != nil {
		b.Fatal(err)
	}
	if err := w.WriteHeader(header); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := w.WriteRow(rows[i&63]); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
