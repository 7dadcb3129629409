package link

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// patternBits is the width of one comparison's level in a packed
// comparison vector (level+1; 0 is null), so up to 16 comparisons fit a
// uint64.
const patternBits = 4

// maxComparisons is how many comparisons a model can have.
const maxComparisons = 64 / patternBits

func patLevel(p uint64, f int) int8 { return int8((p>>(patternBits*f))&(1<<patternBits-1)) - 1 }

// EMStats describes an EM run.
type EMStats struct {
	Iterations int     `json:"iterations"`
	Converged  bool    `json:"converged"`
	Patterns   int     `json:"patterns"`           // distinct comparison vectors among the blocked pairs
	Pairs      float64 `json:"pairs"`              // blocked pairs the EM saw
	Matches    float64 `json:"matches"`            // expected matches among them at convergence
	LogLik     float64 `json:"log_lik"`            // not computed when 0
	Lambda0    float64 `json:"lambda_0"`           // initial λ
	USample    int64   `json:"u_sample"`           // random pairs behind u
	Sessions   int     `json:"sessions,omitempty"` // EM sessions (one per blocking rule) behind m
}

// estimateU counts the levels of n random pairs (every pair when there
// are at most n): u is the share of each level among the non-null ones,
// with one pseudo-count per level so that no level has u = 0. Matches
// among random pairs are too rare to matter.
func (lk *Linker) estimateU(n int64, seed uint64) (u [][]float64, sampled int64) {
	nc := len(lk.Model.Comparisons)
	counts := make([][]float64, nc)
	for f := range counts {
		counts[f] = make([]float64, len(lk.Model.Comparisons[f].Levels))
	}
	total := lk.totalPairs()
	all := total <= float64(n)
	workers := lk.workers()
	type part struct{ counts [][]float64 }
	parts := make([]part, workers)
	done := make(chan struct{})
	for w := range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			c := make([][]float64, nc)
			for f := range c {
				c[f] = make([]float64, len(lk.Model.Comparisons[f].Levels))
			}
			var lv [maxComparisons]int8
			add := func(i, j int) {
				lk.levels(i, j, lv[:nc])
				for f := range nc {
					if lv[f] >= 0 {
						c[f][lv[f]]++
					}
				}
			}
			if all {
				for i := w; i < lk.nl; i += workers {
					start := 0
					if lk.dedupe {
						start = i + 1
					}
					for j := start; j < lk.nr; j++ {
						add(i, j)
					}
				}
			} else {
				// Samples come in fixed blocks, each from its own seeded
				// stream, so the sample is the same for any worker count.
				const block = 1 << 14
				for b := int64(w); b*block < n; b += int64(workers) {
					rng := rand.New(rand.NewPCG(seed, uint64(b)+1))
					for k := b * block; k < min((b+1)*block, n); k++ {
						i, j := rng.IntN(lk.nl), rng.IntN(lk.nr)
						for lk.dedupe && i == j {
							j = rng.IntN(lk.nr)
						}
						add(i, j)
					}
				}
			}
			parts[w].counts = c
		}()
	}
	for range workers {
		<-done
	}
	for _, p := range parts {
		for f := range counts {
			for l := range counts[f] {
				counts[f][l] += p.counts[f][l]
			}
		}
	}
	u = make([][]float64, nc)
	for f := range u {
		s := 0.0
		for _, c := range counts[f] {
			s += c + 1
		}
		u[f] = make([]float64, len(counts[f]))
		for l, c := range counts[f] {
			u[f][l] = (c + 1) / s
		}
	}
	if all {
		sampled = int64(total)
	} else {
		sampled = n
	}
	return u, sampled
}

// initialM is the conventional starting point: most matches agree exactly,
// a few on each lesser level, few disagree.
func initialM(levels int) []float64 {
	m := make([]float64, levels)
	if levels == 2 {
		m[0], m[1] = 0.9, 0.1
		return m
	}
	m[0] = 0.8
	m[levels-1] = 0.05
	for l := 1; l < levels-1; l++ {
		m[l] = 0.15 / float64(levels-2)
	}
	return m
}

// em estimates m and λ by expectation-maximisation over the blocked
// pairs' comparison vectors (pats, with counts), u held at the values from
// random sampling. Pairs blocking did not generate count as non-matches:
// λ is the expected number of matches over all total possible pairs, the
// prior of two random records matching. Fields with fixed set are not
// re-estimated.
func em(pats []uint64, counts []float64, levels []int, m0, u0 [][]float64, lambda0, total float64, maxIter int, tol float64, blockedU bool) (m, u [][]float64, lambda float64, st EMStats) {
	return emOpt(pats, counts, levels, m0, u0, lambda0, total, emOptions{maxIter: maxIter, tol: tol, blockedU: blockedU, maxLambda: 0.5})
}

// emOptions steer emOpt: fixM holds m (only λ, and u when blockedU, are
// estimated); maxLambda bounds λ.
type emOptions struct {
	maxIter   int
	tol       float64
	blockedU  bool
	fixM      bool
	maxLambda float64
}

func emOpt(pats []uint64, counts []float64, levels []int, m0, u0 [][]float64, lambda0, total float64, o emOptions) (m, u [][]float64, lambda float64, st EMStats) {
	maxIter, tol, blockedU := o.maxIter, o.tol, o.blockedU
	nc := len(levels)
	m, u = cloneTable(m0), cloneTable(u0)
	acc := newMStep(levels)
	lambda = lambda0
	st.Lambda0, st.Patterns = lambda0, len(pats)
	for _, c := range counts {
		st.Pairs += c
	}
	if blockedU {
		// λ is then the share of matches among the blocked pairs.
		total = st.Pairs
		lambda = min(lambda0*st.Pairs, 0.5)
	}
	logU := make([][]float64, nc)
	for f := range u {
		logU[f] = make([]float64, len(u[f]))
	}
	for it := 1; it <= maxIter; it++ {
		st.Iterations = it
		acc.reset()
		for f := range u {
			for l := range u[f] {
				logU[f][l] = math.Log(u[f][l])
			}
		}
		logM := make([][]float64, nc)
		for f := range m {
			logM[f] = make([]float64, len(m[f]))
			for l := range m[f] {
				logM[f][l] = math.Log(m[f][l])
			}
		}
		prior := math.Log(lambda / (1 - lambda))
		matches := 0.0
		for k, p := range pats {
			s := prior
			for f := range nc {
				if l := patLevel(p, f); l >= 0 {
					s += logM[f][l] - logU[f][l]
				}
			}
			post := 1 / (1 + math.Exp(-s))
			w := post * counts[k]
			matches += w
			acc.add(p, w, counts[k]-w)
		}
		if blockedU {
			acc.updateU(u)
		}
		st.Matches = matches
		delta := 0.0
		if !o.fixM {
			delta = acc.updateM(m)
		}
		nl := min(max(matches/total, 1e-12), o.maxLambda)
		delta = max(delta, math.Abs(nl-lambda)/lambda)
		lambda = nl
		if delta < tol {
			st.Converged = true
			break
		}
	}
	return m, u, lambda, st
}

// rowPairs are the blocked pairs of a run of left rows: for each row with
// candidates, the ids of its pairs' comparison vectors.
type rowPairs struct {
	pids []uint32 // pattern id of every pair, grouped by left row
	ends []uint32 // end of each row's group in pids
}

// emLeft is EM under the model that each left row matches at most one
// right row (the right side deduplicated, as a registry is): a row's
// candidates compete, so that a household sharing a surname and an
// address does not pass for the person. Row i matches with probability π,
// uniformly over the right rows (per-pair prior λ = π/nR); the posterior
// of its pair with j is λ·BF_ij / (1 − π + λ·Σ_k BF_ik), the sum over i's
// candidates (unblocked pairs have BF ≈ 0). The M-step is as in em, with
// π = Σ posteriors / nL.
func emLeft(groups []rowPairs, pats []uint64, levels []int, m0, u0 [][]float64, pi0 float64, nL, nR float64, maxIter int, tol float64, blockedU, fixM bool) (m, u [][]float64, lambda float64, st EMStats) {
	nc := len(levels)
	m, u = cloneTable(m0), cloneTable(u0)
	acc := newMStep(levels)
	cnt := make([]float64, len(pats))
	pi := pi0
	st.Lambda0, st.Patterns = pi0/nR, len(pats)
	for _, g := range groups {
		st.Pairs += float64(len(g.pids))
	}
	bf := make([]float64, len(pats))
	wsum := make([]float64, len(pats))
	for it := 1; it <= maxIter; it++ {
		st.Iterations = it
		for k, p := range pats {
			s := 0.0
			for f := range nc {
				if l := patLevel(p, f); l >= 0 {
					s += math.Log(m[f][l] / u[f][l])
				}
			}
			bf[k] = math.Exp(min(s, 700))
		}
		clear(wsum)
		clear(cnt)
		lam := pi / nR
		matches := 0.0
		for _, g := range groups {
			start := uint32(0)
			for _, end := range g.ends {
				sum := 0.0
				for _, id := range g.pids[start:end] {
					sum += bf[id]
					cnt[id]++
				}
				if blockedU {
					lam = pi / float64(end-start)
				}
				d := 1 - pi + lam*sum
				for _, id := range g.pids[start:end] {
					p := lam * bf[id] / d
					wsum[id] += p
					matches += p
				}
				start = end
			}
		}
		acc.reset()
		for k, p := range pats {
			acc.add(p, wsum[k], cnt[k]-wsum[k])
		}
		if blockedU {
			acc.updateU(u)
		}
		st.Matches = matches
		delta := 0.0
		if !fixM {
			delta = acc.updateM(m)
		}
		np := min(max(matches/nL, 1e-9), 0.999)
		delta = max(delta, math.Abs(np-pi)/pi)
		pi = np
		if delta < tol {
			st.Converged = true
			break
		}
	}
	return m, u, pi / nR, st
}

const alphaU = 0.5

// mStep accumulates, over the patterns and their match weights, what the
// M-step of both EM variants needs: per comparison and level, the weight
// of matches (num, den) and of non-matches (unum, uden).
type mStep struct {
	levels    []int
	num, unum [][]float64
	den, uden []float64
}

func newMStep(levels []int) *mStep {
	s := &mStep{levels: levels, den: make([]float64, len(levels)), uden: make([]float64, len(levels))}
	for _, n := range levels {
		s.num = append(s.num, make([]float64, n))
		s.unum = append(s.unum, make([]float64, n))
	}
	return s
}

func (s *mStep) reset() {
	for f := range s.num {
		clear(s.num[f])
		clear(s.unum[f])
	}
	clear(s.den)
	clear(s.uden)
}

// add counts pattern p with weight w as a match and nw as a non-match.
func (s *mStep) add(p uint64, w, nw float64) {
	for f := range s.levels {
		if l := patLevel(p, f); l >= 0 {
			s.num[f][l] += w
			s.den[f] += w
			s.unum[f][l] += nw
			s.uden[f] += nw
		}
	}
}

// updateU re-estimates u from the non-matches (u among blocked pairs).
func (s *mStep) updateU(u [][]float64) {
	for f := range u {
		if s.uden[f] == 0 {
			continue
		}
		for l := range u[f] {
			u[f][l] = (s.unum[f][l] + alphaU) / (s.uden[f] + alphaU*float64(s.levels[f]))
		}
	}
}

// updateM re-estimates m from the matches and returns the largest change.
func (s *mStep) updateM(m [][]float64) float64 {
	const alpha = 0.05 // pseudo-count: no level's m reaches 0
	delta := 0.0
	for f := range m {
		if s.den[f] == 0 {
			continue
		}
		for l := range m[f] {
			v := (s.num[f][l] + alpha) / (s.den[f] + alpha*float64(s.levels[f]))
			delta = max(delta, math.Abs(v-m[f][l]))
			m[f][l] = v
		}
	}
	return delta
}

// ruleUses reports whether blocking rule r keys on one of c's columns:
// the pairs r finds then agree on c by construction, and say nothing of
// how often matches do.
func ruleUses(r BlockRule, c *Comparison) bool {
	for _, p := range r {
		col, _, _ := strings.Cut(p, ":")
		for _, cc := range c.Columns {
			if strings.EqualFold(strings.TrimSpace(col), strings.TrimSpace(cc)) {
				return true
			}
		}
	}
	return false
}

// maxSessionBlock leaves blocks with more rows out of the training
// sessions: a very common key's pairs would outweigh every other block's.
const maxSessionBlock = 2000

// sessionPatterns counts the comparison vectors of the pairs blocking rule
// k finds on its own (every pair whose keys agree, not only those earlier
// rules missed), keeping only the comparisons whose bits are in keep.
func (lk *Linker) sessionPatterns(ctx context.Context, k int, keep uint64) ([]uint64, []float64, error) {
	parts := make([]map[uint64]float64, lk.chunks())
	err := lk.forChunks(ctx, func(c, lo, hi int) {
		agg := map[uint64]float64{}
		for i := lo; i < hi; i++ {
			if lk.offStride(i) {
				continue
			}
			key := lk.blk.lk[k][i]
			if key == 0 {
				continue
			}
			rows := lk.blk.block(k, key)
			if len(rows) > maxSessionBlock || lk.Model.MaxBlock > 0 && len(rows) > lk.Model.MaxBlock {
				continue
			}
			for _, j32 := range rows {
				j := int(j32)
				if lk.dedupe && j <= i {
					continue
				}
				agg[lk.pattern(i, j)&keep]++
			}
		}
		parts[c] = agg
	})
	if err != nil {
		return nil, nil, err
	}
	pats, counts := sumPatterns(parts)
	return pats, counts, nil
}

// cloneTable copies a table of probabilities per field and level, so EM
// can change its own.
func cloneTable(t [][]float64) [][]float64 {
	c := make([][]float64, len(t))
	for f := range t {
		c[f] = slices.Clone(t[f])
	}
	return c
}

// sumPatterns adds up the workers' counts of comparison patterns and
// returns the patterns sorted, with their counts: a fixed order, so the
// sums are the same whatever the workers.
func sumPatterns(parts []map[uint64]float64) (pats []uint64, counts []float64) {
	all := map[uint64]float64{}
	for _, p := range parts {
		for k, v := range p {
			all[k] += v
		}
	}
	pats = make([]uint64, 0, len(all))
	for p := range all {
		pats = append(pats, p)
	}
	slices.Sort(pats)
	counts = make([]float64, len(pats))
	for i, p := range pats {
		counts[i] = all[p]
	}
	return pats, counts
}

// sessionM estimates m as Splink does: one EM per blocking rule, on the
// pairs that rule finds, leaving out the comparisons the rule keys on
// (they agree by construction); a comparison's m is the mean over the
// sessions that estimated it. u stays at the random pairs' values. ok[f]
// is false for a comparison every rule keys on.
func (lk *Linker) sessionM(ctx context.Context, levels []int, m0, u [][]float64) (m [][]float64, ok []bool, sessions int, err error) {
	mod := lk.Model
	nc := len(mod.Comparisons)
	m = make([][]float64, nc)
	n := make([]int, nc)
	for f := range m {
		m[f] = make([]float64, levels[f])
	}
	for k, r := range mod.Blocking {
		var keep uint64
		for f := range mod.Comparisons {
			if !ruleUses(r, &mod.Comparisons[f]) {
				keep |= (1<<patternBits - 1) << (patternBits * f)
			}
		}
		if keep == 0 {
			continue
		}
		pats, counts, err := lk.sessionPatterns(ctx, k, keep)
		if err != nil {
			return nil, nil, 0, err
		}
		total := 0.0
		for _, c := range counts {
			total += c
		}
		if total < 10 {
			continue
		}
		mk, _, _, _ := emOpt(pats, counts, levels, m0, u, 0.2, total, emOptions{maxIter: mod.MaxIter, tol: mod.Tol, maxLambda: 0.999})
		sessions++
		for f := range mod.Comparisons {
			if keep>>(patternBits*f)&(1<<patternBits-1) == 0 {
				continue
			}
			for l := range mk[f] {
				m[f][l] += mk[f][l]
			}
			n[f]++
		}
	}
	ok = make([]bool, nc)
	for f := range m {
		if n[f] == 0 {
			continue
		}
		ok[f] = true
		for l := range m[f] {
			m[f][l] /= float64(n[f])
		}
	}
	return m, ok, sessions, nil
}
