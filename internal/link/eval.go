package link

import (
	"fmt"
	"regexp"
)

// Metrics compares predicted links with the truth.
type Metrics struct {
	TP        int64   `json:"tp"`
	FP        int64   `json:"fp"`
	FN        int64   `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func metrics(tp, predicted, truth int64) Metrics {
	m := Metrics{TP: tp, FP: predicted - tp, FN: truth - tp}
	if predicted > 0 {
		m.Precision = float64(tp) / float64(predicted)
	}
	if truth > 0 {
		m.Recall = float64(tp) / float64(truth)
	}
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	return m
}

// TruthIDs reads the true entity of every row from column col; pattern,
// when set, is a regular expression whose first group is the entity
// (FEBRL: `rec-(\d+)`). An empty id is an entity of its own.
func TruthIDs(t *Table, col, pattern string) ([]string, error) {
	vals, ok := t.Column(col)
	if !ok {
		return nil, fmt.Errorf("table %s has no truth column %q", t.Name, col)
	}
	if pattern == "" {
		return vals, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("truth pattern: %w", err)
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		if m := re.FindStringSubmatch(v); len(m) > 1 {
			out[i] = m[1]
		} else {
			out[i] = v
		}
	}
	return out, nil
}

// EvaluateLinks scores links between two tables against their rows' true
// entities: a true pair is any left and right row of one entity.
func EvaluateLinks(pairs []Pair, left, right []string) Metrics {
	cl, cr := map[string]int64{}, map[string]int64{}
	for _, v := range left {
		if v != "" {
			cl[v]++
		}
	}
	for _, v := range right {
		if v != "" {
			cr[v]++
		}
	}
	var truth int64
	for v, n := range cl {
		truth += n * cr[v]
	}
	var tp int64
	for _, p := range pairs {
		if a := left[p.L]; a != "" && a == right[p.R] {
			tp++
		}
	}
	return metrics(tp, int64(len(pairs)), truth)
}

// EvaluatePairs scores accepted pairs of a dedupe against true entities.
func EvaluatePairs(pairs []Pair, ids []string) Metrics {
	var tp int64
	for _, p := range pairs {
		if a := ids[p.L]; a != "" && a == ids[p.R] {
			tp++
		}
	}
	return metrics(tp, int64(len(pairs)), truePairs(ids))
}

func truePairs(ids []string) int64 {
	c := map[string]int64{}
	for _, v := range ids {
		if v != "" {
			c[v]++
		}
	}
	var n int64
	for _, k := range c {
		n += k * (k - 1) / 2
	}
	return n
}

// EvaluateClusters scores a clustering pairwise: the pairs of rows put in
// one cluster against the pairs of rows of one true entity.
func EvaluateClusters(clusters []int32, ids []string) Metrics {
	type key struct {
		c  int32
		id string
	}
	size := map[int32]int64{}
	both := map[key]int64{}
	for i, c := range clusters {
		size[c]++
		if ids[i] != "" {
			both[key{c, ids[i]}]++
		}
	}
	var predicted, tp int64
	for _, n := range size {
		predicted += n * (n - 1) / 2
	}
	for _, n := range both {
		tp += n * (n - 1) / 2
	}
	return metrics(tp, predicted, truePairs(ids))
}

// EvaluateScored scores a dedupe's accepted pairs as Splink's
// accuracy_analysis_from_labels_column does: besides the blocked pairs,
// every true pair is scored, found by blocking or not, and counts as
// predicted when its weight reaches thr. Blocking's misses then cost
// recall only when the model would have rejected the pair anyway.
func EvaluateScored(pairs []Pair, ids []string, weight func(i, j int) float64, thr float64) Metrics {
	accepted := make(map[[2]uint32]bool, len(pairs))
	var tp int64
	for _, p := range pairs {
		accepted[[2]uint32{min(p.L, p.R), max(p.L, p.R)}] = true
		if a := ids[p.L]; a != "" && a == ids[p.R] {
			tp++
		}
	}
	predicted := int64(len(pairs))
	groups := map[string][]int{}
	for i, v := range ids {
		if v != "" {
			groups[v] = append(groups[v], i)
		}
	}
	for _, g := range groups {
		for x := range g {
			for _, j := range g[x+1:] {
				i := g[x]
				if accepted[[2]uint32{uint32(i), uint32(j)}] || weight(i, j) < thr {
					continue
				}
				tp++
				predicted++
			}
		}
	}
	return metrics(tp, predicted, truePairs(ids))
}
