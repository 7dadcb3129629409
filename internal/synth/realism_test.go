package synth

import (
	"math"
	"testing"

	"github.com/telusur/telusur/internal/dpt"
)

// TestRealism checks the population's shape against published figures of
// the 2024 DPT, loosely: these are the properties later stages rely on.
func TestRealism(t *testing.T) {
	dir := testRegistry(t, 20000, 11, "parquet")
	m, recs := readAll(t, dir, len(DefaultSnapshots(3))-1)
	ref := m.Snapshots[len(m.Snapshots)-1].Date
	n := float64(len(recs))
	var women, young, old, overseas, married, single, disab int
	prov := map[string]int{}
	tps := map[[2]string]int{} // (village, tps) → voters
	kk := map[string]int{}
	names := map[string]int{}
	for i := range recs {
		r := &recs[i]
		if r.Sex == dpt.Female {
			women++
		}
		age := dpt.AgeAt(r.BirthDate.Time(), ref)
		if age < 17 && r.MaritalStatus == dpt.Single {
			t.Fatalf("row %d: unmarried voter aged %d", i, age)
		}
		switch {
		case age < 30:
			young++
		case age >= 60:
			old++
		}
		switch r.MaritalStatus {
		case dpt.Married:
			married++
		case dpt.Single:
			single++
		}
		if r.Disability != 0 {
			disab++
		}
		if r.Overseas() {
			overseas++
			if r.Passport == "" && r.NIK == "" {
				t.Fatalf("row %d: overseas voter with neither passport nor NIK", i)
			}
			continue
		}
		prov[r.ProvinceCode]++
		tps[[2]string{r.VillageCode, dpt.Pad(int(r.TPS), 3)}]++
		kk[r.NKK]++
		names[r.Name]++
	}
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s = %.4f, want within [%.4f, %.4f]", what, got, lo, hi)
		}
	}
	within("share of women", float64(women)/n, 0.47, 0.53)
	within("share aged 17-29", float64(young)/n, 0.15, 0.32)
	within("share aged 60+", float64(old)/n, 0.10, 0.22)
	within("share married", float64(married)/n, 0.50, 0.75)
	within("share never married", float64(single)/n, 0.15, 0.40)
	within("share overseas", float64(overseas)/n, 0.002, 0.02)
	within("share with disability", float64(disab)/n, 0.002, 0.012)
	// Jawa Barat holds about 17.4% of voters.
	within("share in Jawa Barat", float64(prov["32"])/n, 0.14, 0.21)
	var maxTPS, sumTPS int
	for _, v := range tps {
		maxTPS = max(maxTPS, v)
		sumTPS += v
	}
	mean := float64(sumTPS) / float64(len(tps))
	if maxTPS > 320 {
		t.Errorf("a TPS has %d voters; KPU's cap is 300 (plus late additions)", maxTPS)
	}
	within("mean voters per TPS", mean, 150, 300)
	var kkSum int
	for _, v := range kk {
		kkSum += v
	}
	within("voters per family card", float64(kkSum)/float64(len(kk)), 1.8, 3.8)
	// Common names are very common: the most frequent full name repeats.
	top := 0
	for _, v := range names {
		top = max(top, v)
	}
	if top < 5 {
		t.Errorf("most common name appears %d times in %d; real lists repeat names far more", top, len(recs))
	}
	if math.IsNaN(mean) {
		t.Fatal("no TPS")
	}
}

// TestSnapshotsChange checks that successive snapshots differ the way real
// list versions do: removals, new 17-year-olds, movers, name corrections.
func TestSnapshotsChange(t *testing.T) {
	dir := testRegistry(t, 20000, 11, "parquet")
	m, first := readAll(t, dir, 0)
	_, last := readAll(t, dir, len(m.Snapshots)-1)
	byID := map[uint64]*dpt.Record{}
	for i := range first {
		byID[first[i].PersonID] = &first[i]
	}
	var kept, moved, renamed, added int
	for i := range last {
		r := &last[i]
		o, ok := byID[r.PersonID]
		if !ok {
			added++
			if r.Remarks != dpt.RemarkNew && r.Remarks != dpt.RemarkChanged {
				// New in the last snapshot or in one between: remark B is
				// kept only where the person first appears.
				if m.Snapshots[len(m.Snapshots)-1].New == 0 {
					t.Errorf("new voter without remark")
				}
			}
			if age := dpt.AgeAt(r.BirthDate.Time(), m.Snapshots[len(m.Snapshots)-1].Date); age > 18 && r.MaritalStatus == dpt.Single {
				t.Errorf("a new voter aged %d: only 17-year-olds should join", age)
			}
			continue
		}
		kept++
		if o.NIK != r.NIK || o.BirthDate != r.BirthDate {
			t.Fatalf("person %d changed NIK or birth date between snapshots", r.PersonID)
		}
		if o.VillageCode != r.VillageCode || o.Address != r.Address || o.RT != r.RT {
			moved++
		}
		if o.Name != r.Name {
			renamed++
		}
	}
	removed := len(first) - kept
	t.Logf("first %d, last %d: %d removed, %d added, %d moved, %d renamed", len(first), len(last), removed, added, moved, renamed)
	if removed == 0 || added == 0 || moved == 0 || renamed == 0 {
		t.Errorf("snapshots should differ in every way: %d removed, %d added, %d moved, %d renamed", removed, added, moved, renamed)
	}
	if float64(removed+added+moved)/float64(len(first)) > 0.05 {
		t.Errorf("%d changes in %d rows over three months is too many", removed+added+moved, len(first))
	}
}
