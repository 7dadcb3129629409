package link

import (
	"math"
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
)

func TestZZDebug(t *testing.T) {
	name := os.Getenv("ZZ")
	if name == "" {
		t.Skip()
	}
	var b Benchmark
	for _, x := range Benchmarks(benchDir(t)) {
		if x.Name == name {
			b = x
		}
	}
	m := b.Model()
	l, err := ReadBenchTable(b.Left, b.Header)
	if err != nil {
		t.Fatal(err)
	}
	var r *Table
	if b.Right != "" {
		r, _ = ReadBenchTable(b.Right, b.Header)
	}
	lk, err := NewLinker(m, l, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lk.Train(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, c := range m.Comparisons {
		fmt.Printf("%-14s", c.Name)
		for k := range c.Levels {
			fmt.Printf(" %s m=%.3f u=%.4f w=%.1f |", c.Levels[k], c.M[k], c.U[k], lk.w[0][0]*0+log2(c.M[k]/c.U[k]))
		}
		fmt.Println()
	}
	fmt.Printf("lambda %g pi %g em %+v\n", m.Lambda, m.Pi, *m.EM)
	p, _ := lk.Predict(context.Background())
	lt, _ := TruthIDs(l, m.Truth, m.TruthPattern)
	rt := lt
	if r != nil {
		rt, _ = TruthIDs(r, m.Truth, m.TruthPattern)
	}
	row := func(tb *Table, i int) string {
		s := ""
		for c := range tb.Columns {
			s += tb.Cols[c][i] + "|"
		}
		return s
	}
	nshow, _ := strconv.Atoi(os.Getenv("ZZN"))
	if nshow == 0 {
		nshow = 15
	}
	k := 0
	for _, pr := range p.Pairs {
		if lt[pr.L] != rt[pr.R] && k < nshow {
			k++
			rr := r
			if rr == nil {
				rr = l
			}
			fmt.Printf("FP w=%.1f\n  %s\n  %s\n", pr.Weight, row(l, int(pr.L)), row(rr, int(pr.R)))
			e := lk.Explain(int(pr.L), int(pr.R))
			for _, f := range e.Fields {
				fmt.Printf("    %s %s %.1f tf %.1f\n", f.Field, f.Level, f.Weight, f.TF)
			}
		}
	}
	acc := map[[2]uint32]bool{}
	for _, pr := range p.Pairs {
		acc[[2]uint32{pr.L, pr.R}] = true
	}
	byID := map[string][]int{}
	for j, v := range rt {
		byID[v] = append(byID[v], j)
	}
	k = 0
	rr := r
	if rr == nil {
		rr = l
	}
	for i, v := range lt {
		for _, j := range byID[v] {
			if r == nil && j <= i {
				continue
			}
			if acc[[2]uint32{uint32(i), uint32(j)}] || k >= nshow {
				continue
			}
			k++
			e := lk.Explain(i, j)
			fmt.Printf("FN w=%.1f\n  %s\n  %s\n", e.Weight, row(l, i), row(rr, j))
			for _, f := range e.Fields {
				fmt.Printf("    %s %s %.1f tf %.1f\n", f.Field, f.Level, f.Weight, f.TF)
			}
		}
	}
}

func log2(x float64) float64 { return math.Log2(x) }
