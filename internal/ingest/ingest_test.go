package ingest

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/normalize"
	"github.com/telusur/telusur/internal/synth"
)

type truthRow struct {
	file string
	real bool
	nik  string
	name string
	dob  string
	tags string
}

func readTruth(t *testing.T, dir string) []truthRow {
	f, err := os.Open(filepath.Join(dir, synth.TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []truthRow
	for _, r := range rows[1:] {
		out = append(out, truthRow{file: r[0], real: r[3] == "1", nik: r[5], name: r[6], dob: r[7], tags: r[8]})
	}
	return out
}

// fileOf is the leak file a table came from: the base name of the path
// before any archive member or table suffix.
func fileOf(table string) string {
	if i := strings.Index(table, "!/"); i >= 0 {
		table = table[:i]
	}
	if i := strings.LastIndex(table, "#"); i >= 0 {
		table = table[:i]
	}
	return filepath.Base(table)
}

// TestScenarios ingests every synthetic leak scenario and checks the column
// roles against leak.json and the values against truth.csv.
func TestScenarios(t *testing.T) {
	ctx := context.Background()
	reg := t.TempDir()
	if _, err := synth.WriteRegistry(ctx, synth.RegistryOptions{Size: 4000, Seed: 21, Out: reg, Tool: "test"}); err != nil {
		t.Fatal(err)
	}
	ws, err := dataset.Open(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	for _, sc := range synth.Scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			out := t.TempDir()
			lm, err := synth.WriteLeak(ctx, synth.LeakOptions{Registry: reg, Scenario: sc.Name, Out: out, Seed: 5, Rows: 600, Tool: "test"})
			if err != nil {
				t.Fatal(err)
			}
			var paths []string
			for _, f := range lm.Files {
				paths = append(paths, filepath.Join(out, f.Name))
			}
			ref, _ := time.Parse(time.DateOnly, lm.SnapshotDate)
			res, err := Run(ctx, Options{Workspace: ws, Name: sc.Name, Role: "leak", Paths: paths, Tool: "test", Ref: ref})
			if err != nil {
				t.Fatal(err)
			}
			if res.Dataset.RowsRead != lm.Rows || res.Dataset.RowsRejected != 0 {
				t.Errorf("read %d (leak has %d), rejected %d", res.Dataset.RowsRead, lm.Rows, res.Dataset.RowsRejected)
			}
			truthRole := map[string]string{}
			for _, c := range lm.Columns {
				truthRole[c.Header] = c.Role
			}
			srcs, err := ws.Sources(ctx, res.Dataset)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range srcs {
				for _, tb := range s.Tables {
					for _, c := range tb.Columns {
						if want := truthRole[c.Name]; c.Role != want {
							t.Errorf("%s: column %q detected as %s (by %s, %.2f), is %s", fileOf(tb.Name), c.Name, c.Role, c.By, c.Confidence, want)
						}
					}
				}
			}
			// Rows come back in the order of the truth, file by file.
			var rows []dataset.Row
			if err := ws.Scan(res.Dataset, func(b []dataset.Row) error { rows = append(rows, b...); return nil }); err != nil {
				t.Fatal(err)
			}
			sort.Slice(rows, func(i, j int) bool { return rows[i].RowID < rows[j].RowID })
			byFile := map[string][]dataset.Row{}
			for _, r := range rows {
				f := fileOf(srcs[r.Source-1].Tables[r.Table-1].Name)
				byFile[f] = append(byFile[f], r)
			}
			seen := map[string]int{}
			var nikOK, nameOK, dobOK, n int
			for _, tr := range readTruth(t, out) {
				f := filepath.Base(strings.SplitN(tr.file, "/", 2)[0])
				if sc.Name == "recipient-copy" {
					f = filepath.Base(tr.file)
				}
				k := seen[f]
				seen[f]++
				if k >= len(byFile[f]) {
					t.Fatalf("%s: truth row %d has no dataset row", f, k)
				}
				r := byFile[f][k]
				if !tr.real {
					continue
				}
				n++
				switch {
				case sc.Name == "recipient-copy":
					nikOK++
				case r.NIKMasked:
					ok := len(r.NIK) == len(tr.nik)
					for i := 0; ok && i < len(r.NIK); i++ {
						ok = r.NIK[i] == '*' || r.NIK[i] == tr.nik[i]
					}
					if ok {
						nikOK++
					}
				case r.NIK == tr.nik || strings.Contains(tr.tags, "nik_typo"):
					nikOK++
				}
				// A mistyped letter or a word cut to its initial changes the
				// key on purpose; every other name must keep it.
				if normalize.PersonName(tr.name).Key == r.NameKey {
					nameOK++
				} else if !strings.Contains(tr.tags, "name_typo") && !strings.Contains(tr.tags, "name_ocr") && !strings.Contains(tr.tags, "name_abbrev") {
					t.Errorf("name key differs from the truth's with tags %q", tr.tags)
				}
				if sc.Name == "recipient-copy" || (r.BirthDate != nil && r.BirthDate.String() == tr.dob) || strings.Contains(tr.tags, "dob_") {
					dobOK++
				}
			}
			rate := func(k int) float64 { return float64(k) / float64(max(n, 1)) }
			t.Logf("%d real rows: NIK %.4f, name key %.4f, birth date %.4f", n, rate(nikOK), rate(nameOK), rate(dobOK))
			if rate(nikOK) < 1 || rate(dobOK) < 1 {
				t.Errorf("NIK %.4f or birth date %.4f below 1", rate(nikOK), rate(dobOK))
			}
			wantName := 1.0
			if sc.Name == "typos" {
				wantName = 0.85 // about 8% typos and 6% abbreviations, by design
			}
			if rate(nameOK) < wantName {
				t.Errorf("name keys agree for %.4f, want ≥ %.2f", rate(nameOK), wantName)
			}
		})
	}
}

// TestReingestSkipped checks a file already in the dataset is not read twice.
func TestReingestSkipped(t *testing.T) {
	ctx := context.Background()
	ws, err := dataset.Open(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	p := filepath.Join(t.TempDir(), "a.csv")
	os.WriteFile(p, []byte("NIK,NAMA,TGL_LAHIR\n3204110101800001,SITI AMINAH,01-01-1980\n,,\n3204110101800002,BUDI,02-01-1980\n"), 0o600)
	opt := Options{Workspace: ws, Name: "a", Role: "leak", Paths: []string{p}, Tool: "test"}
	r1, err := Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if r1.Dataset.RowsRead != 3 || r1.Dataset.RowsAccepted != 2 || r1.Dataset.RowsRejected != 1 {
		t.Fatalf("counts %+v", r1.Dataset)
	}
	r2, err := Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(r2.Skipped) != 1 || len(r2.Sources) != 0 || r2.Dataset.RowsRead != 3 {
		t.Errorf("re-ingest: skipped %d, sources %d, rows %d", len(r2.Skipped), len(r2.Sources), r2.Dataset.RowsRead)
	}
	opt.Force = true
	r3, err := Run(ctx, opt)
	if err != nil || r3.Dataset.RowsRead != 6 {
		t.Errorf("forced re-ingest: %v, %d rows", err, r3.Dataset.RowsRead)
	}
	_ = strconv.Itoa
	_ = dpt.RoleNIK
}

// TestFolderWithNonTables checks files that hold no table are reported,
// not silently dropped, and do not stop the ingest.
func TestFolderWithNonTables(t *testing.T) {
	ctx := context.Background()
	ws, err := dataset.Open(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("NIK;NAMA\n3204110101800001;SITI AMINAH\n3204110101800002;BUDI\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "scan.pdf"), append([]byte("%PDF-1.7\n\x00\x01\x02\xff\xfe"), make([]byte, 300)...), 0o600)
	os.MkdirAll(filepath.Join(dir, "__MACOSX"), 0o700)
	os.WriteFile(filepath.Join(dir, "__MACOSX", "._a.csv"), []byte("\x00\x05\x16\x07junk"), 0o600)
	res, err := Run(ctx, Options{Workspace: ws, Name: "folder", Role: "leak", Paths: []string{dir}, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Dataset.RowsAccepted != 2 {
		t.Errorf("%d rows accepted, want 2", res.Dataset.RowsAccepted)
	}
	srcs, _ := ws.Sources(ctx, res.Dataset)
	skips := strings.Join(srcs[0].Skips, "\n")
	if !strings.Contains(skips, "scan.pdf") || !strings.Contains(skips, "__MACOSX") {
		t.Errorf("skips not recorded: %q", skips)
	}
}

// TestFailedIngestLeavesNoEmptyDataset: a first source that cannot be read
// must not leave an empty dataset in the catalogue.
func TestFailedIngestLeavesNoEmptyDataset(t *testing.T) {
	ctx := context.Background()
	ws, err := dataset.Open(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	p := filepath.Join(t.TempDir(), "bad.bin")
	os.WriteFile(p, []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2}, 0o600) // truncated gzip
	if _, err := Run(ctx, Options{Workspace: ws, Name: "bad", Role: "leak", Paths: []string{p}, Tool: "test"}); err == nil {
		t.Fatal("truncated gzip ingested without error")
	}
	if ds, _ := ws.Datasets(ctx); len(ds) != 0 {
		t.Errorf("failed ingest left %d dataset(s)", len(ds))
	}
}

// TestMapOverrides checks --map by header name and by column number wins
// over detection.
func TestMapOverrides(t *testing.T) {
	ctx := context.Background()
	ws, err := dataset.Open(filepath.Join(t.TempDir(), "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	p := filepath.Join(t.TempDir(), "m.csv")
	os.WriteFile(p, []byte("A,B,C\n3204110101800001,SITI AMINAH,X1\n3204110101800002,BUDI SANTOSO,X2\n3204110101800003,SRI WAHYUNI,X3\n"), 0o600)
	res, err := Run(ctx, Options{Workspace: ws, Name: "m", Role: "leak", Paths: []string{p}, Tool: "test",
		Map: map[string]dpt.Role{"B": dpt.RoleRemarks, "3": dpt.RolePassport}})
	if err != nil {
		t.Fatal(err)
	}
	srcs, _ := ws.Sources(ctx, res.Dataset)
	got := map[string]string{}
	for _, c := range srcs[0].Tables[0].Columns {
		got[c.Name] = c.Role + "/" + c.By
	}
	if got["A"] != "nik/content" || !strings.HasPrefix(got["B"], "remarks/") || !strings.HasPrefix(got["C"], "passport/") {
		t.Errorf("roles %v", got)
	}
}

// TestSameRowsAnyWorkers ingests one file, big enough for several chunks,
// with empty lines, ragged rows, quoted fields and a line break inside
// quotes (after which reading goes serial), with 1 and 3 workers: row ids,
// lines, values and reject counts must not depend on the worker count, and
// row ids must follow the lines.
func TestSameRowsAnyWorkers(t *testing.T) {
	ctx := context.Background()
	var b strings.Builder
	b.WriteString("NIK,NAMA,TGL_LAHIR,KET\n")
	for i := range 100000 {
		switch {
		case i%997 == 0:
			b.WriteString("\n")
		case i%1009 == 0:
			b.WriteString("3204110101800001,ragged\n")
		case i%1013 == 0:
			fmt.Fprintf(&b, "32041101018%05d,\"SITI, AMINAH\",01-01-1980,\"kata \"\"x\"\"\"\n", i)
		case i == 90000:
			b.WriteString("3204110101800001,BUDI,02-01-1980,\"dua\nbaris\"\n")
		}
		fmt.Fprintf(&b, "32041101018%05d,NAMA KE %d,%02d-01-1980,\n", i, i, 1+i%28)
	}
	p := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var first []dataset.Row
	var firstDS *dataset.Dataset
	for _, workers := range []int{1, 3} {
		ws, err := dataset.Open(filepath.Join(t.TempDir(), "ws"))
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		res, err := Run(ctx, Options{Workspace: ws, Name: "big", Role: "leak", Paths: []string{p}, Tool: "test", Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var rows []dataset.Row
		if err := ws.Scan(res.Dataset, func(b []dataset.Row) error { rows = append(rows, b...); return nil }); err != nil {
			t.Fatal(err)
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].RowID < rows[j].RowID })
		for i := 1; i < len(rows); i++ {
			if rows[i].Line <= rows[i-1].Line {
				t.Fatalf("%d workers: row ids %d, %d on lines %d, %d", workers, rows[i-1].RowID, rows[i].RowID, rows[i-1].Line, rows[i].Line)
			}
		}
		if first == nil {
			first, firstDS = rows, res.Dataset
			if d := res.Dataset; d.RowsRead != d.RowsAccepted+d.RowsRejected || d.RowsRejected == 0 || d.RowsAccepted < 100000 {
				t.Fatalf("counts %+v", d)
			}
			continue
		}
		if d := res.Dataset; d.RowsRead != firstDS.RowsRead || d.RowsRejected != firstDS.RowsRejected {
			t.Errorf("%d workers: counts %+v, 1 worker %+v", workers, d, firstDS)
		}
		if len(rows) != len(first) {
			t.Fatalf("%d workers: %d rows, 1 worker %d", workers, len(rows), len(first))
		}
		for i := range rows {
			if !reflect.DeepEqual(rows[i], first[i]) {
				t.Fatalf("%d workers, row %d:\n%+v\n1 worker:\n%+v", workers, i, rows[i], first[i])
			}
		}
	}
}
