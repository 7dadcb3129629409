package link

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
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
	RandomPer  int // random reference rows per sampled row, for u (default 5)
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
		opt.RandomPer = 5
	}
	info := &TrainInfo{M: map[string][3]float64{}, U: map[string][3]float64{}}
	def := Weights
	if ix.Meta.Rows == 0 {
		info.Reason = "empty reference"
		return &def, info, nil
	}
	l := &linker{ix: ix, w: &def, refYear: opt.Ref.Year(), refDays: int32(opt.Ref.Unix() / 86400), dir: directory(ix.nikKey)}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x7e1))
	stride := max(1, int(leak.RowsAccepted)/opt.SampleRows)
	var block, random [][]uint8 // agreement levels per pair, by trainFields
	var m Match
	pattern := func(r *dataset.Row, p uint32) []uint8 {
		m = Match{}
		l.compare(r, p, &m)
		v := make([]uint8, len(trainFields))
		for i, f := range trainFields {
			v[i] = uint8(m.Fields[f])
		}
		return v
	}
	seen := 0
	errEnough := errors.New("enough")
	err := ws.ScanFields(leak, LeakColumns, func(rows []dataset.Row) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range rows {
			seen++
			if seen%stride != 0 {
				continue
			}
			r := &rows[i]
			years := l.birthYears(r)
			if r.NameKey == "" || years == nil {
				continue
			}
			info.Rows++
			n := 0
			for _, y := range years {
				for _, p := range l.block(nameYearKey(r.NameKey, y)) {
					if n == opt.MaxBlock {
						break
					}
					if !l.plausible(r, p) {
						continue
					}
					block = append(block, pattern(r, p))
					n++
				}
			}
			for range opt.RandomPer {
				random = append(random, pattern(r, uint32(rng.Int64N(ix.Meta.Rows))))
			}
			if info.Rows >= opt.SampleRows {
				return errEnough
			}
		}
		return nil
	})
	if err != nil && err != errEnough {
		return nil, nil, fmt.Errorf("train on %s: %w", leak.Name, err)
	}
	info.Pairs, info.RandomPairs = len(block), len(random)
	if len(block) < 200 {
		info.Reason = fmt.Sprintf("too few candidate pairs to estimate from (%d)", len(block))
		return &def, info, nil
	}

	// u: agreement by chance, with add-one smoothing.
	nf := len(trainFields)
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
	post := make([]float64, len(block))
	for it := 1; it <= 50; it++ {
		info.Iterations = it
		for j, v := range block {
			lm, lu := math.Log(lambda), math.Log(1-lambda)
			for i, a := range v {
				if a != uint8(Absent) {
					lm += math.Log(mm[i][a-1])
					lu += math.Log(u[i][a-1])
				}
			}
			post[j] = 1 / (1 + math.Exp(lu-lm))
		}
		var sp float64
		next := make([][3]float64, nf)
		var present = make([]float64, nf)
		for j, v := range block {
			p := post[j]
			sp += p
			for i, a := range v {
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
