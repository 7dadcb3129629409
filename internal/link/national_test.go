package link

import (
	"cmp"
	"context"
	"os"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/dataset"
)

// TestNationalAccuracy measures precision and recall of Train and Link on
// a leak of a national-size benchmark run, against its ground truth. It
// runs only when told where (bench/national.sh leaves such a workspace):
//
//	TELUSUR_ACC_WS=DIR TELUSUR_ACC_LEAK=masked TELUSUR_ACC_TRUTH=.../truth.csv \
//	  go test -run NationalAccuracy -v ./internal/link
//
// The reference dataset must be called "ref"; TELUSUR_ACC_DATE is the
// snapshot's date (default 2023-07-02, the synthetic DPT's).
func TestNationalAccuracy(t *testing.T) {
	wsDir, name, truth := os.Getenv("TELUSUR_ACC_WS"), os.Getenv("TELUSUR_ACC_LEAK"), os.Getenv("TELUSUR_ACC_TRUTH")
	if wsDir == "" || name == "" || truth == "" {
		t.Skip("TELUSUR_ACC_WS, TELUSUR_ACC_LEAK and TELUSUR_ACC_TRUTH not set")
	}
	refDate, err := time.Parse(time.DateOnly, cmp.Or(os.Getenv("TELUSUR_ACC_DATE"), "2023-07-02"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ws, err := dataset.Open(wsDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ref, err := ws.Dataset(ctx, "ref")
	if err != nil {
		t.Fatal(err)
	}
	leak, err := ws.Dataset(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	ix, _, err := OpenIndex(ctx, ws, ref, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// One leak file: a row's id is its row in the file, whatever the file.
	byKey, noKey := readTruth(t, truth)
	trueNIK, noNIK := map[int64]uint64{}, map[int64]bool{}
	inRef := 0
	probe := &linker{ix: ix}
	for k, v := range byKey {
		trueNIK[k.row] = v
		if _, ok := probe.findNIK(v); ok {
			inRef++
		}
	}
	for k := range noKey {
		noNIK[k.row] = true
	}
	w, info, err := Train(ctx, ws, leak, ix, TrainOptions{Ref: refDate})
	if err != nil {
		t.Fatal(err)
	}
	if !info.Used {
		w = nil
	}
	var matched, right int
	_, err = Link(ctx, ws, leak, ix, Options{Ref: refDate, Weights: w, Visit: func(r *dataset.Row, m *Match) {
		if !m.Matched || noNIK[r.RowID] {
			return
		}
		matched++
		if want, ok := trueNIK[r.RowID]; ok && ix.rec[m.RefRow].NIK == want {
			right++
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	p, rc := float64(right)/float64(max(1, matched)), float64(right)/float64(max(1, inRef))
	t.Logf("%d real people in the reference, %d matched, %d right: precision %.5f recall %.5f (EM used: %v, %d block pairs)",
		inRef, matched, right, p, rc, info.Used, info.Pairs)
	if p < 0.999 || rc < 0.99 {
		t.Errorf("precision %.5f (want ≥ 0.999), recall %.5f (want ≥ 0.99)", p, rc)
	}
}
