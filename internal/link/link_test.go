package link

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/ingest"
	"github.com/telusur/telusur/internal/synth"
)

// TestLinkAccuracy measures Link's precision and recall on the synthetic
// leaks whose identifiers are damaged or absent, against the ground truth:
// a leak row is linked right when the reference row it got carries the
// row's true NIK (every synthetic person has one, and it is unique).
func TestLinkAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a registry")
	}
	ctx := context.Background()
	dir := t.TempDir()
	reg := filepath.Join(dir, "registry")
	m, err := synth.WriteRegistry(ctx, synth.RegistryOptions{Size: 30000, Seed: 5, Snapshots: synth.DefaultSnapshots(2), Out: reg, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	last := m.Snapshots[len(m.Snapshots)-1]
	ws, err := dataset.Open(filepath.Join(dir, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ref, err := ingest.Run(ctx, ingest.Options{Workspace: ws, Name: "ref", Role: "reference", Paths: []string{filepath.Join(reg, last.Dir)}, Tool: "test", Ref: last.Date})
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := OpenIndex(ctx, ws, ref.Dataset, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, sc := range []struct {
		name              string
		precision, recall float64
	}{
		{"genuine", 0.999, 0.999},
		{"masked", 0.98, 0.95},
		{"typos", 0.98, 0.95},
		{"recipient-copy", 0.98, 0.95},
		{"older-snapshot", 0.98, 0.95},
	} {
		t.Run(sc.name, func(t *testing.T) {
			out := filepath.Join(dir, sc.name)
			lm, err := synth.WriteLeak(ctx, synth.LeakOptions{Registry: reg, Scenario: sc.name, Rows: 3000, Seed: 7, Out: out, Tool: "test"})
			if err != nil {
				t.Fatal(err)
			}
			trueNIK, noNIK := readTruth(t, filepath.Join(out, synth.TruthFile))
			inRef := 0
			probe := &linker{ix: ix}
			for _, v := range trueNIK {
				if _, ok := probe.findNIK(v); ok {
					inRef++
				}
			}
			// One dataset per file, so a row's id is its row in the file.
			var matched, right int
			usedEM := false
			for i, lf := range lm.Files {
				leak, err := ingest.Run(ctx, ingest.Options{Workspace: ws, Name: sc.name + "-" + strconv.Itoa(i), Role: "leak",
					Paths: []string{filepath.Join(out, lf.Name)}, Tool: "test", Ref: lm.SnapshotTime()})
				if err != nil {
					t.Fatal(err)
				}
				// Weights estimated from the data, as verify does.
				w, info, err := Train(ctx, ws, leak.Dataset, ix, TrainOptions{Ref: last.Date})
				if err != nil {
					t.Fatal(err)
				}
				if !info.Used {
					w = nil
				}
				usedEM = usedEM || info.Used
				_, err = Link(ctx, ws, leak.Dataset, ix, Options{Ref: last.Date, Weights: w, Visit: func(r *dataset.Row, m *Match) {
					k := truthKey{lf.Name, r.RowID}
					if !m.Matched || noNIK[k] {
						return
					}
					matched++
					if want, ok := trueNIK[k]; ok && ix.rec[m.RefRow].NIK == want {
						right++
					}
				}})
				if err != nil {
					t.Fatal(err)
				}
			}
			p := float64(right) / float64(max(1, matched))
			rc := float64(right) / float64(max(1, inRef))
			t.Logf("%s: %d real people in the reference, %d matched, %d right: precision %.4f recall %.4f (EM weights: %v)", sc.name, inRef, matched, right, p, rc, usedEM)
			if p < sc.precision || rc < sc.recall {
				t.Errorf("precision %.4f (want ≥ %.2f), recall %.4f (want ≥ %.2f)", p, sc.precision, rc, sc.recall)
			}
		})
	}
}

// truthKey is a leak row by file and row, as truth files name them.
type truthKey struct {
	file string
	row  int64
}

// readTruth reads a synthetic leak's truth file: the true NIK of each real
// person's row, and the real people's rows listed without a NIK (overseas
// voters).
func readTruth(t *testing.T, path string) (trueNIK map[truthKey]uint64, noNIK map[truthKey]bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	trueNIK, noNIK = map[truthKey]uint64{}, map[truthKey]bool{}
	for _, r := range recs[1:] { // file,row,person_id,real,snapshot,nik,…
		row, _ := strconv.ParseInt(r[1], 10, 64)
		k := truthKey{r[0], row}
		if v, ok := digits(r[5]); ok && r[3] == "1" {
			trueNIK[k] = v
		} else if r[3] == "1" && r[5] == "" {
			noNIK[k] = true
		}
	}
	return trueNIK, noNIK
}
