// Command gen derives the embedded region table from the Kemendagri area
// files in shared/data/idn-area (ODbL 1.0). It keeps code and name only,
// undotted and sorted, compressed with zstd, so the binary carries ~0.6 MB
// instead of 3 MB of CSV. Run through `go generate ./internal/region`.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/klauspost/compress/zstd"
)

func main() {
	src := flag.String("src", "../../../shared/data/idn-area", "folder with provinces.csv, regencies.csv, districts.csv, villages.csv")
	out := flag.String("out", "areas.tsv.zst", "output file")
	flag.Parse()
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	var rows [][2]string
	for _, f := range []struct {
		name    string
		codeLen int
	}{{"provinces.csv", 2}, {"regencies.csv", 4}, {"districts.csv", 6}, {"villages.csv", 10}} {
		recs, err := readCSV(filepath.Join(src, f.name))
		if err != nil {
			return err
		}
		for i, r := range recs {
			code := strings.ReplaceAll(r[0], ".", "")
			name := r[len(r)-1]
			if len(code) != f.codeLen || strings.Trim(code, "0123456789") != "" {
				return fmt.Errorf("%s line %d: code has %d digits, want %d", f.name, i+2, len(code), f.codeLen)
			}
			if strings.ContainsAny(name, "\t\n") || name == "" {
				return fmt.Errorf("%s line %d: empty name or name with tab/newline", f.name, i+2)
			}
			rows = append(rows, [2]string{code, name})
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
	var buf bytes.Buffer
	for i, r := range rows {
		if i > 0 && rows[i-1][0] == r[0] {
			return fmt.Errorf("duplicate code %s", r[0])
		}
		buf.WriteString(r[0])
		buf.WriteByte('\t')
		buf.WriteString(r[1])
		buf.WriteByte('\n')
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return err
	}
	data := enc.EncodeAll(buf.Bytes(), nil)
	return os.WriteFile(out, data, 0o644)
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s header: %w", path, err)
	}
	if len(header) < 2 || header[0] != "code" || header[len(header)-1] != "name" {
		return nil, fmt.Errorf("read %s: unexpected header %v", path, header)
	}
	var recs [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		recs = append(recs, rec)
	}
}
