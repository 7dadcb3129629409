package synth

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
)

func readCSVFile(t *testing.T, path string, comma rune) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = comma
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

type truthRow struct {
	file   string
	row    int
	person uint64
	real   bool
	tags   string
	nik    string
	name   string
	dob    string
}

func readTruth(t *testing.T, dir string) []truthRow {
	rows := readCSVFile(t, filepath.Join(dir, TruthFile), ',')
	if strings.Join(rows[0], ",") != strings.Join(TruthColumns, ",") {
		t.Fatalf("truth header %v", rows[0])
	}
	var out []truthRow
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[1])
		id, _ := strconv.ParseUint(r[2], 10, 64)
		out = append(out, truthRow{file: r[0], row: n, person: id, real: r[3] == "1", nik: r[5], name: r[6], dob: r[7], tags: r[8]})
	}
	return out
}

func makeLeak(t *testing.T, reg, scenario string, rows int, format string) (*LeakManifest, string) {
	t.Helper()
	out := t.TempDir()
	m, err := WriteLeak(context.Background(), LeakOptions{Registry: reg, Scenario: scenario, Out: out, Seed: 3, Rows: rows, Format: format, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return m, out
}

// index maps person → record of a snapshot.
func index(t *testing.T, reg string, k int) map[uint64]dpt.Record {
	_, recs := readAll(t, reg, k)
	out := make(map[uint64]dpt.Record, len(recs))
	for _, r := range recs {
		out[r.PersonID] = r
	}
	return out
}

func TestLeakGenuine(t *testing.T) {
	reg := testRegistry(t, 20000, 11, "parquet")
	m, dir := makeLeak(t, reg, "genuine", 2000, "")
	last := index(t, reg, 2)
	rows := readCSVFile(t, filepath.Join(dir, m.Files[0].Name), ',')
	truth := readTruth(t, dir)
	if int64(len(rows)-1) != m.Rows || len(truth) != len(rows)-1 {
		t.Fatalf("%d data rows, manifest %d, truth %d", len(rows)-1, m.Rows, len(truth))
	}
	if m.Rows < 1700 || m.Rows > 2300 {
		t.Errorf("asked for about 2000 rows, got %d", m.Rows)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, tr := range truth {
		rec, ok := last[tr.person]
		if !ok || !tr.real {
			t.Fatalf("truth row %d: person %d not in the latest snapshot", i, tr.person)
		}
		row := rows[tr.row]
		if row[col["NIK"]] != rec.NIK || row[col["NAMA"]] != rec.Name || row[col["NKK"]] != rec.NKK {
			t.Fatalf("row %d differs from the registry", tr.row)
		}
		if want := formatDate(rec.BirthDate, "pipe"); row[col["TANGGAL LAHIR"]] != want {
			t.Fatalf("row %d: date %q, want %q", tr.row, row[col["TANGGAL LAHIR"]], want)
		}
		if tr.nik != rec.NIK || tr.name != rec.Name || tr.dob != rec.BirthDate.String() {
			t.Fatalf("truth row %d does not carry the person's values", i)
		}
	}
	roles := map[string]string{}
	for _, c := range m.Columns {
		roles[c.Header] = c.Role
	}
	if roles["NIK"] != "nik" || roles["TANGGAL LAHIR"] != "birth_date" || roles["KELURAHAN"] != "village" {
		t.Errorf("column truth %v", m.Columns)
	}
}

func TestLeakDeterministic(t *testing.T) {
	reg := testRegistry(t, 20000, 11, "parquet")
	_, a := makeLeak(t, reg, "typos", 1000, "")
	_, b := makeLeak(t, reg, "typos", 1000, "")
	ha, hb := hashTree(t, a), hashTree(t, b)
	for f, h := range ha {
		if hb[f] != h {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
	}
}

func TestLeakMasked(t *testing.T) {
	reg := testRegistry(t, 20000, 11, "parquet")
	m, dir := makeLeak(t, reg, "masked", 1000, "")
	rows := readCSVFile(t, filepath.Join(dir, m.Files[0].Name), ',')
	for _, tr := range readTruth(t, dir) {
		got := rows[tr.row][1]
		if tr.nik == "" {
			continue // overseas voter without NIK
		}
		if !nik.IsMasked(got) || len(got) != 16 {
			t.Fatalf("row %d: NIK not masked", tr.row)
		}
		for i := range got {
			if got[i] != '*' && got[i] != tr.nik[i] {
				t.Fatalf("row %d: visible digit %d differs from the true NIK", tr.row, i)
			}
		}
	}
}

func TestLeakTypos(t *testing.T) {
	reg := testRegistry(t, 20000, 11, "parquet")
	m, dir := makeLeak(t, reg, "typos", 3000, "")
	rows := readCSVFile(t, filepath.Join(dir, m.Files[0].Name), ',')
	changedNames, changedNIK := 0, 0
	for _, tr := range readTruth(t, dir) {
		row := rows[tr.row]
		if row[2] != tr.name {
			changedNames++
			if !strings.Contains(tr.tags, "name_") {
				t.Fatalf("row %d: name changed without a name_ tag", tr.row)
			}
		}
		if row[1] != tr.nik {
			changedNIK++
			if !strings.Contains(tr.tags, "nik_typo") {
				t.Fatalf("row %d: NIK changed without a tag", tr.row)
			}
		}
	}
	for _, tag := range []string{"name_title", "name_abbrev", "nik_typo", "sex_word"} {
		if m.Perturbations[tag] == 0 {
			t.Errorf("no %s perturbation in %d rows: %v", tag, m.Rows, m.Perturbations)
		}
	}
	if share := float64(changedNames) / float64(m.Rows); share < 0.10 || share > 0.35 {
		t.Errorf("%.1f%% of names changed", 100*share)
	}
	if changedNIK == 0 {
		t.Error("no NIK typos")
	}
}

func TestLeakFabricated(t *testing.T) {
	reg := testRegistry(t, 20000, 11, "parquet")
	m, dir := makeLeak(t, reg, "fabricated", 3000, "")
	last := index(t, reg, 2)
	niks := map[string]bool{}
	for _, r := range last {
		niks[r.NIK] = true
	}
	rows := readCSVFile(t, filepath.Join(dir, m.Files[0].Name), ',')
	if share := float64(m.RealRows) / float64(m.Rows); share < 0.01 || share > 0.06 {
		t.Errorf("real share %.3f, want about 0.03", share)
	}
	var fake, structurallyValid, inRegistry int
	for _, tr := range readTruth(t, dir) {
		row := rows[tr.row]
		if tr.real {
			if row[1] != last[tr.person].NIK {
				t.Fatalf("real row %d altered", tr.row)
			}
			continue
		}
		fake++
		if niks[row[1]] {
			inRegistry++
		}
		if _, fs := nik.Parse(row[1], nik.Options{Ref: m.snapDate(t)}); nik.Valid(fs) {
			structurallyValid++
		}
	}
	if fake != int(m.FakeRows) || fake == 0 {
		t.Fatalf("%d fake rows, manifest says %d", fake, m.FakeRows)
	}
	if inRegistry > fake/100 {
		t.Errorf("%d fabricated NIKs are real registry NIKs", inRegistry)
	}
	// Valid-looking: most pass the structural checks.
	if share := float64(structurallyValid) / float64(fake); share < 0.8 {
		t.Errorf("only %.2f of fake NIKs look valid", share)
	}
}

func (m *LeakManifest) snapDate(t *testing.T) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, m.SnapshotDate)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLeakOlderSnapshot(t *testing.T) {
	reg := testRegistry(t, 20000, 11, "parquet")
	m, dir := makeLeak(t, reg, "older-snapshot", 2000, "")
	if m.Snapshot != "DPS" {
		t.Errorf("older-snapshot leaked %s", m.Snapshot)
	}
	first := index(t, reg, 0)
	for _, tr := range readTruth(t, dir) {
		if _, ok := first[tr.person]; !ok {
			t.Fatalf("person %d not in the first snapshot", tr.person)
		}
	}
}

func TestLeakRecipientCopy(t *testing.T) {
	t.Run("seeded regency", func(t *testing.T) { testRecipientCopy(t, testRegistry(t, 20000, 11, "parquet"), 800, "") })
	// A whole regency in which someone moved between villages: the mover's
	// rows are not next to their new village's in the registry. It takes a
	// registry with several villages per regency.
	reg := testRegistry(t, 200000, 2024, "parquet")
	first, last := index(t, reg, 0), index(t, reg, 2)
	region := ""
	for id, r := range last {
		if o, ok := first[id]; ok && o.RegencyCode == r.RegencyCode && o.VillageCode != r.VillageCode {
			region = r.RegencyCode
			break
		}
	}
	if region == "" {
		t.Fatal("no mover between villages of one regency in the test registry")
	}
	t.Run("regency with movers", func(t *testing.T) { testRecipientCopy(t, reg, 1<<30, region) })
}

func testRecipientCopy(t *testing.T, reg string, want int, region string) {
	out := t.TempDir()
	m, err := WriteLeak(context.Background(), LeakOptions{Registry: reg, Scenario: "recipient-copy", Out: out, Seed: 3, Rows: want, Region: region, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	dir := out
	if len(m.Columns) != 7 {
		t.Fatalf("%d columns, want 7", len(m.Columns))
	}
	last := index(t, reg, len(DefaultSnapshots(3))-1)
	regency := m.Params["region"]
	files := map[string][][]string{}
	for _, tr := range readTruth(t, dir) {
		rows, ok := files[tr.file]
		if !ok {
			rows = readCSVFile(t, filepath.Join(dir, tr.file), ',')
			files[tr.file] = rows
		}
		rec := last[tr.person]
		if rec.RegencyCode != regency || !strings.Contains(tr.file, rec.VillageCode) {
			t.Fatalf("row from regency %s village %s in file %s", rec.RegencyCode, rec.VillageCode, tr.file)
		}
		if rows[tr.row][0] != rec.Name || rows[tr.row][3] != rec.Address {
			t.Fatalf("%s row %d differs from the registry", tr.file, tr.row)
		}
	}
	if len(files) == 0 || m.Rows == 0 {
		t.Fatal("empty copy")
	}
}

func TestLeakMixedFormats(t *testing.T) {
	reg := testRegistry(t, 20000, 11, "parquet")
	m, dir := makeLeak(t, reg, "mixed", 3000, "")
	if len(m.Files) != len(mixedFormats) {
		t.Fatalf("%d files", len(m.Files))
	}
	var sum int64
	for _, f := range m.Files {
		sum += f.Rows
		if f.Rows == 0 {
			t.Errorf("%s is empty", f.Name)
		}
		st, err := os.Stat(filepath.Join(dir, f.Name))
		if err != nil || st.Size() == 0 {
			t.Errorf("%s missing", f.Name)
		}
	}
	if sum != m.Rows {
		t.Errorf("files hold %d rows, manifest %d", sum, m.Rows)
	}
	// The zip holds one CSV per province part.
	for _, f := range m.Files {
		if f.Format != "zip-provinces" {
			continue
		}
		z, err := zip.OpenReader(filepath.Join(dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if len(z.File) < 5 || !strings.HasPrefix(z.File[0].Name, "DPT_") {
			t.Errorf("zip entries: %d, first %q", len(z.File), z.File[0].Name)
		}
		z.Close()
	}
}

func TestLeakFromCSVRegistry(t *testing.T) {
	reg := testRegistry(t, 3000, 4, "csv")
	m, dir := makeLeak(t, reg, "genuine", 500, "ndjson")
	if m.Rows == 0 || len(readTruth(t, dir)) != int(m.Rows) {
		t.Fatalf("rows %d", m.Rows)
	}
}

func TestLeakErrors(t *testing.T) {
	reg := testRegistry(t, 3000, 4, "parquet")
	for _, o := range []LeakOptions{
		{Registry: reg, Scenario: "nope"},
		{Registry: t.TempDir(), Scenario: "genuine"},
		{Registry: reg, Scenario: "genuine", Format: "pdf"},
		{Registry: reg, Scenario: "genuine", Snapshot: "DPTX"},
		{Registry: reg, Scenario: "recipient-copy", Region: "9999"},
	} {
		o.Out = t.TempDir()
		if _, err := WriteLeak(context.Background(), o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}

func TestFormatDate(t *testing.T) {
	d := dpt.NewDate(1980, 1, 5)
	want := map[string]string{
		"pipe": "05|01|1980", "dmy-dash": "05-01-1980", "dmy-slash": "05/01/1980", "iso": "1980-01-05",
		"dmy-compact": "05011980", "indonesian": "5 JANUARI 1980", "excel": "29225",
	}
	for style, w := range want {
		if got := formatDate(d, style); got != w {
			t.Errorf("%s: %q, want %q", style, got, w)
		}
	}
}
