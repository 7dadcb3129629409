package link

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNameLevel(t *testing.T) {
	cases := []struct {
		name string
		a, b string
		want string
	}{
		{"exact", "SITI AMINAH", "SITI AMINAH", "exact"},
		{"old spelling", "SOEHARTO", "SUHARTO", "key"},
		{"title", "H. AHMAD DAHLAN", "AHMAD DAHLAN", "exact"},
		{"abbreviation", "MOH. RIDWAN", "MUHAMMAD RIDWAN", "key"},
		{"one typo", "KURNIAWATI", "KURNIAWATY", "key"},
		{"jw95", "MARGARETHA", "MARGARETA", "jw95"},
		{"reordered", "AMINAH SITI", "SITI AMINAH", "tokens"},
		{"extra word", "SITI AMINAH", "AMINAH", "tokens"},
		{"close", "RAHMAWATI", "RAHMAWATTI", "key"},
		{"jw88", "SUSANTI", "SUSANTO", "jw88"},
		{"one typo, short name", "MSRY", "MARY", "jw88"},
		{"key folds apart, clean close", "MOORE", "MOOE", "jw95"},
		{"initial", "J", "JOKO", "initials"},
		{"different", "BUDI", "WAYAN", "else"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := &Table{Name: "t", Columns: []string{"n"}, Cols: [][]string{{c.a, c.b}}}
			cmp := &Comparison{Name: "n", Kind: KindName, Columns: []string{"n"}}
			f := prepare(cmp, tb.Cols[0], newInterner(), newInterner(), time.Time{})
			l := level(KindName, &f, &f, 0, 1)
			if got := KindName.Levels()[l]; got != c.want {
				t.Errorf("%q vs %q: %s, want %s", c.a, c.b, got, c.want)
			}
		})
	}
}

func TestLevels(t *testing.T) {
	ref := time.Date(2023, 7, 2, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		kind Kind
		a, b string
		want string // "null" for no level
	}{
		{"date exact", KindDate, "1980-01-12", "12-01-1980", "exact"},
		{"date swap", KindDate, "1980-01-12", "1980-12-01", "swap"},
		{"date digit", KindDate, "1980-01-12", "1980-01-13", "digit"},
		{"date year", KindDate, "1980-01-12", "1980-06-30", "year"},
		{"date else", KindDate, "1980-01-12", "1975-03-04", "else"},
		{"date missing", KindDate, "", "1975-03-04", "null"},
		{"febrl date", KindDate, "19151111", "1915-11-11", "exact"},
		{"historical date", KindDate, "1630-08-01", "1630-08-01", "exact"},
		{"historical digit", KindDate, "1630-08-01", "1630-08-11", "digit"},
		{"not a calendar day", KindDate, "1800-81-01", "1800-01-01", "digit"},
		{"date year digit", KindDate, "1630-08-01", "1638-08-01", "year_digit"},
		{"not a calendar day, year digit", KindDate, "1800-81-01", "1801-81-01", "year_digit"},
		{"postcode exact", KindPostcode, "tq13 8df", "TQ138DF", "exact"},
		{"postcode typo", KindPostcode, "tq13 8df", "tq1w 8df", "typo"},
		{"postcode sector", KindPostcode, "tq13 8df", "tq13 8jr", "sector"},
		{"postcode district", KindPostcode, "tq13 8df", "tq13 2ab", "district"},
		{"postcode area", KindPostcode, "tq13 8df", "tq1 2ab", "area"},
		{"postcode else", KindPostcode, "tq13 8df", "ex1 2ab", "else"},
		{"postcode missing", KindPostcode, "", "ex1 2ab", "null"},
		{"age vs date", KindAge, "43", "1980-01-12", "exact"},
		{"age pm1", KindAge, "42", "1980-01-12", "pm1"},
		{"age else", KindAge, "30", "1980-01-12", "else"},
		{"sex", KindExact, "P", "p", "exact"},
		{"sex differs", KindExact, "P", "L", "else"},
		{"string exact", KindString, "Jl. Merdeka 5", "JL MERDEKA 5", "exact"},
		{"string close", KindString, "JALAN MERDEKA", "JALAN MERDEKAA", "jw90"},
		{"number pm1", KindNumber, "003", "4", "pm1"},
		{"code typo", KindCode, "4223", "4232", "typo"},
		{"code swap only neighbours", KindCode, "4223", "3224", "else"},
		{"region exact", KindRegion, "32.04.11.2001", "3204112001", "exact"},
		{"region district", KindRegion, "3204112001", "3204112002", "district"},
		{"region coarse leak", KindRegion, "3204", "3204112002", "regency"},
		{"masked agree", KindMasked, "320411**********", "3204110101800001", "visible"},
		{"masked agree 12", KindMasked, "320411010180****", "3204110101800001", "visible10"},
		{"masked contradicts", KindMasked, "320411**********01", "3204110101800001", "else"},
		{"complete typo", KindMasked, "3204110101800002", "3204110101800001", "typo"},
		{"complete exact", KindMasked, "3204110101800001", "3204110101800001", "exact"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmp := &Comparison{Name: "x", Kind: c.kind}
			in, kin := newInterner(), newInterner()
			fa := prepare(cmp, []string{c.a}, in, kin, ref)
			fb := prepare(cmp, []string{c.b}, in, kin, ref)
			l := level(c.kind, &fa, &fb, 0, 0)
			got := "null"
			if l >= 0 {
				got = c.kind.Levels()[l]
			}
			if got != c.want {
				t.Errorf("%q vs %q: %s, want %s", c.a, c.b, got, c.want)
			}
		})
	}
}

func TestSwappedNames(t *testing.T) {
	tb := &Table{Name: "t", Columns: []string{"first", "last"}, Cols: [][]string{
		{"thomas", "clifford", "thomas", "anne"},
		{"chudleigh", "thomas", "chudleigh", "smith"},
	}}
	m := &Model{
		Comparisons: []Comparison{
			{Name: "first", Kind: KindName, Columns: []string{"first"}, Swap: "last"},
			{Name: "last", Kind: KindName, Columns: []string{"last"}, Swap: "first"},
		},
		Blocking: []BlockRule{{"first"}},
	}
	lk, err := NewLinker(m, tb, nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name        string
		i, j        int
		first, last string
	}{
		{"forename filed as surname", 0, 1, "swapped", "swapped"},
		{"same person", 0, 2, "exact", "exact"},
		{"unrelated", 0, 3, "else", "else"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := KindName.Levels()[lk.level(0, c.i, c.j)]; got != c.first {
				t.Errorf("first: %s, want %s", got, c.first)
			}
			if got := KindName.Levels()[lk.level(1, c.i, c.j)]; got != c.last {
				t.Errorf("last: %s, want %s", got, c.last)
			}
		})
	}
	m.Comparisons[0].Swap = "nosuch"
	if _, err := NewLinker(m, tb, nil); !errors.Is(err, ErrBadModel) {
		t.Errorf("swap with an unknown comparison: %v, want ErrBadModel", err)
	}
}

func TestSoundex(t *testing.T) {
	for in, want := range map[string]string{"ROBERT": "R163", "RUPERT": "R163", "TYMCZAK": "T522", "PFISTER": "P236", "ASHCRAFT": "A261", "A": "A000", "": ""} {
		if got := soundex(in); got != want {
			t.Errorf("soundex(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEMRecovers draws comparison vectors from known m, u and λ and checks
// that EM, given u, finds m and λ again; and with u estimated among the
// pairs (blocked u), u too.
func TestEMRecovers(t *testing.T) {
	levels := []int{3, 2, 4}
	m := [][]float64{{0.85, 0.1, 0.05}, {0.95, 0.05}, {0.7, 0.15, 0.1, 0.05}}
	u := [][]float64{{0.01, 0.04, 0.95}, {0.5, 0.5}, {0.02, 0.03, 0.05, 0.9}}
	const lambda, n = 0.1, 200_000
	rng := rand.New(rand.NewPCG(1, 2))
	draw := func(p []float64) int {
		x := rng.Float64()
		for l, v := range p {
			if x < v {
				return l
			}
			x -= v
		}
		return len(p) - 1
	}
	counts := map[uint64]float64{}
	for range n {
		src := u
		if rng.Float64() < lambda {
			src = m
		}
		var p uint64
		for f := range levels {
			p |= uint64(draw(src[f])+1) << (patternBits * f)
		}
		counts[p]++
	}
	var pats []uint64
	var cs []float64
	for p, c := range counts {
		pats = append(pats, p)
		cs = append(cs, c)
	}
	m0 := make([][]float64, len(levels))
	for f := range m0 {
		m0[f] = initialM(levels[f])
	}
	for _, blocked := range []bool{false, true} {
		name := "random u"
		u0 := u
		if blocked {
			name = "blocked u"
			u0 = [][]float64{{0.2, 0.3, 0.5}, {0.4, 0.6}, {0.25, 0.25, 0.25, 0.25}}
		}
		t.Run(name, func(t *testing.T) {
			gm, gu, gl, st := em(pats, cs, levels, m0, u0, 0.01, n, 500, 1e-7, blocked)
			if math.Abs(gl-lambda) > 0.01 {
				t.Errorf("λ %.4f, want %.2f", gl, lambda)
			}
			for f := range m {
				for l := range m[f] {
					if math.Abs(gm[f][l]-m[f][l]) > 0.03 {
						t.Errorf("m[%d][%d] = %.3f, want %.3f", f, l, gm[f][l], m[f][l])
					}
					if math.Abs(gu[f][l]-u[f][l]) > 0.02 {
						t.Errorf("u[%d][%d] = %.3f, want %.3f", f, l, gu[f][l], u[f][l])
					}
				}
			}
			t.Logf("%d iterations, converged %v", st.Iterations, st.Converged)
		})
	}
}

func TestBlockingCounts(t *testing.T) {
	l := &Table{Name: "l", Columns: []string{"a", "b"}, Cols: [][]string{{"x", "x", "y", ""}, {"1", "2", "1", "1"}}}
	r := &Table{Name: "r", Columns: []string{"a", "b"}, Cols: [][]string{{"x", "y", "y"}, {"1", "1", "3"}}}
	cases := []struct {
		name   string
		rules  []BlockRule
		dedupe bool
		want   []int64 // new pairs per rule
	}{
		{"one rule", []BlockRule{{"a"}}, false, []int64{4}},                    // l0–r0, l1–r0, l2–r1, l2–r2
		{"union counts once", []BlockRule{{"a"}, {"b"}}, false, []int64{4, 4}}, // b adds l0–r1, l2–r0, l3–r0, l3–r1
		{"two parts", []BlockRule{{"a", "b"}}, false, []int64{2}},              // l0–r0, l2–r1
		{"dedupe", []BlockRule{{"a"}, {"b"}}, true, []int64{1, 3}},             // (0,1); (0,2), (0,3), (2,3)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rt *Table
			if !c.dedupe {
				rt = r
			}
			b, err := newBlocker(l, rt, c.rules, nil, time.Time{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			counts := make([]int64, len(c.rules))
			var sk int64
			seen := map[[2]int]bool{}
			for i := range l.Len() {
				b.candidates(i, counts, &sk, func(j int) {
					if seen[[2]int{i, j}] {
						t.Errorf("pair %d–%d twice", i, j)
					}
					seen[[2]int{i, j}] = true
				})
			}
			want := c.want
			for k := range want {
				if counts[k] != want[k] {
					t.Errorf("rule %v: %d pairs, want %d", c.rules[k], counts[k], want[k])
				}
			}
		})
	}
}

func TestOneToOne(t *testing.T) {
	pairs := []Pair{{0, 0, 10}, {0, 1, 12}, {1, 1, 11}, {1, 0, 9}, {2, 2, 1}}
	got := OneToOne(pairs)
	want := []Pair{{0, 1, 12}, {1, 0, 9}, {2, 2, 1}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	best := BestLeft(pairs)
	if len(best) != 3 || best[0] != (Pair{0, 1, 12}) || best[1] != (Pair{1, 1, 11}) {
		t.Errorf("BestLeft: %v", best)
	}
}

func TestComponents(t *testing.T) {
	got := Components(6, []Pair{{0, 2, 1}, {2, 4, 1}, {3, 5, 1}})
	want := []int32{0, 1, 0, 3, 0, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("clusters %v, want %v", got, want)
		}
	}
	m := EvaluateClusters(got, []string{"a", "b", "a", "c", "a", "d"})
	if m.TP != 3 || m.FP != 1 || m.FN != 0 {
		t.Errorf("metrics %+v", m)
	}
}

// TestAverageLinkage: a chain of strong pairs does not join two records
// whose own pair was scored and is weak; connected components would.
func TestAverageLinkage(t *testing.T) {
	strong, weak := WeightFor(0.99), WeightFor(0.001)
	accepted := []Pair{{0, 1, strong}, {1, 2, strong}, {3, 4, strong}}
	near := []Pair{{0, 2, weak}}
	got := AverageLinkage(5, accepted, near, 0.5)
	// 2 would join {0, 1} at a mean of (0.99 + 0.001)/2 < 0.5.
	if want := []int32{0, 0, 2, 3, 3}; !slices.Equal(got, want) {
		t.Errorf("clusters %v, want %v", got, want)
	}
	if c := Components(5, accepted); c[2] != 0 {
		t.Errorf("components %v: the chain should join 2 to 0", c)
	}
}

// TestSplinkFake1000 deduplicates Splink's fake_1000 without labels. Its
// published F1 at match probability 0.5, every true pair scored, is 0.806.
func TestSplinkFake1000(t *testing.T) {
	var b Benchmark
	for _, x := range Benchmarks(benchDir(t)) {
		if strings.HasPrefix(x.Name, "splink fake_1000") {
			b = x
		}
	}
	res, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pairs %+v\nscored %+v\nclusters %+v", res.Pairs, *res.Scored, *res.Clusters)
	if res.Scored.F1 < 0.85 || res.Clusters.F1 < 0.88 {
		t.Errorf("F1 scored %.4f (want ≥ 0.85), clusters %.4f (want ≥ 0.88)", res.Scored.F1, res.Clusters.F1)
	}
}

func benchDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "data", "linkage-benchmarks")
	if _, err := os.Stat(filepath.Join(dir, "febrl", "dataset4a.csv")); err != nil {
		t.Skip("linkage benchmarks not found at", dir)
	}
	return dir
}

// TestFEBRL4 links FEBRL 4a × 4b without labels: F1 must reach 0.99.
func TestFEBRL4(t *testing.T) {
	b := Benchmarks(benchDir(t))[0]
	m := b.Model()
	m.USample = 300_000
	l, err := ReadTable(b.Left)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ReadTable(b.Right)
	if err != nil {
		t.Fatal(err)
	}
	res, err := RunModel(context.Background(), m, l, r)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("precision %.4f recall %.4f F1 %.4f, %d pairs (reduction %.5f), %v", res.Pairs.Precision, res.Pairs.Recall, res.Pairs.F1, res.Block.Pairs, res.Block.Reduction, res.Total)
	if res.Pairs.F1 < 0.99 {
		t.Errorf("F1 %.4f < 0.99", res.Pairs.F1)
	}

	// The saved parameters repeat the run without training.
	path := filepath.Join(t.TempDir(), "model.json")
	if err := SaveModel(path, m); err != nil {
		t.Fatal(err)
	}
	m2, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if !m2.Trained() {
		t.Fatal("loaded model not trained")
	}
	res2, err := RunModel(context.Background(), m2, l, r)
	if err != nil {
		t.Fatal(err)
	}
	if res2.Pairs != res.Pairs {
		t.Errorf("repeat: %+v, first run %+v", res2.Pairs, res.Pairs)
	}

	// Explain: the contributions add up to the weight.
	lk, err := NewLinker(m2, l, r)
	if err != nil {
		t.Fatal(err)
	}
	e := lk.Explain(0, 0)
	sum := e.Prior + e.Competition
	for _, f := range e.Fields {
		sum += f.Weight + f.TF
	}
	if math.Abs(sum-e.Weight) > 1e-9 {
		t.Errorf("contributions add to %.6f, weight %.6f", sum, e.Weight)
	}
}

// TestWorkersSameResult: the outcome does not depend on the worker count.
func TestWorkersSameResult(t *testing.T) {
	b := Benchmarks(benchDir(t))[0]
	l, _ := ReadTable(b.Left)
	r, _ := ReadTable(b.Right)
	var first []Pair
	for _, w := range []int{1, 3} {
		m := b.Model()
		m.USample = 50_000
		lk, err := NewLinker(m, l, r)
		if err != nil {
			t.Fatal(err)
		}
		lk.Workers = w
		if _, err := lk.Train(context.Background()); err != nil {
			t.Fatal(err)
		}
		p, err := lk.Predict(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = p.Pairs
			continue
		}
		if len(p.Pairs) != len(first) {
			t.Fatalf("%d workers: %d pairs, 1 worker: %d", w, len(p.Pairs), len(first))
		}
		for i := range first {
			if first[i].L != p.Pairs[i].L || first[i].R != p.Pairs[i].R || math.Abs(first[i].Weight-p.Pairs[i].Weight) > 1e-9 {
				t.Fatalf("%d workers: pair %d differs", w, i)
			}
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n3\n"))
	f.Add([]byte("\ufeffx;y\n\"q;\"\"\";2\n"))
	f.Add([]byte("a\tb\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, err := ReadCSV(bytes.NewReader(b))
		if err != nil {
			return
		}
		for c := range tb.Cols {
			if len(tb.Cols[c]) != tb.Len() {
				t.Fatalf("column %d has %d values, table %d rows", c, len(tb.Cols[c]), tb.Len())
			}
			for _, v := range tb.Cols[c] {
				if v != strings.TrimSpace(v) {
					t.Fatalf("value %q not trimmed", v)
				}
			}
		}
	})
}
