package link

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Model is a Fellegi–Sunter linkage model: what is compared and how
// (Comparisons, with their m and u per level once trained), which pairs
// are compared (Blocking), the prior λ, and how pairs are accepted. It is
// the run's parameters too: saved as JSON and loaded again, it repeats a
// run without training (see LoadModel).
type Model struct {
	Comparisons []Comparison `json:"comparisons"`
	Blocking    []BlockRule  `json:"blocking"`
	// Dedupe: one table linked with itself; accepted pairs are clustered.
	Dedupe bool `json:"dedupe,omitempty"`
	// Cluster is how a dedupe's accepted pairs become clusters: "average"
	// (the default; see AverageLinkage) or "components" (connected
	// components, which chain).
	Cluster string `json:"cluster,omitempty"`
	// Threshold is the match probability a pair needs (default 0.5).
	Threshold float64 `json:"threshold"`
	// Assign: "one-to-one" (greedy by weight; both sides deduplicated, the
	// default for linking two tables), "best-left" (each left row's best
	// right row, for a leak that may repeat a person), "all".
	Assign string `json:"assign,omitempty"`
	// Lambda is the estimated probability that two random records match
	// (over all possible pairs, not only the blocked ones).
	Lambda float64 `json:"lambda,omitempty"`
	// Pi (linking) is the estimated share of left rows that have a match.
	Pi float64 `json:"pi,omitempty"`
	// USample is how many random pairs estimate u (default 1,000,000).
	USample int64 `json:"u_sample,omitempty"`
	// MaxIter and Tol bound EM (defaults 100 and 1e-5).
	MaxIter int     `json:"max_iter,omitempty"`
	Tol     float64 `json:"tol,omitempty"`
	// TrainRows bounds the left rows whose blocked pairs EM sees (every
	// k-th row; default 200,000): parameters settle long before a
	// national list is exhausted.
	TrainRows int `json:"train_rows,omitempty"`
	// MaxBlock leaves out blocks with more right rows than this (0: none).
	MaxBlock int `json:"max_block,omitempty"`
	// RefDate (yyyy-mm-dd) is the day ages are counted at.
	RefDate string `json:"ref_date,omitempty"`
	Seed    uint64 `json:"seed,omitempty"`
	// Truth names the column holding the true entity, for evaluation only
	// (never used to train); TruthPattern, a regular expression whose first
	// group is the entity (FEBRL's rec-<n>-dup-<k>).
	Truth        string `json:"truth,omitempty"`
	TruthPattern string `json:"truth_pattern,omitempty"`

	// UFrom is where the u probabilities come from: "random" keeps the
	// random sample's (Splink's way: λ is then over all possible pairs),
	// "blocked" (the default) starts from them and re-estimates u by EM
	// among the blocked pairs, whose non-matches resemble each other more
	// than random pairs do (a household shares a surname and an address:
	// independence fails less within blocks); λ is then over the blocked
	// pairs. Deduplication defaults to "random": its rows may have many
	// duplicates, and EM among blocked pairs then drifts to λ = ½.
	UFrom string `json:"u_from,omitempty"`

	// Training is how m is estimated: "sessions" (Splink's way, the
	// default when deduplicating) runs one EM per blocking rule on the
	// pairs it finds, leaving out the comparisons it keys on, and averages;
	// λ then comes from an EM over all blocked pairs with m held. "joint"
	// (the default when linking) runs one EM over all blocked pairs. In a
	// joint EM the pairs a rule like "same first name and postcode" finds
	// by the thousand can pass for a class of their own.
	Training string `json:"training,omitempty"`

	// EM describes the training run that produced m and λ.
	EM *EMStats `json:"em,omitempty"`
}

// LoadModel reads a model saved by SaveModel (or a configuration without
// m and u, which Train then fills).
func LoadModel(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Model
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("read model %s: %w", path, err)
	}
	return &m, nil
}

// SaveModel writes the model as indented JSON.
func SaveModel(path string, m *Model) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Trained reports whether every comparison has m and u.
func (m *Model) Trained() bool {
	if m.Lambda <= 0 {
		return false
	}
	for _, c := range m.Comparisons {
		if len(c.M) != len(c.Levels) || len(c.U) != len(c.Levels) || len(c.M) == 0 {
			return false
		}
	}
	return true
}

func (m *Model) defaults() {
	if m.Threshold == 0 {
		m.Threshold = 0.5
	}
	if m.USample == 0 {
		m.USample = 1_000_000
	}
	if m.TrainRows == 0 {
		m.TrainRows = 200_000
	}
	if m.MaxIter == 0 {
		m.MaxIter = 100
	}
	if m.Tol == 0 {
		m.Tol = 1e-5
	}
	if m.Assign == "" && !m.Dedupe {
		m.Assign = "one-to-one"
	}
	if m.UFrom == "" {
		m.UFrom = "blocked"
		if m.Dedupe {
			m.UFrom = "random"
		}
	}
	if m.Seed == 0 {
		m.Seed = 1
	}
	if m.Dedupe && m.Cluster == "" {
		m.Cluster = "average"
	}
	if m.Training == "" {
		m.Training = "joint"
		if m.Dedupe {
			m.Training = "sessions"
		}
	}
}

// ErrBadModel is returned by NewLinker for a model it cannot run.
var ErrBadModel = errors.New("bad model")

// Linker runs a Model on two tables (or one, deduplicating).
type Linker struct {
	Model   *Model
	l, r    *Table
	nl, nr  int
	dedupe  bool
	feats   [][2]*feature
	tf, ktf []*interner // per comparison: value and key frequencies
	swap    []int       // per comparison: Comparison.Swap's index, or -1
	blk     *blocker
	ref     time.Time
	Workers int

	stride int // forBlocked visits every stride-th left row (training)

	w     [][]float64 // log2(m/u) per comparison and level
	prior float64     // log2(λ/(1−λ))
}

// NewLinker prepares the comparisons and blocking keys of left and right
// (right nil: deduplicate left).
func NewLinker(m *Model, left, right *Table) (*Linker, error) {
	if right == nil {
		m.Dedupe = true
	}
	m.defaults()
	if len(m.Comparisons) == 0 || len(m.Comparisons) > maxComparisons {
		return nil, fmt.Errorf("%w: %d comparisons (1 to %d)", ErrBadModel, len(m.Comparisons), maxComparisons)
	}
	if len(m.Blocking) == 0 {
		return nil, fmt.Errorf("%w: no blocking rule", ErrBadModel)
	}
	lk := &Linker{Model: m, l: left, r: right, nl: left.Len(), dedupe: right == nil || m.Dedupe}
	if lk.dedupe {
		m.Dedupe = true
		right = left
		lk.r = left
	}
	lk.nr = right.Len()
	lk.ref = time.Now().UTC()
	if m.RefDate != "" {
		t, err := time.Parse(time.DateOnly, m.RefDate)
		if err != nil {
			return nil, fmt.Errorf("%w: ref_date: %v", ErrBadModel, err)
		}
		lk.ref = t
	}
	rightCols := map[string]string{}
	type job struct {
		c          *Comparison
		lraw, rraw []string
		in, kin    *interner
		out        [2]*feature
	}
	jobs := make([]*job, len(m.Comparisons))
	for k := range m.Comparisons {
		c := &m.Comparisons[k]
		lv := c.Kind.Levels()
		if lv == nil {
			return nil, fmt.Errorf("%w: comparison %s: unknown kind %q", ErrBadModel, c.Name, c.Kind)
		}
		if len(c.Levels) != 0 && !slices.Equal(c.Levels, lv) {
			return nil, fmt.Errorf("%w: comparison %s: levels %v, kind %s has %v", ErrBadModel, c.Name, c.Levels, c.Kind, lv)
		}
		c.Levels = lv
		rc := c.RightColumns
		if len(rc) == 0 {
			rc = c.Columns
		} else if len(rc) == 1 && len(c.Columns) == 1 {
			rightCols[strings.ToLower(c.Columns[0])] = rc[0]
		}
		lraw, err := columnValues(left, c.Columns)
		if err != nil {
			return nil, fmt.Errorf("comparison %s: %w", c.Name, err)
		}
		rraw := lraw
		if !lk.dedupe {
			if rraw, err = columnValues(right, rc); err != nil {
				return nil, fmt.Errorf("comparison %s: %w", c.Name, err)
			}
		}
		jobs[k] = &job{c: c, lraw: lraw, rraw: rraw, in: newInterner(), kin: newInterner()}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			lf := prepare(j.c, j.lraw, j.in, j.kin, lk.ref)
			j.out[0] = &lf
			if lk.dedupe {
				j.out[1] = &lf
			} else {
				rf := prepare(j.c, j.rraw, j.in, j.kin, lk.ref)
				j.out[1] = &rf
			}
		}()
	}
	wg.Wait()
	for _, j := range jobs {
		lk.feats = append(lk.feats, j.out)
		lk.tf = append(lk.tf, j.in)
		lk.ktf = append(lk.ktf, j.kin)
	}
	var r *Table
	if !lk.dedupe {
		r = right
	}
	blk, err := newBlocker(left, r, m.Blocking, rightCols, lk.ref, m.MaxBlock)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadModel, err)
	}
	lk.blk = blk
	lk.swap = make([]int, len(m.Comparisons))
	for k, c := range m.Comparisons {
		lk.swap[k] = -1
		if c.Swap == "" {
			continue
		}
		g := slices.IndexFunc(m.Comparisons, func(o Comparison) bool { return o.Name == c.Swap })
		if c.Kind != KindName || g < 0 || m.Comparisons[g].Kind != KindName || g == k {
			return nil, fmt.Errorf("%w: comparison %s: swap %q is no other name comparison", ErrBadModel, c.Name, c.Swap)
		}
		lk.swap[k] = g
	}
	if m.Trained() {
		lk.weights()
	}
	return lk, nil
}

func (lk *Linker) workers() int {
	if lk.Workers > 0 {
		return lk.Workers
	}
	return runtime.GOMAXPROCS(0)
}

func (lk *Linker) totalPairs() float64 {
	if lk.dedupe {
		return float64(lk.nl) * float64(lk.nl-1) / 2
	}
	return float64(lk.nl) * float64(lk.nr)
}

// level is comparison f's level for left row i and right row j (-1:
// null).
func (lk *Linker) level(f, i, j int) int8 {
	a, b := lk.feats[f][0], lk.feats[f][1]
	l := level(lk.Model.Comparisons[f].Kind, a, b, i, j)
	if g := lk.swap[f]; g >= 0 && l > nameSwapped {
		// A forename filed as the surname, on either side.
		ga, gb := lk.feats[g][0], lk.feats[g][1]
		if a.str[i] == gb.str[j] || b.str[j] == ga.str[i] {
			return nameSwapped
		}
	}
	return l
}

// levels fills out with the level of every comparison for left row i and
// right row j (-1: null).
func (lk *Linker) levels(i, j int, out []int8) {
	for f := range lk.feats {
		out[f] = lk.level(f, i, j)
	}
}

func (lk *Linker) pattern(i, j int) uint64 {
	var p uint64
	for f := range lk.feats {
		l := lk.level(f, i, j)
		p |= uint64(l+1) << (patternBits * f)
	}
	return p
}

// forBlocked calls fn for every blocked pair, in parallel over chunks of
// left rows; each worker gets its own state from newState, and the chunks'
// states come back in order.
func forBlocked[S any](ctx context.Context, lk *Linker, newState func() S, fn func(s S, i, j int), end func(s S)) ([]S, BlockStats, error) {
	nChunks := lk.chunks()
	states := make([]S, nChunks)
	perRule := make([][]int64, nChunks)
	skipped := make([]int64, nChunks)
	err := lk.forChunks(ctx, func(c, lo, hi int) {
		s := newState()
		counts := make([]int64, len(lk.Model.Blocking))
		var sk int64
		for i := lo; i < hi; i++ {
			if lk.offStride(i) {
				continue
			}
			lk.blk.candidates(i, counts, &sk, func(j int) { fn(s, i, j) })
		}
		if end != nil {
			end(s)
		}
		states[c], perRule[c], skipped[c] = s, counts, sk
	})
	if err != nil {
		return nil, BlockStats{}, err
	}
	st := BlockStats{PerRule: make([]int64, len(lk.Model.Blocking)), Total: lk.totalPairs()}
	for _, r := range lk.Model.Blocking {
		st.Rules = append(st.Rules, r.String())
	}
	for c := range nChunks {
		for k, n := range perRule[c] {
			st.PerRule[k] += n
			st.Pairs += n
		}
		st.SkippedBlocks += skipped[c]
	}
	if st.Total > 0 {
		st.Reduction = 1 - float64(st.Pairs)/st.Total
	}
	return states, st, nil
}

// chunkRows is how many left rows a worker takes at a time.
const chunkRows = 2048

// chunks is the number of chunks of left rows.
func (lk *Linker) chunks() int { return (lk.nl + chunkRows - 1) / chunkRows }

// offStride reports whether left row i is left out of training's sample.
func (lk *Linker) offStride(i int) bool { return lk.stride > 1 && i%lk.stride != 0 }

// forChunks calls fn for every chunk c of left rows [lo, hi), the chunks
// shared out over the workers. It returns ctx's error when cancelled.
func (lk *Linker) forChunks(ctx context.Context, fn func(c, lo, hi int)) error {
	n := lk.chunks()
	next := make(chan int, n)
	for c := range n {
		next <- c
	}
	close(next)
	var wg sync.WaitGroup
	for range lk.workers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range next {
				if ctx.Err() != nil {
					return
				}
				fn(c, c*chunkRows, min((c+1)*chunkRows, lk.nl))
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// TrainResult describes training.
type TrainResult struct {
	Block    BlockStats    `json:"blocking"`
	EM       EMStats       `json:"em"`
	Duration time.Duration `json:"duration_ns"`
}

// Train estimates u by random sampling and m and λ by EM on the blocked
// pairs, without labels, and stores them in the model.
func (lk *Linker) Train(ctx context.Context) (*TrainResult, error) {
	start := time.Now()
	m := lk.Model
	u, sampled := lk.estimateU(m.USample, m.Seed)
	for f := range m.Comparisons {
		m.Comparisons[f].URandom = u[f]
	}
	if !lk.dedupe && m.TrainRows > 0 && lk.nl > m.TrainRows {
		lk.stride = (lk.nl + m.TrainRows - 1) / m.TrainRows
	}
	defer func() { lk.stride = 0 }()
	levels := make([]int, len(m.Comparisons))
	m0 := make([][]float64, len(m.Comparisons))
	for f, c := range m.Comparisons {
		levels[f] = len(c.Levels)
		m0[f] = initialM(levels[f])
	}
	total := lk.totalPairs()
	var (
		mm     [][]float64
		lambda float64
		st     EMStats
		bst    BlockStats
	)
	if lk.dedupe {
		// A row may have several duplicates: pairs are independent, and
		// identical comparison vectors are counted once.
		type agg = map[uint64]float64
		states, bs, err := forBlocked(ctx, lk, func() agg { return agg{} }, func(a agg, i, j int) { a[lk.pattern(i, j)]++ }, nil)
		if err != nil {
			return nil, err
		}
		bst = bs
		pats, counts := sumPatterns(states)
		// The initial λ from blocking: as if every row had one duplicate.
		lambda0 := min(max(float64(lk.nl)/2/total, 1e-12), 0.5)
		if m.Training == "sessions" {
			sm, ok, ns, err := lk.sessionM(ctx, levels, m0, u)
			if err != nil {
				return nil, err
			}
			mm = m0
			if slices.Contains(ok, false) {
				mm, _, _, _ = em(pats, counts, levels, m0, u, lambda0, total, m.MaxIter, m.Tol, m.UFrom == "blocked")
			}
			for f := range mm {
				if ok[f] {
					mm[f] = sm[f]
				}
			}
			mm, u, lambda, st = emOpt(pats, counts, levels, mm, u, lambda0, total, emOptions{maxIter: m.MaxIter, tol: m.Tol, blockedU: m.UFrom == "blocked", fixM: true, maxLambda: 0.5})
			st.Sessions = ns
		} else {
			mm, u, lambda, st = em(pats, counts, levels, m0, u, lambda0, total, m.MaxIter, m.Tol, m.UFrom == "blocked")
		}
	} else {
		type grp struct {
			pats []uint64
			ends []uint32
			last int
		}
		states, bs, err := forBlocked(ctx, lk, func() *grp { return &grp{last: -1} }, func(g *grp, i, j int) {
			if i != g.last && g.last >= 0 {
				g.ends = append(g.ends, uint32(len(g.pats)))
			}
			g.last = i
			g.pats = append(g.pats, lk.pattern(i, j))
		}, nil)
		if err != nil {
			return nil, err
		}
		bst = bs
		ids := map[uint64]uint32{}
		var pats []uint64
		groups := make([]rowPairs, 0, len(states))
		for _, g := range states {
			if g.last >= 0 {
				g.ends = append(g.ends, uint32(len(g.pats)))
			}
			rp := rowPairs{pids: make([]uint32, len(g.pats)), ends: g.ends}
			for k, p := range g.pats {
				id, ok := ids[p]
				if !ok {
					id = uint32(len(pats))
					ids[p] = id
					pats = append(pats, p)
				}
				rp.pids[k] = id
			}
			g.pats = nil
			groups = append(groups, rp)
		}
		// The initial share of left rows with a match, from blocking: the
		// share that has a candidate at all, halved.
		var withCand int
		for _, g := range groups {
			withCand += len(g.ends)
		}
		pi0 := min(max(float64(withCand)/float64(lk.nl)/2, 1e-6), 0.9)
		visited := float64(lk.nl)
		if lk.stride > 1 {
			visited = float64((lk.nl + lk.stride - 1) / lk.stride)
		}
		pi0 = min(max(float64(withCand)/visited/2, 1e-6), 0.9)
		fixM := false
		if m.Training == "sessions" {
			sm, ok, ns, err := lk.sessionM(ctx, levels, m0, u)
			if err != nil {
				return nil, err
			}
			if slices.Contains(ok, false) {
				m0, _, _, _ = emLeft(groups, pats, levels, m0, u, pi0, visited, float64(lk.nr), m.MaxIter, m.Tol, m.UFrom == "blocked", false)
			}
			for f := range m0 {
				if ok[f] {
					m0[f] = sm[f]
				}
			}
			fixM = true
			st.Sessions = ns
		}
		ns := st.Sessions
		mm, u, lambda, st = emLeft(groups, pats, levels, m0, u, pi0, visited, float64(lk.nr), m.MaxIter, m.Tol, m.UFrom == "blocked", fixM)
		st.Sessions = ns
	}
	st.USample = sampled
	for f := range m.Comparisons {
		m.Comparisons[f].M, m.Comparisons[f].U = mm[f], u[f]
	}
	m.Lambda = lambda
	if !lk.dedupe {
		m.Pi = lambda * float64(lk.nr)
	}
	m.EM = &st
	lk.weights()
	return &TrainResult{Block: bst, EM: st, Duration: time.Since(start)}, nil
}

func (lk *Linker) weights() {
	m := lk.Model
	lk.w = make([][]float64, len(m.Comparisons))
	for f, c := range m.Comparisons {
		lk.w[f] = make([]float64, len(c.Levels))
		for l := range c.Levels {
			lk.w[f][l] = math.Log2(c.M[l] / c.U[l])
		}
	}
	lk.prior = math.Log2(m.Lambda / (1 - m.Lambda))
}

// tfAdjust is the term-frequency adjustment in bits of comparison f at
// level l for left row i: log2(u / frequency of the value), u being the
// share of random pairs that agree, so agreeing on a common name weighs
// less, on a rare one more. It applies to exact agreement (and for names
// to agreement on the key, against the share of random pairs that agree
// on the key, exactly or not). u is the random pairs' even when the model
// re-estimates u among the blocked pairs: there, pairs that agree on a
// place are common because blocking chose them, and the place's frequency
// among all records says nothing about that.
func (lk *Linker) tfAdjust(f int, l int8, i int) float64 {
	c := &lk.Model.Comparisons[f]
	if !c.TF || l > 1 || l < 0 {
		return 0
	}
	u := c.URandom
	if len(u) != len(c.Levels) {
		u = c.U // a model saved before u_random was kept
	}
	fe := lk.feats[f][0]
	var cnt int32
	var agree float64
	switch {
	case l == 0 && fe.id != nil:
		cnt, agree = lk.tf[f].count[fe.id[i]], u[0]
	case l == 1 && c.Kind == KindName:
		cnt, agree = lk.ktf[f].count[fe.kid[i]], u[0]+u[1]
	default:
		return 0
	}
	n := float64(lk.nl + lk.nr)
	if lk.dedupe {
		n = float64(lk.nl)
	}
	freq := max(float64(cnt), 1) / n
	return math.Log2(agree / freq)
}

// Weight is the match weight of a pair in bits: the prior log2(λ/(1−λ))
// plus every comparison's log2(m/u) and term-frequency adjustment. The
// match probability is 1/(1+2^−weight).
func (lk *Linker) Weight(i, j int) float64 {
	s := lk.prior
	for f := range lk.feats {
		l := lk.level(f, i, j)
		if l < 0 {
			continue
		}
		s += lk.w[f][l] + lk.tfAdjust(f, l, i)
	}
	return s
}

// compete turns the weights of one left row's candidates (prior
// included) into posterior log-odds under the model that the row matches
// at most one right row: the posterior of candidate j is
// λ·BF_j / (1 − π + λ·Σ_k BF_k), with π the share of left rows that have
// a match and λ = π/nR (u from random pairs) or π/K over the row's K
// candidates (u estimated among blocked pairs). A lone strong candidate
// keeps its weight; two strong ones take evidence from each other, as a
// household sharing a surname and an address should.
func (lk *Linker) compete(cand []Pair) {
	pi := lk.Model.Pi
	if pi <= 0 {
		pi = min(lk.Model.Lambda*float64(lk.nr), 0.999)
	}
	lam := lk.Model.Lambda
	if lk.Model.UFrom == "blocked" {
		lam = pi / float64(len(cand))
	}
	sum := 0.0
	for k := range cand {
		cand[k].Weight = min(cand[k].Weight-lk.prior, 1000) // log2 BF
		sum += math.Exp2(cand[k].Weight)
	}
	for k := range cand {
		bf := math.Exp2(cand[k].Weight)
		rest := 1 - pi + lam*(sum-bf)
		cand[k].Weight = math.Log2(lam) + cand[k].Weight - math.Log2(max(rest, 1e-300))
	}
}

// Probability turns a match weight into a match probability.
func Probability(weight float64) float64 { return 1 / (1 + math.Exp2(-weight)) }

// WeightFor is the weight a probability corresponds to.
func WeightFor(p float64) float64 { return math.Log2(p / (1 - p)) }

// Contribution is one field's part of a pair's match weight.
type Contribution struct {
	Field  string  `json:"field"`
	Level  string  `json:"level"` // "null" when missing on a side
	M      float64 `json:"m,omitempty"`
	U      float64 `json:"u,omitempty"`
	Weight float64 `json:"weight"`       // log2(m/u)
	TF     float64 `json:"tf,omitempty"` // term-frequency adjustment
}

// Explanation is a pair's match weight split by field: a waterfall from
// the prior to the final weight.
type Explanation struct {
	Left   int            `json:"left"`
	Right  int            `json:"right"`
	Prior  float64        `json:"prior"`
	Fields []Contribution `json:"fields"`
	// Competition (linking) is what the left row's other candidates take
	// away, in bits: each left row matches at most one right row.
	Competition float64 `json:"competition,omitempty"`
	Weight      float64 `json:"weight"`
	Probability float64 `json:"probability"`
	Accepted    bool    `json:"accepted"` // probability ≥ threshold
}

// Explain gives the per-field contributions to the match weight of left
// row i and right row j.
func (lk *Linker) Explain(i, j int) Explanation {
	e := Explanation{Left: i, Right: j, Prior: lk.prior, Weight: lk.prior}
	for f := range lk.feats {
		c := &lk.Model.Comparisons[f]
		l := lk.level(f, i, j)
		if l < 0 {
			e.Fields = append(e.Fields, Contribution{Field: c.Name, Level: "null"})
			continue
		}
		ct := Contribution{Field: c.Name, Level: c.Levels[l], M: c.M[l], U: c.U[l], Weight: lk.w[f][l], TF: lk.tfAdjust(f, l, i)}
		e.Weight += ct.Weight + ct.TF
		e.Fields = append(e.Fields, ct)
	}
	if !lk.dedupe {
		var cand []Pair
		var counts = make([]int64, len(lk.Model.Blocking))
		var sk int64
		own := -1
		lk.blk.candidates(i, counts, &sk, func(k int) {
			if k == j {
				own = len(cand)
			}
			cand = append(cand, Pair{uint32(i), uint32(k), lk.Weight(i, k)})
		})
		if own < 0 { // not a blocked pair: compete with the blocked ones
			own = len(cand)
			cand = append(cand, Pair{uint32(i), uint32(j), lk.Weight(i, j)})
		}
		lk.compete(cand)
		e.Competition = cand[own].Weight - e.Weight
		e.Weight = cand[own].Weight
	}
	e.Probability = Probability(e.Weight)
	e.Accepted = e.Probability >= lk.Model.Threshold
	return e
}

// Pair is a scored pair of rows (left, right; in a dedupe both index the
// one table).
type Pair struct {
	L, R   uint32
	Weight float64
}

// Prediction is the outcome of linking.
type Prediction struct {
	Block BlockStats `json:"blocking"`
	// Above counts the pairs at or above the threshold, before
	// assignment; Pairs are the accepted ones after it.
	Above int64  `json:"above_threshold"`
	Pairs []Pair `json:"-"`
	// Near are the best rejected pairs (a sample for explanations).
	Near []Pair `json:"-"`
	// Clusters (dedupe) gives every row's cluster, named by its smallest
	// row (see Model.Cluster).
	Clusters []int32       `json:"-"`
	Duration time.Duration `json:"duration_ns"`
}

// Predict scores every blocked pair and accepts those whose match
// probability reaches the threshold, then assigns: one-to-one, best-left
// or all; when deduplicating, clusters.
func (lk *Linker) Predict(ctx context.Context) (*Prediction, error) {
	if lk.w == nil {
		return nil, fmt.Errorf("%w: not trained", ErrBadModel)
	}
	start := time.Now()
	thr := WeightFor(lk.Model.Threshold)
	near := thr - 6
	// Clustering a dedupe weighs the rejected pairs too; those below
	// probability 1/1025 of a 0.5 threshold count as 0.
	low := math.Inf(1)
	if lk.dedupe && lk.Model.Cluster == "average" {
		low = thr - 10
	}
	type st struct {
		above, near, low []Pair
		row              int
		cand             []Pair // the current left row's candidates (link)
	}
	keep := func(s *st, pr Pair) {
		switch {
		case pr.Weight >= thr:
			s.above = append(s.above, pr)
			return
		case pr.Weight >= near && len(s.near) < 64:
			s.near = append(s.near, pr)
		}
		if pr.Weight >= low {
			s.low = append(s.low, pr)
		}
	}
	flush := func(s *st) {
		if len(s.cand) == 0 {
			return
		}
		lk.compete(s.cand)
		for _, pr := range s.cand {
			keep(s, pr)
		}
		s.cand = s.cand[:0]
	}
	states, bst, err := forBlocked(ctx, lk, func() *st { return &st{row: -1} }, func(s *st, i, j int) {
		w := lk.Weight(i, j)
		if lk.dedupe {
			keep(s, Pair{uint32(i), uint32(j), w})
			return
		}
		if i != s.row {
			flush(s)
			s.row = i
		}
		s.cand = append(s.cand, Pair{uint32(i), uint32(j), w})
	}, func(s *st) {
		if !lk.dedupe {
			flush(s)
		}
	})
	if err != nil {
		return nil, err
	}
	p := &Prediction{Block: bst}
	var above, lows []Pair
	for _, s := range states {
		above = append(above, s.above...)
		p.Near = append(p.Near, s.near...)
		lows = append(lows, s.low...)
	}
	p.Above = int64(len(above))
	slices.SortFunc(p.Near, byWeight)
	if len(p.Near) > 100 {
		p.Near = p.Near[:100]
	}
	switch {
	case lk.dedupe && lk.Model.Cluster == "average":
		p.Pairs = above
		p.Clusters = AverageLinkage(lk.nl, above, lows, lk.Model.Threshold)
	case lk.dedupe:
		p.Pairs = above
		p.Clusters = Components(lk.nl, above)
	case lk.Model.Assign == "one-to-one":
		p.Pairs = OneToOne(above)
	case lk.Model.Assign == "best-left":
		p.Pairs = BestLeft(above)
	default:
		p.Pairs = above
	}
	p.Duration = time.Since(start)
	return p, nil
}

// byWeight orders pairs by weight, strongest first, then by rows.
func byWeight(a, b Pair) int {
	switch {
	case a.Weight > b.Weight:
		return -1
	case a.Weight < b.Weight:
		return 1
	case a.L != b.L:
		return int(a.L) - int(b.L)
	}
	return int(a.R) - int(b.R)
}
