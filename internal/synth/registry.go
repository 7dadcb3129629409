package synth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/region"
	"github.com/telusur/telusur/internal/synth/names"
)

// RegistryOptions say what registry to generate.
type RegistryOptions struct {
	Size      int        // voters in the first snapshot
	Seed      uint64     // everything is a function of the seed
	Snapshots []Snapshot // in date order; DefaultSnapshots(3) if empty
	Out       string     // output folder, created 0700
	Format    string     // "parquet" (default) or "csv"
	Workers   int        // parallel provinces; GOMAXPROCS if 0
	Tool      string     // tool name and version for the manifest
	// OverseasShare is the share of voters registered abroad (DPTLN);
	// DefaultOverseasShare (0.85%, as in 2024) if 0.
	OverseasShare float64
	// Progress, when set, is called after each village with the number of
	// first-snapshot rows written so far, from any worker goroutine.
	Progress func(done int64)
}

// DefaultSnapshots returns k snapshot names and dates ending with the DPT
// of the 2024 election (set on 2 July 2023): DPS, DPSHP, DPT, then
// DPTHP-1, DPTHP-2, ... every two months after it.
func DefaultSnapshots(k int) []Snapshot {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	base := []Snapshot{{"DPS", d(2023, 4, 12)}, {"DPSHP", d(2023, 5, 21)}, {"DPT", d(2023, 7, 2)}}
	switch {
	case k <= 0:
		return nil
	case k == 1:
		return base[2:]
	case k == 2:
		return []Snapshot{base[0], base[2]}
	case k == 3:
		return base
	}
	out := append([]Snapshot(nil), base...)
	for i := 1; len(out) < k; i++ {
		out = append(out, Snapshot{fmt.Sprintf("DPTHP-%d", i), base[2].Date.AddDate(0, 2*i, 0)})
	}
	return out
}

// RegistryManifest describes a generated registry; it is written as
// registry.json in the output folder and read back by leak generation.
type RegistryManifest struct {
	Tool        string             `json:"tool"`
	Seed        uint64             `json:"seed"`
	Size        int                `json:"size"`
	Format      string             `json:"format"`
	Villages    int                `json:"villages"`
	Households  int64              `json:"households"`
	Persons     int64              `json:"persons"` // including minors not yet listed
	Snapshots   []SnapshotManifest `json:"snapshots"`
	Attribution string             `json:"attribution"`
	Note        string             `json:"note"`
}

// SnapshotManifest describes one snapshot's files and what changed in it.
type SnapshotManifest struct {
	Snapshot
	Dir      string   `json:"dir"`
	Files    []string `json:"files"` // relative to Dir
	Rows     int64    `json:"rows"`
	Overseas int64    `json:"overseas_rows"`
	New      int64    `json:"new_voters"` // remark B: not in the previous snapshot
	Changed  int64    `json:"changed"`    // remark U: moved or name corrected
	Removed  int64    `json:"removed"`    // in the previous snapshot, not in this one
	Moved    int64    `json:"moved_rows"` // rows at an address other than the first snapshot's
	Renamed  int64    `json:"name_fixed"` // rows whose name differs from the previous snapshot's
}

// ManifestFile is the name of the manifest inside a registry folder.
const ManifestFile = "registry.json"

// newWorld prepares what all village generators share.
func newWorld(seed uint64, size int, snaps []Snapshot) *world {
	w := &world{seed: seed, snaps: snaps, names: names.New(), byRegency: map[string][]int{}, places: newBirthPlaces()}
	for _, s := range snaps {
		w.adultBorn = append(w.adultBorn, dpt.NewDate(s.Date.Year()-17, s.Date.Month(), s.Date.Day()))
	}
	w.villages = populate(seed, size)
	w.gaz = make([]gazetteer, len(w.villages))
	for i := range w.villages {
		w.gaz[i] = newGazetteer(seed, &w.villages[i])
		w.byRegency[w.villages[i].regency.Code] = append(w.byRegency[w.villages[i].regency.Code], i)
	}
	return w
}

// WriteRegistry generates the registry and writes every snapshot, one file
// per province and snapshot, in parallel across provinces. Memory stays
// bounded by one village per worker plus the writers' row-group buffers,
// whatever the size.
func WriteRegistry(ctx context.Context, opt RegistryOptions) (*RegistryManifest, error) {
	if opt.Size <= 0 {
		return nil, errors.New("size must be positive")
	}
	if len(opt.Snapshots) == 0 {
		opt.Snapshots = DefaultSnapshots(3)
	}
	for i := 1; i < len(opt.Snapshots); i++ {
		if !opt.Snapshots[i].Date.After(opt.Snapshots[i-1].Date) {
			return nil, errors.New("snapshot dates must increase")
		}
	}
	if len(opt.Snapshots) > 100 {
		return nil, errors.New("at most 100 snapshots")
	}
	if opt.Format == "" {
		opt.Format = "parquet"
	}
	if opt.Format != "parquet" && opt.Format != "csv" {
		return nil, fmt.Errorf("unknown registry format %q (want parquet or csv)", opt.Format)
	}
	if opt.OverseasShare < 0 || opt.OverseasShare > 0.5 {
		return nil, errors.New("overseas share must be between 0 and 0.5")
	}
	if opt.OverseasShare == 0 {
		opt.OverseasShare = DefaultOverseasShare
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	w := newWorld(opt.Seed, opt.Size, opt.Snapshots)
	w.overseasScale = opt.OverseasShare / DefaultOverseasShare
	K := len(opt.Snapshots)
	m := &RegistryManifest{
		Tool: opt.Tool, Seed: opt.Seed, Size: opt.Size, Format: opt.Format, Villages: len(w.villages),
		Attribution: region.Attribution(),
		Note:        "Synthetic data: no real person. person_id is the ground truth that links a person across snapshots and leaks.",
	}
	for k, s := range opt.Snapshots {
		sm := SnapshotManifest{Snapshot: s, Dir: fmt.Sprintf("%d-%s", k+1, s.Name)}
		if err := os.MkdirAll(filepath.Join(opt.Out, sm.Dir), 0o700); err != nil {
			return nil, err
		}
		m.Snapshots = append(m.Snapshots, sm)
	}

	// Provinces are the unit of work and of output files; the biggest go
	// first so two workers finish close together.
	type job struct {
		prov     string
		villages []int
	}
	byProv := map[string][]int{}
	for i, v := range w.villages {
		byProv[v.province.Code] = append(byProv[v.province.Code], i)
	}
	var jobs []job
	for p, vs := range byProv {
		jobs = append(jobs, job{p, vs})
	}
	sort.Slice(jobs, func(a, b int) bool {
		va, vb := len(jobs[a].villages), len(jobs[b].villages)
		if va != vb {
			return va > vb
		}
		return jobs[a].prov < jobs[b].prov
	})

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		done     atomic.Int64
		wg       sync.WaitGroup
		next     atomic.Int64
	)
	stats := make([]SnapshotManifest, K)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j := int(next.Add(1)) - 1
				if j >= len(jobs) || ctx.Err() != nil {
					return
				}
				st, hh, pp, err := w.writeProvince(ctx, opt, m, jobs[j].prov, jobs[j].villages, &done)
				if err != nil {
					fail(fmt.Errorf("province %s: %w", jobs[j].prov, err))
					return
				}
				mu.Lock()
				for k := range st {
					stats[k].Rows += st[k].Rows
					stats[k].Overseas += st[k].Overseas
					stats[k].New += st[k].New
					stats[k].Changed += st[k].Changed
					stats[k].Removed += st[k].Removed
					stats[k].Moved += st[k].Moved
					stats[k].Renamed += st[k].Renamed
				}
				m.Households += hh
				m.Persons += pp
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if opt.Progress != nil {
		opt.Progress(done.Load())
	}
	provs := make([]string, 0, len(byProv))
	for p := range byProv {
		provs = append(provs, p)
	}
	sort.Strings(provs)
	for k := range m.Snapshots {
		s := &m.Snapshots[k]
		st := stats[k]
		s.Rows, s.Overseas, s.New, s.Changed, s.Removed, s.Moved, s.Renamed = st.Rows, st.Overseas, st.New, st.Changed, st.Removed, st.Moved, st.Renamed
		for _, p := range provs {
			s.Files = append(s.Files, partName(p, opt.Format))
		}
	}
	if err := writeJSON(filepath.Join(opt.Out, ManifestFile), m); err != nil {
		return nil, err
	}
	return m, nil
}

func partName(prov, format string) string {
	ext := ".parquet"
	if format == "csv" {
		ext = ".csv"
	}
	return "prov-" + prov + ext
}

// writeProvince generates one province's villages and writes its part of
// every snapshot.
func (w *world) writeProvince(ctx context.Context, opt RegistryOptions, m *RegistryManifest, prov string, vis []int, done *atomic.Int64) (st []SnapshotManifest, households, persons int64, err error) {
	K := len(w.snaps)
	sinks := make([]recordSink, K)
	defer func() {
		for _, s := range sinks {
			if s != nil {
				if cerr := s.Close(); cerr != nil && err == nil {
					err = cerr
				}
			}
		}
	}()
	for k := range sinks {
		path := filepath.Join(opt.Out, m.Snapshots[k].Dir, partName(prov, opt.Format))
		if sinks[k], err = newSink(path, opt.Format, opt.Tool); err != nil {
			return nil, 0, 0, err
		}
	}
	st = make([]SnapshotManifest, K)
	buf := make([]dpt.Record, 0, 4096)
	var ser serials
	for _, vi := range vis {
		if err := ctx.Err(); err != nil {
			return nil, 0, 0, err
		}
		g, hs := w.generate(vi, &ser)
		households += int64(len(hs))
		for h := range hs {
			persons += int64(len(hs[h].members))
		}
		for k := 0; k < K; k++ {
			buf = buf[:0]
			for h := range hs {
				buf = g.emit(buf, &hs[h], k)
				g.count(&st[k], &hs[h], k)
				if len(buf) >= 4096 {
					if err := sinks[k].Write(buf); err != nil {
						return nil, 0, 0, err
					}
					buf = buf[:0]
				}
			}
			if err := sinks[k].Write(buf); err != nil {
				return nil, 0, 0, err
			}
		}
		n := done.Add(int64(w.villages[vi].voters))
		if opt.Progress != nil {
			opt.Progress(n)
		}
	}
	return st, households, persons, nil
}
