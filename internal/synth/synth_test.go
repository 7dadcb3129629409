package synth

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
	"github.com/telusur/telusur/internal/region"
)

// testRegistry generates one registry per size and seed for the package's
// tests, so the heavier tests share it.
var (
	regMu    sync.Mutex
	regCache = map[string]string{}
)

func testRegistry(t *testing.T, size int, seed uint64, format string) string {
	t.Helper()
	regMu.Lock()
	defer regMu.Unlock()
	key := fmt.Sprint(size, seed, format)
	if dir, ok := regCache[key]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "telusur-synth-test-")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteRegistry(context.Background(), RegistryOptions{Size: size, Seed: seed, Out: dir, Format: format, Tool: "test"}); err != nil {
		t.Fatal(err)
	}
	regCache[key] = dir
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range regCache {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// readAll returns every record of a snapshot.
func readAll(t *testing.T, dir string, k int) (*RegistryManifest, []dpt.Record) {
	t.Helper()
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []dpt.Record
	if err := scanSnapshot(dir, m, &m.Snapshots[k], func(_ string, r *dpt.Record) error {
		out = append(out, *r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return m, out
}

func hashTree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", rel, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRegistryDeterministic checks the output is a function of the seed,
// whatever the number of workers.
func TestRegistryDeterministic(t *testing.T) {
	a, b, c := filepath.Join(t.TempDir(), "new"), t.TempDir(), t.TempDir()
	for _, run := range []struct {
		dir     string
		workers int
		seed    uint64
	}{{a, 1, 5}, {b, 3, 5}, {c, 2, 6}} {
		if _, err := WriteRegistry(context.Background(), RegistryOptions{Size: 3000, Seed: run.seed, Out: run.dir, Workers: run.workers, Tool: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	ha, hb, hc := hashTree(t, a), hashTree(t, b), hashTree(t, c)
	if len(ha) < 4 {
		t.Fatalf("only %d files", len(ha))
	}
	for f, h := range ha {
		if hb[f] != h {
			t.Errorf("%s differs between 1 and 3 workers", f)
		}
	}
	same := 0
	for f, h := range ha {
		if hc[f] == h {
			same++
		}
	}
	if same == len(ha) {
		t.Error("another seed gave the same files")
	}
	if st, err := os.Stat(a); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("output folder mode %v", st.Mode().Perm())
	}
}

func TestRegistrySizeExact(t *testing.T) {
	for _, size := range []int{1, 37, 2500} {
		t.Run(strconv.Itoa(size), func(t *testing.T) {
			dir := t.TempDir()
			m, err := WriteRegistry(context.Background(), RegistryOptions{Size: size, Seed: 1, Out: dir, Tool: "test", Snapshots: DefaultSnapshots(2)})
			if err != nil {
				t.Fatal(err)
			}
			if m.Snapshots[0].Rows != int64(size) {
				t.Errorf("first snapshot has %d rows, want %d", m.Snapshots[0].Rows, size)
			}
			_, recs := readAll(t, dir, 0)
			if len(recs) != size {
				t.Errorf("read %d rows, want %d", len(recs), size)
			}
		})
	}
}

// independentNIK is a second reading of the NIK rules, written apart from
// package nik and on purpose in another style (regular expression, time
// package normalisation), to check nik.Parse against.
var nikRE = regexp.MustCompile(`^([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{4})$`)

func independentNIK(s string, ref time.Time, married bool) (ok bool, birth time.Time, female bool) {
	g := nikRE.FindStringSubmatch(s)
	if g == nil {
		return false, time.Time{}, false
	}
	if _, known := region.Lookup(g[1]); !known {
		return false, time.Time{}, false
	}
	at := func(i int) int { n, _ := strconv.Atoi(g[i]); return n }
	day, month, yy, serial := at(4), at(5), at(6), at(7)
	if day > 40 {
		day -= 40
		female = true
	}
	if serial == 0 || day < 1 || day > 31 || month < 1 || month > 12 {
		return false, time.Time{}, false
	}
	allSame := true
	for i := 1; i < len(s); i++ {
		allSame = allSame && s[i] == s[0]
	}
	if allSame {
		return false, time.Time{}, false
	}
	minAge := 17
	if married {
		minAge = 13
	}
	for _, century := range []int{2000, 1900} {
		b := time.Date(century+yy, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if b.Day() != day { // time.Date normalised an impossible day
			continue
		}
		if !b.After(ref.AddDate(-minAge, 0, 0)) {
			return true, b, female
		}
	}
	return false, time.Time{}, false
}

// TestRegistryNIKs checks every generated NIK and NKK against package nik
// and against the independent reading, and the NIK against the record.
func TestRegistryNIKs(t *testing.T) {
	dir := testRegistry(t, 20000, 11, "parquet")
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	for k, s := range m.Snapshots {
		_, recs := readAll(t, dir, k)
		seen := make(map[string]bool, len(recs))
		var mismatchDOB, checked int
		for i := range recs {
			r := &recs[i]
			if r.NIK == "" {
				if !r.Overseas() {
					t.Fatalf("%s row %d: domestic voter without NIK", s.Name, i)
				}
				continue
			}
			checked++
			if seen[r.NIK] {
				t.Fatalf("%s: NIK %s repeated", s.Name, nik.Mask(r.NIK))
			}
			seen[r.NIK] = true
			married := r.MaritalStatus != dpt.Single
			n, fs := nik.Parse(r.NIK, nik.Options{Ref: s.Date, Married: married})
			iok, ib, ifem := independentNIK(r.NIK, s.Date, married)
			if nik.Valid(fs) != iok {
				t.Fatalf("%s row %d: nik.Parse valid=%v %v, independent reading %v", s.Name, i, nik.Valid(fs), fs, iok)
			}
			if !iok {
				t.Fatalf("%s row %d: generated NIK invalid: %v", s.Name, i, fs)
			}
			if !n.BirthDate.Equal(ib) || n.Female != ifem {
				t.Fatalf("%s row %d: nik.Parse birth %v female %v; independent %v %v", s.Name, i, n.BirthDate, n.Female, ib, ifem)
			}
			if ifem != (r.Sex == dpt.Female) {
				t.Fatalf("%s row %d: NIK sex disagrees with the record", s.Name, i)
			}
			if dpt.DateOf(ib) != r.BirthDate {
				mismatchDOB++
			}
			if _, fs := nik.ParseNKK(r.NKK, nik.Options{Ref: s.Date}); !nik.Valid(fs) {
				t.Fatalf("%s row %d: NKK invalid: %v", s.Name, i, fs)
			}
			if !r.Overseas() && r.NIK[:6] != r.DistrictCode && r.Remarks == "" && k == 0 {
				t.Fatalf("%s row %d: NIK region %s is not the home district", s.Name, i, r.NIK[:6])
			}
		}
		// A few birth dates were corrected after the NIK was issued.
		if rate := float64(mismatchDOB) / float64(checked); rate > 0.01 {
			t.Errorf("%s: %.2f%% of NIKs disagree with the birth date", s.Name, 100*rate)
		}
	}
}

// TestIndependentReadingOnInvalid runs both readings over hand-written
// invalid and edge-case NIKs: they must agree on every one.
func TestIndependentReadingOnInvalid(t *testing.T) {
	ref := time.Date(2023, 7, 2, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name, nik string
		married   bool
		valid     bool
	}{
		{"valid man", "3204110101800001", false, true},
		{"valid woman", "3204114101800001", false, true},
		{"short", "320411010180001", false, false},
		{"letters", "32041101018O0001", false, false},
		{"unknown province", "9904110101800001", false, false},
		{"serial zero", "3204110101800000", false, false},
		{"day 32", "3204113201800001", false, false},
		{"day 40", "3204114001800001", false, false},
		{"woman day 72", "3204117201800001", false, false},
		{"month 13", "3204110113800001", false, false},
		{"31 april", "3204113104800001", false, false},
		{"29 feb leap", "3204112902800001", false, true},
		{"29 feb 2001 too young, 1901", "3204112902010001", false, false},
		{"all ones", "1111111111111111", false, false},
		{"age 16 unmarried is 1900s", "3204110101070001", false, true},
		{"age 16 married", "3204110101070001", true, true},
		{"born 2006-07-02, 17 exactly", "3204110207060001", false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, fs := nik.Parse(c.nik, nik.Options{Ref: ref, Married: c.married})
			iok, _, _ := independentNIK(c.nik, ref, c.married)
			if nik.Valid(fs) != iok {
				t.Errorf("nik.Parse valid=%v %v; independent %v", nik.Valid(fs), fs, iok)
			}
			if iok != c.valid {
				t.Errorf("independent reading says %v, table says %v", iok, c.valid)
			}
		})
	}
}
