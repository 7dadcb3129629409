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
