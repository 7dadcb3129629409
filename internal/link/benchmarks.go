package link

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"time"
)

// Benchmark is a public linkage data set with ground truth and the model
// (comparisons and blocking only: m, u and λ are estimated on it without
// labels) used on it.
type Benchmark struct {
	Name        string
	Left, Right string // paths; Right empty for a dedupe
	Model       func() *Model
	// Header, when set, names the columns by position: the NCVR files of
	// the ocp_0 setting carry a header of 19 names over rows of 5 values.
	Header []string
}

// ReadBenchTable reads a benchmark file, renaming its columns by position
// when header is set.
func ReadBenchTable(path string, header []string) (*Table, error) {
	t, err := ReadTable(path)
	if err != nil {
		return nil, err
	}
	if header != nil {
		if len(t.Columns) < len(header) {
			return nil, fmt.Errorf("%s: %d columns, want %d", path, len(t.Columns), len(header))
		}
		t.Columns = append([]string(nil), header...)
		t.Cols = t.Cols[:len(header)]
	}
	return t, nil
}

func febrlModel() *Model {
	return &Model{
		Comparisons: []Comparison{
			{Name: "given_name", Kind: KindName, Columns: []string{"given_name"}, TF: true},
			{Name: "surname", Kind: KindName, Columns: []string{"surname"}, TF: true},
			{Name: "date_of_birth", Kind: KindDate, Columns: []string{"date_of_birth"}},
			{Name: "soc_sec_id", Kind: KindCode, Columns: []string{"soc_sec_id"}},
			{Name: "street_number", Kind: KindNumber, Columns: []string{"street_number"}},
			{Name: "address_1", Kind: KindString, Columns: []string{"address_1"}},
			{Name: "address_2", Kind: KindString, Columns: []string{"address_2"}},
			{Name: "suburb", Kind: KindString, Columns: []string{"suburb"}, TF: true},
			{Name: "postcode", Kind: KindCode, Columns: []string{"postcode"}},
			{Name: "state", Kind: KindExact, Columns: []string{"state"}},
		},
		Blocking: []BlockRule{
			{"date_of_birth"},
			{"soc_sec_id"},
			{"given_name:soundex", "surname:soundex"},
			{"postcode", "surname:first2"},
			{"postcode", "given_name:first2"},
			{"address_1:first5", "street_number"},
		},
		Truth: "rec_id", TruthPattern: `rec-(\d+)`,
	}
}

func ncvrModel() *Model {
	return &Model{
		Comparisons: []Comparison{
			{Name: "givenname", Kind: KindName, Columns: []string{"givenname"}, TF: true},
			{Name: "surname", Kind: KindName, Columns: []string{"surname"}, TF: true},
			{Name: "suburb", Kind: KindString, Columns: []string{"suburb"}, TF: true},
			{Name: "postcode", Kind: KindCode, Columns: []string{"postcode"}},
		},
		Blocking: []BlockRule{
			{"givenname:soundex", "surname:soundex"},
			{"postcode", "surname:first2"},
			{"postcode", "givenname:first2"},
			{"surname:first3", "givenname:first1"},
			{"suburb:first4", "surname:last3"},
		},
		Truth: "recid",
	}
}

func splinkFakeModel() *Model {
	return &Model{
		Comparisons: []Comparison{
			{Name: "first_name", Kind: KindName, Columns: []string{"first_name"}, TF: true},
			{Name: "surname", Kind: KindName, Columns: []string{"surname"}, TF: true},
			{Name: "dob", Kind: KindDate, Columns: []string{"dob"}},
			{Name: "city", Kind: KindString, Columns: []string{"city"}, TF: true},
			{Name: "email", Kind: KindString, Columns: []string{"email"}},
		},
		// Splink's own demo blocks this small table on single columns.
		Blocking: []BlockRule{
			{"first_name"},
			{"surname"},
			{"dob"},
			{"email"},
		},
		Dedupe: true, Truth: "cluster",
	}
}

func historicalModel() *Model {
	return &Model{
		Comparisons: []Comparison{
			{Name: "first_name", Kind: KindName, Columns: []string{"first_name"}, TF: true, Swap: "surname"},
			{Name: "surname", Kind: KindName, Columns: []string{"surname"}, TF: true, Swap: "first_name"},
			{Name: "dob", Kind: KindDate, Columns: []string{"dob"}, TF: true},
			{Name: "birth_place", Kind: KindString, Columns: []string{"birth_place"}, TF: true},
			{Name: "postcode_fake", Kind: KindPostcode, Columns: []string{"postcode_fake"}},
			{Name: "gender", Kind: KindExact, Columns: []string{"gender"}},
			{Name: "occupation", Kind: KindExact, Columns: []string{"occupation"}, TF: true},
		},
		Blocking: []BlockRule{
			{"first_name:first3", "surname:first4"},
			{"surname", "dob"},
			{"first_name", "dob"},
			{"postcode_fake", "first_name"},
			{"postcode_fake", "surname"},
			{"dob", "birth_place"},
			{"postcode_fake:first3", "dob"},
			{"postcode_fake:first3", "first_name"},
			{"postcode_fake:first3", "surname"},
			{"first_name:first2", "surname:first2", "dob:year"},
		},
		Dedupe: true, Truth: "cluster",
	}
}

// Benchmarks lists the public benchmarks under dir (the layout of
// shared/data/linkage-benchmarks).
func Benchmarks(dir string) []Benchmark {
	f := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
	bs := []Benchmark{
		{Name: "febrl4a×4b", Left: f("febrl", "dataset4a.csv"), Right: f("febrl", "dataset4b.csv"), Model: febrlModel},
		{Name: "febrl3 (dedupe)", Left: f("febrl", "dataset3.csv"), Model: func() *Model { m := febrlModel(); m.Dedupe = true; return m }},
	}
	for _, ocp := range []int{0, 20, 40} {
		for _, pair := range [][2]int{{0, 1}, {2, 3}} {
			name := func(k int) string { return fmt.Sprintf("ncvr_numrec_5000_modrec_2_ocp_%d_myp_%d_nump_5.csv", ocp, k) }
			bs = append(bs, Benchmark{Name: fmt.Sprintf("ncvr ocp%d %d×%d", ocp, pair[0], pair[1]), Left: f("ncvr", name(pair[0])), Right: f("ncvr", name(pair[1])), Model: ncvrModel,
				Header: []string{"recid", "givenname", "surname", "suburb", "postcode"}})
		}
	}
	bs = append(bs,
		Benchmark{Name: "splink fake_1000 (dedupe)", Left: f("splink", "fake_1000.csv"), Model: splinkFakeModel},
		Benchmark{Name: "splink historical_50k (dedupe)", Left: f("splink", "historical_figures_with_errors_50k.parquet"), Model: historicalModel},
	)
	return bs
}

// BenchResult is one benchmark's outcome.
type BenchResult struct {
	Name     string     `json:"name"`
	Rows     [2]int     `json:"rows"`
	Block    BlockStats `json:"blocking"`
	Pairs    Metrics    `json:"pairs"`              // accepted pairs (after one-to-one when linking)
	Clusters *Metrics   `json:"clusters,omitempty"` // dedupe: pairs implied by the clusters
	// Scored (dedupe) counts, as Splink's published figures do, every
	// true pair as scored, whether blocking found it or not.
	Scored  *Metrics      `json:"scored,omitempty"`
	Train   time.Duration `json:"train_ns"`
	Predict time.Duration `json:"predict_ns"`
	Total   time.Duration `json:"total_ns"`
	Model   *Model        `json:"model"`
}

// Run reads a benchmark's tables, trains without labels, predicts and
// scores against the truth.
func (b Benchmark) Run(ctx context.Context) (*BenchResult, error) {
	start := time.Now()
	m := b.Model()
	l, err := ReadBenchTable(b.Left, b.Header)
	if err != nil {
		return nil, err
	}
	var r *Table
	if b.Right != "" {
		if r, err = ReadBenchTable(b.Right, b.Header); err != nil {
			return nil, err
		}
	}
	res, err := RunModel(ctx, m, l, r)
	if err != nil {
		return nil, err
	}
	res.Name = b.Name
	res.Total = time.Since(start)
	return res, nil
}

// RunModel links l and r (r nil: dedupe l) with m, training it first when
// it has no parameters, and scores against m.Truth when set.
func RunModel(ctx context.Context, m *Model, l, r *Table) (*BenchResult, error) {
	start := time.Now()
	lk, err := NewLinker(m, l, r)
	if err != nil {
		return nil, err
	}
	res := &BenchResult{Model: m, Rows: [2]int{lk.nl, lk.nr}}
	if r == nil {
		res.Rows[1] = 0
	}
	if !m.Trained() {
		tr, err := lk.Train(ctx)
		if err != nil {
			return nil, err
		}
		res.Train = tr.Duration
	}
	p, err := lk.Predict(ctx)
	if err != nil {
		return nil, err
	}
	res.Predict, res.Block = p.Duration, p.Block
	if m.Truth != "" {
		lt, err := TruthIDs(l, m.Truth, m.TruthPattern)
		if err != nil {
			return nil, err
		}
		if lk.dedupe {
			res.Pairs = EvaluatePairs(p.Pairs, lt)
			c := EvaluateClusters(p.Clusters, lt)
			res.Clusters = &c
			sc := EvaluateScored(p.Pairs, lt, lk.Weight, WeightFor(m.Threshold))
			res.Scored = &sc
		} else {
			rt, err := TruthIDs(r, m.Truth, m.TruthPattern)
			if err != nil {
				return nil, err
			}
			res.Pairs = EvaluateLinks(p.Pairs, lt, rt)
		}
	}
	res.Total = time.Since(start)
	runtime.KeepAlive(lk)
	return res, nil
}
