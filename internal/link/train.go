package link

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"

	"github.com/telusur/telusur/internal/dataset"
)

// TrainInfo says how the scored passes' weights were estimated.
type TrainInfo struct {
	Rows        int     `json:"rows"`         // leak rows sampled
	Pairs       int     `json:"block_pairs"`  // candidate pairs EM ran on
	RandomPairs int     `json:"random_pairs"` // pairs u was counted on
	Lambda      float64 `json:"lambda"`       // estimated share of true matches among candidate pairs
	Iterations  int     `json:"iterations"`
	Converged   bool    `json:"converged"`
	// M and U are, per field, the estimated probabilities of equal, close
	// and differing values among true and among random pairs.
	M map[string][3]float64 `json:"m"`
	U map[string][3]float64 `json:"u"`
	// Used is false when the estimate was not trusted (Reason says why)
	// and the default weights were used instead.
	Used   bool   `json:"used"`
	Reason string `json:"reason,omitempty"`
}

// TrainOptions tune Train.
type TrainOptions struct {
	Ref        time.Time
	SampleRows int // leak rows to sample (default 10,000)
	MaxBlock   int // candidates kept per row (default 30)
	RandomPer  int // random reference rows per sampled row, for u (default 2)
	Seed       uint64
}

// trainFields are the fields whose weights are estimated: all the scored
// passes weigh but the name and birth year, which agree within a block by
// construction.
var trainFields = []Field{FNIK, FNKK, FBirthDate, FAge, FBirthPlace, FSex, FMarital, FAddress, FRT, FRW, FTPS, FRegion, FPassport}

// Train estimates the scored passes' weights from the leak and the
// reference without labels, in the Fellegi–Sunter way: u (how often a
// field agrees by chance) by comparing sampled leak rows with random
// reference rows, m (how often it agrees for the same person) and the share
// of true matches by EM over the candidate pairs the name-year blocks
// give. Weights are log2(m/u). When the estimate cannot be trusted (too few
// pairs, no clear matches, a birth date that does not tell people apart),
// the defaults are returned with Used false and the reason.
func Train(ctx context.Context, ws *dataset.Workspace, leak *dataset.Dataset, ix *Index, opt TrainOptions) (*WeightTable, *TrainInfo, error) {
	if opt.Ref.IsZero() {
		opt.Ref = time.Now()
	}
	if opt.SampleRows <= 0 {
		opt.SampleRows = 10000
	}
	if opt.MaxBlock <= 0 {
		opt.MaxBlock = 30
	}
	if opt.RandomPer <= 0 {
		opt.RandomPer = 2
	}
	info := &TrainInfo{M: map[string][3]float64{}, U: map[string][3]float64{}}
	def := Weights
	if ix.Meta.Rows == 0 {
		info.Reason = "empty reference"
		return &def, info, nil
	}
	l := newLinker(ix, &def, opt.Ref)
	errEnough := errors.New("enough")
	// Only runs of rows from a few row groups spread over the leak are
	// decoded: reading all of it for 10,000 rows doubled verify's decoding.
	sample := make([]dataset.Row, 0, opt.SampleRows)
	err := ws.ScanBatches(leak, LeakColumns, dataset.ScanOptions{SampleRows: int64(opt.SampleRows)}, func(b *dataset.Batch) error {
		defer b.Release()
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range b.Rows {
			r := &b.Rows[i]
			var ybuf [6]int
			if r.NameKey == "" || l.birthYears(r, &ybuf) == nil {
				continue
			}
			sample = append(sample, *r)
			if len(sample) >= opt.SampleRows {
				return errEnough
			}
		}
		return nil
	})
	if err != nil && err != errEnough {
		return nil, nil, fmt.Errorf("train on %s: %w", leak.Name, err)
	}
	info.Rows = len(sample)
	// The sampled rows' pairs are compared on every core: each pair is a
	// dozen random reads from the reference's columns, 85,000 pairs took
	// half a second on one. Each row draws its random pairs from its own
	// generator, so the pairs do not depend on how rows are shared out.
	nf := len(trainFields)
	type pats struct{ block, random []uint8 } // agreement levels, nf per pair
	per := make([]pats, len(sample))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var m Match
			var q probe
			pattern := func(dst []uint8, r *dataset.Row, p uint32) []uint8 {
				m = Match{}
				l.compare(&q, p, &m)
				for _, f := range trainFields {
					dst = append(dst, uint8(m.Fields[f]))
				}
				return dst
			}
			for i := w; i < len(sample); i += workers {
				r := &sample[i]
				q.fill(r)
				q.skipName = true
				pt := &per[i]
				n := 0
				var ybuf [6]int
				for _, y := range l.birthYears(r, &ybuf) {
					l.candidates(&q, y, func(p uint32) bool {
						if n == opt.MaxBlock {
							return false
						}
						if l.plausible(&q, p) {
							pt.block = pattern(pt.block, r, p)
							n++
						}
						return true
					})
				}
				rng := rand.New(rand.NewPCG(opt.Seed^0x7e1, uint64(i)))
				for range opt.RandomPer {
					pt.random = pattern(pt.random, r, uint32(rng.Int64N(ix.Meta.Rows)))
				}
			}
		}()
	}
	wg.Wait()
	var block, random [][]uint8
	for i := range per {
		for k := 0; k < len(per[i].block); k += nf {
			block = append(block, per[i].block[k:k+nf])
		}
		for k := 0; k < len(per[i].random); k += nf {
			random = append(random, per[i].random[k:k+nf])
		}
	}
	info.Pairs, info.RandomPairs = len(block), len(random)
	if len(block) < 200 {
		info.Reason = fmt.Sprintf("too few candidate pairs to estimate from (%d)", len(block))
		return &def, info, nil
	}

	// u: agreement by chance, with add-one smoothing.
	u := make([][3]float64, nf)
	for i := range nf {
		var c [3]float64
		for _, v := range random {
			if v[i] != uint8(Absent) {
				c[v[i]-1]++
			}
		}
		tot := c[0] + c[1] + c[2]
		for k := range 3 {
			u[i][k] = (c[k] + 1) / (tot + 3)
		}
	}
	// m and λ by EM, u held fixed.
	mm := make([][3]float64, nf)
	for i := range mm {
		mm[i] = [3]float64{0.9, 0.05, 0.05}
	}
	lambda := math.Min(0.5, float64(info.Rows)/float64(len(block)))
	// The pairs fall into a few hundred distinct agreement patterns; EM
	// runs over the patterns with their counts, and the logarithms are
	// taken once an iteration per field and level instead of per pair.
	type pattern struct {
		levels []uint8
		n      float64
	}
	var distinct []pattern
	seenPat := map[string]int{}
	for _, v := range block {
		if i, ok := seenPat[string(v)]; ok {
			distinct[i].n++
			continue
		}
		seenPat[string(v)] = len(distinct)
		distinct = append(distinct, pattern{levels: v, n: 1})
	}
	logU := make([][3]float64, nf)
	for i := range nf {
		for k := range 3 {
			logU[i][k] = math.Log(u[i][k])
		}
	}
	logM := make([][3]float64, nf)
	post := make([]float64, len(distinct))
	for it := 1; it <= 50; it++ {
		info.Iterations = it
		for i := range nf {
			for k := range 3 {
				logM[i][k] = math.Log(mm[i][k])
			}
		}
		for j, pt := range distinct {
			lm, lu := math.Log(lambda), math.Log(1-lambda)
			for i, a := range pt.levels {
				if a != uint8(Absent) {
					lm += logM[i][a-1]
					lu += logU[i][a-1]
				}
			}
			post[j] = 1 / (1 + math.Exp(lu-lm))
		}
		var sp float64
		next := make([][3]float64, nf)
		var present = make([]float64, nf)
		for j, pt := range distinct {
			p := post[j] * pt.n
			sp += p
			for i, a := range pt.levels {
				if a != uint8(Absent) {
					next[i][a-1] += p
					present[i] += p
				}
			}
		}
		newLambda := sp / float64(len(block))
		delta := math.Abs(newLambda - lambda)
		for i := range nf {
			for k := range 3 {
				v := (next[i][k] + 0.1) / (present[i] + 0.3)
				delta = math.Max(delta, math.Abs(v-mm[i][k]))
				mm[i][k] = v
			}
		}
		lambda = newLambda
		if delta < 1e-5 {
			info.Converged = true
			break
		}
	}
	info.Lambda = lambda
	for i, f := range trainFields {
		info.M[FieldNames[f]] = mm[i]
		info.U[FieldNames[f]] = u[i]
	}
	// The check field: the birth date when the leak has one, else the age.
	chk, chkName := 2, "birth-date" // FBirthDate in trainFields
	has := func(i int) bool {
		for _, v := range block {
			if v[i] != uint8(Absent) {
				return true
			}
		}
		return false
	}
	if !has(chk) {
		chk, chkName = 3, "age" // FAge
	}
	switch {
	case lambda < 1e-4:
		info.Reason = "the candidate pairs hold almost no true matches"
		return &def, info, nil
	case !has(chk):
		info.Reason = "the leak has neither birth dates nor ages to estimate with"
		return &def, info, nil
	case mm[chk][0] < 0.5 || mm[chk][0] <= u[chk][0]*2:
		info.Reason = "the estimated " + chkName + " agreement of true pairs is implausibly low"
		return &def, info, nil
	}
	w := WeightTable{NIKEqual: def.NIKEqual, MaskedDigit: def.MaskedDigit, Field: map[string][3]float64{}, Region: map[string]float64{}}
	bits := func(i, k int) float64 {
		return math.Max(-15, math.Min(20, math.Log2(mm[i][k]/u[i][k])))
	}
	for i, f := range trainFields {
		switch f {
		case FNIK:
			w.NIKOneOff, w.NIKDiffers = bits(i, 1), bits(i, 2)
		case FRegion:
			eq := bits(i, 0)
			w.Region = map[string]float64{"10": eq, "6": eq * 5 / 8, "4": eq * 3 / 8, "2": eq / 8}
			w.Field[FieldNames[f]] = [3]float64{0, bits(i, 1), bits(i, 2)}
		default:
			w.Field[FieldNames[f]] = [3]float64{bits(i, 0), bits(i, 1), bits(i, 2)}
		}
	}
	info.Used = true
	return &w, info, nil
}
