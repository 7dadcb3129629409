package link

import "slices"

// OneToOne keeps, greedily by weight, the pairs whose rows are both still
// free: each row is linked at most once, as when both sides are
// deduplicated. Ties go to the lower rows, so the result is the same for
// any input order.
func OneToOne(pairs []Pair) []Pair {
	ps := slices.Clone(pairs)
	slices.SortFunc(ps, byWeight)
	usedL, usedR := map[uint32]bool{}, map[uint32]bool{}
	out := ps[:0]
	for _, p := range ps {
		if usedL[p.L] || usedR[p.R] {
			continue
		}
		usedL[p.L], usedR[p.R] = true, true
		out = append(out, p)
	}
	return out
}

// BestLeft keeps each left row's strongest pair (a right row may be
// linked by several left rows: a leak that lists a person twice).
func BestLeft(pairs []Pair) []Pair {
	ps := slices.Clone(pairs)
	slices.SortFunc(ps, byWeight)
	used := map[uint32]bool{}
	out := ps[:0]
	for _, p := range ps {
		if used[p.L] {
			continue
		}
		used[p.L] = true
		out = append(out, p)
	}
	return out
}

// Components clusters n rows by the connected components of pairs; a
// row's cluster is the smallest row of its component.
func Components(n int, pairs []Pair) []int32 {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range pairs {
		a, b := find(int32(p.L)), find(int32(p.R))
		if a == b {
			continue
		}
		if a < b {
			parent[b] = a
		} else {
			parent[a] = b
		}
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = find(int32(i))
	}
	return out
}

// AverageLinkage clusters n rows greedily, strongest accepted pair first:
// the pair's two clusters merge when the mean match probability over
// every scored pair between them (scored: the accepted pairs and the
// rejected ones passed in near) reaches threshold. Unlike connected
// components, a chain of strong pairs (A–B, B–C) does not join A and C
// when A–C was scored and is weak, so one person's records do not pull in
// another's through a third record like both. A row's cluster is the
// smallest row of its cluster.
func AverageLinkage(n int, accepted, near []Pair, threshold float64) []int32 {
	type link struct {
		sum float64
		n   int
	}
	adj := make([]map[int32]link, n)
	add := func(a, b int32, p float64) {
		if adj[a] == nil {
			adj[a] = map[int32]link{}
		}
		l := adj[a][b]
		adj[a][b] = link{l.sum + p, l.n + 1}
	}
	for _, ps := range [][]Pair{accepted, near} {
		for _, p := range ps {
			pr := Probability(p.Weight)
			add(int32(p.L), int32(p.R), pr)
			add(int32(p.R), int32(p.L), pr)
		}
	}
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	edges := slices.Clone(accepted)
	slices.SortFunc(edges, byWeight)
	for _, e := range edges {
		a, b := find(int32(e.L)), find(int32(e.R))
		if a == b {
			continue
		}
		l := adj[a][b]
		if l.n == 0 || l.sum/float64(l.n) < threshold {
			continue
		}
		if len(adj[a]) < len(adj[b]) {
			a, b = b, a
		}
		// b joins a: its links become a's.
		for c, lb := range adj[b] {
			if c == a {
				continue
			}
			la := adj[a][c]
			adj[a][c] = link{la.sum + lb.sum, la.n + lb.n}
			lc := adj[c][a]
			lcb := adj[c][b]
			adj[c][a] = link{lc.sum + lcb.sum, lc.n + lcb.n}
			delete(adj[c], b)
		}
		delete(adj[a], b)
		adj[b] = nil
		parent[b] = a
	}
	// The smallest row of each cluster names it.
	low := make([]int32, n)
	for i := range low {
		low[i] = -1
	}
	out := make([]int32, n)
	for i := range out {
		r := find(int32(i))
		if low[r] < 0 {
			low[r] = int32(i)
		}
		out[i] = low[r]
	}
	return out
}
