package schema

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/synth"
)

// scenarioNames are the leak scenarios whose CSV files Detect is tested on.
var scenarioNames = []string{"genuine", "masked", "typos", "fabricated", "older-snapshot", "recipient-copy"}

// leakTable is the header, the first rows and the true roles of a leak.
type leakTable struct {
	header []string
	rows   [][]string
	truth  map[string]dpt.Role
}

// readLeak reads the first CSV file of a leak (header and up to 1000
// rows) and the true roles from leak.json.
func readLeak(t *testing.T, dir string) leakTable {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, synth.LeakManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m synth.LeakManifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	lt := leakTable{truth: map[string]dpt.Role{}}
	for _, c := range m.Columns {
		r, ok := dpt.ParseRole(c.Role)
		if !ok {
			t.Fatalf("leak.json: unknown role %q", c.Role)
		}
		lt.truth[c.Header] = r
	}
	var files []string
	for _, f := range m.Files {
		files = append(files, f.Name)
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("leak has no files")
	}
	f, err := os.Open(filepath.Join(dir, files[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	if lt.header, err = r.Read(); err != nil {
		t.Fatal(err)
	}
	for len(lt.rows) < 1000 {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		lt.rows = append(lt.rows, row)
	}
	return lt
}

func makeLeaks(t *testing.T) map[string]leakTable {
	t.Helper()
	ctx := context.Background()
	base := t.TempDir()
	reg := filepath.Join(base, "registry")
	if _, err := synth.WriteRegistry(ctx, synth.RegistryOptions{Size: 3000, Seed: 1, Out: reg}); err != nil {
		t.Fatal(err)
	}
	out := map[string]leakTable{}
	for _, s := range scenarioNames {
		dir := filepath.Join(base, s)
		if _, err := synth.WriteLeak(ctx, synth.LeakOptions{Registry: reg, Scenario: s, Out: dir, Rows: 500, Format: "csv"}); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		out[s] = readLeak(t, dir)
	}
	return out
}

// contentRoles must be found from the values alone when present.
var contentRoles = []dpt.Role{dpt.RoleNIK, dpt.RoleNKK, dpt.RoleName, dpt.RoleBirthDate, dpt.RoleSex, dpt.RoleRT, dpt.RoleRW}

func TestScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a registry")
	}
	leaks := makeLeaks(t)
	for _, s := range scenarioNames {
		lt := leaks[s]
		t.Run(s+"/header", func(t *testing.T) {
			sch := Detect(lt.header, true, lt.rows, nil)
			checkInvariants(t, sch, len(lt.header))
			for i, h := range lt.header {
				c := sch.Columns[i]
				want := lt.truth[h]
				if c.Role != want {
					t.Errorf("column %d %q: got %s (%s, %.2f), want %s", i, h, c.Role, c.By, c.Confidence, want)
				}
			}
			logSchema(t, sch)
		})
		t.Run(s+"/no-header", func(t *testing.T) {
			sch := Detect(nil, false, lt.rows, nil)
			checkInvariants(t, sch, len(lt.header))
			right, total := 0, 0
			for i, h := range lt.header {
				c := sch.Columns[i]
				want := lt.truth[h]
				total++
				if c.Role == want {
					right++
				} else {
					t.Logf("column %d %q: got %s (%s, %.2f), want %s", i, h, c.Role, c.By, c.Confidence, want)
				}
				if slices.Contains(contentRoles, want) && c.Role != want {
					t.Errorf("column %d %q: %s not found by content (got %s)", i, h, want, c.Role)
				}
			}
			t.Logf("%d of %d columns right without a header", right, total)
		})
	}
}

func logSchema(t *testing.T, s Schema) {
	t.Helper()
	for _, c := range s.Columns {
		t.Logf("  %2d %-16q %-15s %-15s %.2f", c.Index, c.Name, c.Role, c.By, c.Confidence)
	}
}
