package link

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/telusur/telusur/internal/dataset"
)

// Field identifies a compared field; its name is the role's.
type Field int

// The compared fields.
const (
	FNIK Field = iota
	FNKK
	FName
	FBirthDate
	FAge
	FBirthPlace
	FSex
	FMarital
	FAddress
	FRT
	FRW
	FTPS
	FRegion
	FPassport
	nFields
)

// FieldNames are the role names of the fields, in Field order.
var FieldNames = [nFields]string{"nik", "nkk", "name", "birth_date", "age", "birth_place", "sex", "marital_status", "address", "rt", "rw", "tps", "region_code", "passport"}

// Agreement is how one field of a linked pair compares.
type Agreement uint8

// The agreements.
const (
	Absent  Agreement = iota // missing on one side
	Equal                    // equal after normalisation
	Close                    // close: see Result.FieldClose
	Differs                  // different
)

func (a Agreement) String() string {
	return [...]string{"absent", "equal", "close", "differs"}[a]
}

// The passes, as counted in Result.MatchedBy.
const (
	PassExactNIK = "exact_nik"
	PassPassport = "exact_passport"
	PassNIKTypo  = "nik_typo"
	PassMasked   = "masked_nik"
	PassNameDOB  = "name_dob"
	PassNameAge  = "name_age"
)

// passes lists the passes in the order results show them.
var passes = [...]string{PassExactNIK, PassPassport, PassNIKTypo, PassMasked, PassNameDOB, PassNameAge}

const nPasses = len(passes)

func passIndex(p string) int {
	for i, q := range passes {
		if q == p {
			return i
		}
	}
	panic("link: unknown pass " + p)
}

// Match is the outcome for one leak row.
type Match struct {
	Matched bool
	Pass    string
	RefRow  uint32 // the matched row, or the best rejected candidate
	// Candidate is set on an unmatched row whose best candidate was scored
	// and rejected (below Accept, or not Margin ahead of the next).
	Candidate bool
	// Score is the weight of evidence (log2 odds, bits) of the pair, and
	// Evidence its parts per field: the waterfall that explains it.
	Score    float64
	Evidence [nFields]float64
	Fields   [nFields]Agreement
}

// Options tune Link.
type Options struct {
	// Ref is the date ages in the leak were counted at; zero: now.
	Ref time.Time
	// Workers compare in parallel (default GOMAXPROCS).
	Workers int
	// Accept is the weight of evidence a scored candidate needs (default
	// 8, i.e. odds of 256:1 before the prior), and Margin how far it must
	// lead the next candidate (default 3).
	Accept, Margin float64
	// Weights are the scored passes' weights (default: Weights; Train
	// estimates them from the leak and the reference).
	Weights *WeightTable
	// WeightsFrom says where Weights came from, for the report.
	WeightsFrom string
	// Visit, when set, is called for every leak row in order, with the
	// row's outcome. Both are valid only during the call.
	Visit func(r *dataset.Row, m *Match)
	// Each, when set, is called by worker w (0 ≤ w < Workers) with a batch
	// of rows it linked and their outcomes, in no particular order and
	// concurrently with the other workers: for per-row work that can be
	// summed afterwards, off the ordered path Visit is on.
	Each func(w int, rows []dataset.Row, ms []Match)
	// Progress, when set, is called with the rows done so far.
	Progress func(rows int64)
}

// LeakColumns are the leak's columns Link reads; the rows Visit sees
// have only these fields set.
var LeakColumns = []string{"row_id", "nik", "nik_masked", "nkk", "nkk_masked", "passport", "name", "name_key", "birth_place", "birth_date",
	"age", "sex", "marital_status", "address", "rt", "rw", "tps", "region_code"}

// Link links every row of the leak to the index's reference and measures
// how the linked rows agree.
func Link(ctx context.Context, ws *dataset.Workspace, leak *dataset.Dataset, ix *Index, opt Options) (*Result, error) {
	if opt.Ref.IsZero() {
		opt.Ref = time.Now()
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.Accept == 0 {
		opt.Accept = 8
	}
	if opt.Margin == 0 {
		opt.Margin = 3
	}
	if opt.Weights == nil {
		opt.Weights = &Weights
		opt.WeightsFrom = "default"
	}
	l := newLinker(ix, opt.Weights, opt.Ref)
	l.opt = opt
	l.seen = make([]uint64, (ix.Meta.Rows+63)/64)
	// A leak of more than a hundredth of the reference probes most of the
	// NIK table's pages: read it ahead in order (2 GiB at 205 M rows), not
	// a random page at a time, which is what the disk was waiting on.
	if leak.RowsAccepted*100 > ix.Meta.Rows && len(ix.nikHash) > 0 {
		willNeed(unsafe.Slice((*byte)(unsafe.Pointer(&ix.nikHash[0])), len(ix.nikHash)*8))
	}
	// Each decoding goroutine links the batch it has just decoded, while
	// the rows are in its core's cache (linking on other goroutines read
	// every row cold), and this goroutine takes the batches back in order
	// to count them and show them to Visit, so the outcome stays
	// deterministic.
	scratch := make([]batchScratch, opt.Workers)
	var matchPool sync.Pool
	var done int64
	readErr := ws.ScanBatches(leak, LeakColumns, dataset.ScanOptions{Workers: opt.Workers, Work: func(w int, b *dataset.Batch) {
		ms, _ := matchPool.Get().(*[]Match)
		if ms == nil {
			ms = new([]Match)
		}
		*ms = slices.Grow((*ms)[:0], len(b.Rows))[:len(b.Rows)]
		l.matchBatch(b.Rows, *ms, &scratch[w])
		if opt.Each != nil {
			opt.Each(w, b.Rows, *ms)
		}
		b.Aux = ms
	}}, func(b *dataset.Batch) error {
		ms := b.Aux.(*[]Match)
		rows := b.Rows
		for i := range rows {
			l.tally(&rows[i], &(*ms)[i])
			if opt.Visit != nil {
				opt.Visit(&rows[i], &(*ms)[i])
			}
		}
		done += int64(len(rows))
		if opt.Progress != nil {
			opt.Progress(done)
		}
		b.Release()
		matchPool.Put(ms)
		return ctx.Err()
	})
	if readErr != nil {
		return nil, readErr
	}
	return l.result(), nil
}

type linker struct {
	ix      *Index
	w       *WeightTable
	opt     Options
	refYear int
	refDays int32
	// Ref's year, month and day, for ages.
	refY, refM, refD int
	// The weights of w by Field and agreement (equal, close, differs),
	// and of an equal region code by its digits (10, 6, 4, 2): looked up
	// per compared pair, where w's maps cost a string hash each.
	fw [nFields][3]float64
	rw [4]float64

	rows, matched  int64
	pairs          atomic.Int64
	sink           atomic.Uint64
	byPass         [nPasses]int64
	cmp, eq, close [nFields]int64
	seen           []uint64 // reference rows matched, a bit each
}

func newLinker(ix *Index, w *WeightTable, ref time.Time) *linker {
	l := &linker{ix: ix, w: w, refYear: ref.Year(), refDays: int32(ref.Unix() / 86400)}
	l.refY, l.refM, l.refD = civil(l.refDays)
	for f := FNKK; f < nFields; f++ {
		l.fw[f] = w.Field[FieldNames[f]]
	}
	l.rw = [4]float64{w.Region["10"], w.Region["6"], w.Region["4"], w.Region["2"]}
	return l
}

// The NIK table is open addressing with linear probing over a power of two
// of slots, at most 80% full: a slot holds the upper 32 bits of the key's
// hash and the row plus one (0: empty). A lookup is one random read, where
// a binary search over the sorted keys was several, and finding NIKs was
// the largest part of verify's CPU. A matching fingerprint is confirmed on
// the row's record, which is read to compare the row anyway.

// nikHashSize is the number of slots for n keys.
func nikHashSize(n int64) int {
	size := 1 << 10
	for int64(size)*4 < n*5 {
		size <<= 1
	}
	return size
}

// mixNIK scrambles a NIK for the table (splitmix64's finaliser): NIKs
// share their leading digits by region and date.
func mixNIK(k uint64) uint64 {
	k ^= k >> 30
	k *= 0xbf58476d1ce4e5b9
	k ^= k >> 27
	k *= 0x94d049bb133111eb
	k ^= k >> 31
	return k
}

// buildNIKHash returns the table of keys and the rows they are on. A key
// listed twice (a reference with duplicate NIKs) is found at its first
// row, as a search of the sorted keys found it.
func buildNIKHash(keys []uint64, rows []uint32) []uint64 {
	tab := make([]uint64, nikHashSize(int64(len(keys))))
	mask := uint64(len(tab) - 1)
	for i, k := range keys {
		h := mixNIK(k)
		for j := h & mask; ; j = (j + 1) & mask {
			if tab[j] == 0 {
				tab[j] = h&^0xffffffff | uint64(rows[i]+1)
				break
			}
		}
	}
	return tab
}

// findNIK returns the reference row with NIK k.
func (l *linker) findNIK(k uint64) (uint32, bool) {
	tab := l.ix.nikHash
	if len(tab) == 0 {
		return 0, false
	}
	mask := uint64(len(tab) - 1)
	h := mixNIK(k)
	for j := h & mask; ; j = (j + 1) & mask {
		s := tab[j]
		if s == 0 {
			return 0, false
		}
		if s>>32 == h>>32 {
			if p := uint32(s) - 1; l.ix.rec[p].NIK == k {
				return p, true
			}
		}
	}
}

// findNIKs appends to out, for each key, the reference row with that
// NIK or -1. The keys' slots are read first in a loop of independent
// loads, which the processor overlaps (a leak in any order sends every
// lookup to another part of the table), then each is resolved.
func (l *linker) findNIKs(keys []uint64, out []int64) []int64 {
	tab := l.ix.nikHash
	if len(tab) == 0 {
		for range keys {
			out = append(out, -1)
		}
		return out
	}
	mask := uint64(len(tab) - 1)
	var sink uint64
	for _, k := range keys {
		sink += tab[mixNIK(k)&mask]
	}
	l.sink.Add(sink)
	for _, k := range keys {
		if p, ok := l.findNIK(k); ok {
			out = append(out, int64(p))
		} else {
			out = append(out, -1)
		}
	}
	return out
}

// findPassport returns the reference row with the passport number.
func (l *linker) findPassport(pp string) (uint32, bool) {
	k := hashString(pp)
	keys := l.ix.ppKey
	for i := sort.Search(len(keys), func(i int) bool { return keys[i] >= k }); i < len(keys) && keys[i] == k; i++ {
		if p := l.ix.ppPos[i]; l.ix.passport.at(p) == pp {
			return p, true
		}
	}
	return 0, false
}

// nyDirBits is how many top bits of a name-year key the blocking
// directory narrows by: 2^20 buckets, a few dozen keys each at national
// scale, so a block is found in a few cache lines instead of a binary
// search over the whole key array.
const nyDirBits = 20

// nyDirectory maps each value of a key's top nyDirBits bits to where such
// keys start in the sorted key array. The index stores it (ny.dir).
func nyDirectory(keys []uint64) []uint32 {
	dir := make([]uint32, 1<<nyDirBits+1)
	j := 0
	for b := range 1 << nyDirBits {
		for j < len(keys) && keys[j]>>(64-nyDirBits) < uint64(b) {
			j++
		}
		dir[b] = uint32(j)
	}
	dir[1<<nyDirBits] = uint32(len(keys))
	return dir
}

// block returns where the entries with the name-year key are in the
// index's ny arrays: nyPos[lo:hi] are their rows, nyYMD[lo:hi] their
// birth dates.
func (l *linker) block(k uint64) (lo, hi int) {
	b := k >> (64 - nyDirBits)
	lo, hi = int(l.ix.nyDir[b]), int(l.ix.nyDir[b+1])
	keys := l.ix.nyKey[lo:hi]
	i := sort.Search(len(keys), func(i int) bool { return keys[i] >= k })
	j := i
	for j < len(keys) && keys[j] == k {
		j++
	}
	return lo + i, lo + j
}

// candidates calls fn with the rows of the block for the row's name key
// and the year whose birth date is equal or close to the row's (any, when
// either has none), screened on the block's own copy of the dates.
func (l *linker) candidates(q *probe, year int, fn func(p uint32) bool) {
	ymd := leakYMD(q.r) // only rows that reach the blocks need it
	lo, hi := l.block(nameYearKey(q.nameHash, year))
	dates, pos := l.ix.nyYMD[lo:hi], l.ix.nyPos[lo:hi]
	for i, d := range dates {
		if ymd != 0 && d != 0 && d != ymd && !ymdClose(ymd, d) {
			continue
		}
		if !fn(pos[i]) {
			return
		}
	}
}

// matchBatch links a batch of rows into ms in two steps: every row's
// exact NIK lookup first, then the rest. Between them the found records
// are read in a loop of independent loads, which the processor overlaps;
// read one row at a time, each record was a cache miss waited for alone
// (a fifth of verify's CPU).
func (l *linker) matchBatch(rows []dataset.Row, ms []Match, sc *batchScratch) {
	hint := slices.Grow(sc.hint[:0], len(rows))[:len(rows)]
	qs := slices.Grow(sc.probes[:0], len(rows))[:len(rows)]
	keys := sc.keys[:0]
	for i := range rows {
		hint[i] = -1
		qs[i].fill(&rows[i])
		if v := qs[i].full; v != 0 {
			hint[i] = int64(len(keys)) // where its key is, for now
			keys = append(keys, v)
		}
	}
	sc.probes = qs
	found := l.findNIKs(keys, sc.found[:0])
	for i, k := range hint {
		if k >= 0 {
			hint[i] = found[k]
		}
	}
	sc.hint, sc.keys, sc.found = hint, keys, found
	var sink uint64
	for _, p := range hint {
		if p >= 0 {
			sink += l.ix.rec[p].NIK
		}
	}
	l.sink.Add(sink) // so the loads are not optimised away
	for i := range rows {
		ms[i] = Match{}
		l.match(&qs[i], &ms[i], hint[i])
	}
}

// batchScratch is a worker's reusable space for matchBatch.
type batchScratch struct {
	probes []probe
	hint   []int64
	keys   []uint64
	found  []int64
}

// match links one row; exact, when not negative, is the reference row
// with the row's NIK (matchBatch found it), and -1 when there is none.
func (l *linker) match(q *probe, m *Match, exact int64) {
	r := q.r
	full, fullOK := q.full, q.full != 0
	if fullOK && exact >= 0 {
		p := uint32(exact)
		m.Matched, m.Pass, m.RefRow = true, PassExactNIK, p
		l.compare(q, p, m)
		m.Score = l.score(q, p, m, full)
		return
	}
	if r.Passport != "" {
		if p, ok := l.findPassport(r.Passport); ok {
			m.Matched, m.Pass, m.RefRow = true, PassPassport, p
			l.compare(q, p, m)
			m.Score = l.score(q, p, m, full)
			return
		}
	}
	if r.NameKey == "" {
		return
	}
	// Scored passes: candidates share the name's comparison key and birth
	// year.
	var ybuf [6]int
	years := l.birthYears(r, &ybuf)
	if years == nil {
		return
	}
	pass := PassNameDOB
	if r.BirthDate == nil {
		pass = PassNameAge
	}
	switch {
	case fullOK:
		pass = PassNIKTypo
	case r.NIKMasked:
		pass = PassMasked
	}
	best, second := math.Inf(-1), math.Inf(-1)
	var bestRow uint32
	var scratch Match
	n := 0
	for _, y := range years {
		l.candidates(q, y, func(p uint32) bool {
			if !l.plausible(q, p) {
				return true
			}
			n++
			scratch = Match{}
			l.compare(q, p, &scratch)
			s := l.score(q, p, &scratch, full)
			if s > best {
				best, second, bestRow = s, best, p
			} else if s > second {
				second = s
			}
			return true
		})
	}
	l.addPairs(int64(n))
	if n == 0 || best < l.opt.Accept || best-second < l.opt.Margin {
		if n > 0 && !math.IsInf(best, -1) {
			// Kept to explain the rejection.
			m.Candidate, m.RefRow = true, bestRow
			l.compare(q, bestRow, m)
			m.Score = l.score(q, bestRow, m, full)
		}
		if fullOK {
			l.neighbours(q, full, m)
		}
		return
	}
	if pass == PassNIKTypo && !oneDigitOff(full, l.ix.rec[bestRow].NIK) {
		pass = PassNameDOB // a NIK from elsewhere, the person found by the rest
	}
	m.Matched, m.Pass, m.RefRow = true, pass, bestRow
	l.compare(q, bestRow, m)
	m.Score = l.score(q, bestRow, m, full)
}

// birthYears are the birth years a row's block keys take, in buf: its
// birth date's, else every year its age allows (the age was counted on a
// day up to a few years before Ref); nil when it has neither.
func (l *linker) birthYears(r *dataset.Row, buf *[6]int) []int {
	switch {
	case r.BirthDate != nil:
		y, _, _ := civil(int32(*r.BirthDate))
		buf[0] = y
		return buf[:1]
	case r.Age != nil:
		a := int(*r.Age)
		years := buf[:0]
		for y := l.refYear - a - 5; y <= l.refYear-a; y++ {
			years = append(years, y)
		}
		return years
	}
	return nil
}

// leakYMD is the row's birth date as yyyymmdd, 0 when it has none.
func leakYMD(r *dataset.Row) int32 {
	if r.BirthDate == nil {
		return 0
	}
	return packYMD(int32(*r.BirthDate))
}

// plausible is the cheap test a block's candidate must pass before its
// fields are compared, after candidates has screened its birth date: a
// masked NIK's visible digits agree and the sex agrees (each when both
// sides have it). A block for a common name and year holds hundreds of
// rows at national scale; a candidate failing any of these would be
// rejected by its score anyway.
func (l *linker) plausible(q *probe, p uint32) bool {
	rec := &l.ix.rec[p]
	if q.r.NIKMasked && rec.NIK != 0 {
		if ok, _ := nikDigitsAgree(q.r.NIK, rec.NIK); !ok {
			return false
		}
	}
	return q.sex == 0 || rec.Sex == 0 || q.sex == rec.Sex
}

// neighbours looks for the row under every NIK one keying error away
// (a digit changed, two neighbours swapped: 159 numbers) when neither the
// NIK nor the name's block found it: a mistyped NIK on a row whose name was
// mistyped too. The name must still be close (Jaro-Winkler ≥ 0.9 on the
// key): a NIK one digit off with the same birth date is often a sibling's.
func (l *linker) neighbours(q *probe, full uint64, m *Match) {
	var d [16]uint64
	v := full
	for i := 15; i >= 0; i-- {
		d[i] = v % 10
		v /= 10
	}
	pow := [16]uint64{}
	pow[15] = 1
	for i := 14; i >= 0; i-- {
		pow[i] = pow[i+1] * 10
	}
	best, second := math.Inf(-1), math.Inf(-1)
	var bestRow uint32
	n := 0
	try := func(k uint64) {
		p, ok := l.findNIK(k)
		if !ok {
			return
		}
		n++
		var sc Match
		l.compare(q, p, &sc)
		if sc.Fields[FName] != Equal && sc.Fields[FName] != Close {
			return
		}
		s := l.score(q, p, &sc, full)
		if s > best {
			best, second, bestRow = s, best, p
		} else if s > second {
			second = s
		}
	}
	for i := range 16 {
		for c := uint64(0); c < 10; c++ {
			if c != d[i] {
				try(full - d[i]*pow[i] + c*pow[i])
			}
		}
	}
	for i := range 15 {
		if d[i] != d[i+1] {
			try(full - d[i]*pow[i] - d[i+1]*pow[i+1] + d[i+1]*pow[i] + d[i]*pow[i+1])
		}
	}
	l.addPairs(int64(n))
	if n == 0 || best < l.opt.Accept || best-second < l.opt.Margin {
		return
	}
	*m = Match{Matched: true, Pass: PassNIKTypo, RefRow: bestRow}
	l.compare(q, bestRow, m)
	m.Score = l.score(q, bestRow, m, full)
}

func (l *linker) addPairs(n int64) {
	if n != 0 {
		l.pairs.Add(n)
	}
}

// score weighs a candidate's evidence in bits (log2 of the likelihood
// ratio, with fixed m and u probabilities typical of voter lists: e.g. a
// birth date agrees for 97% of true pairs and ~1/365 of others in a
// name-year block). The name and birth year agree by construction of the
// block and add nothing.
func (l *linker) score(q *probe, p uint32, m *Match, full uint64) float64 {
	r := q.r
	ev := &m.Evidence
	*ev = [nFields]float64{}
	ref := l.ix.rec[p].NIK
	switch {
	case full != 0 && ref != 0:
		switch {
		case full == ref:
			ev[FNIK] = l.w.NIKEqual
		case oneDigitOff(full, ref):
			ev[FNIK] = l.w.NIKOneOff
		default:
			ev[FNIK] = l.w.NIKDiffers
		}
	case r.NIKMasked && ref != 0:
		agree, visible := nikDigitsAgree(r.NIK, ref)
		if !agree {
			ev[FNIK] = math.Inf(-1) // a visible digit contradicts: not this person
			return math.Inf(-1)
		}
		// The region prefix is shared by neighbours; every digit after it
		// is worth a bit.
		ev[FNIK] = float64(max(visible-4, 0)) * l.w.MaskedDigit
	}
	for f := FNKK; f < nFields; f++ {
		w := &l.fw[f]
		switch m.Fields[f] {
		case Equal:
			if f == FRegion {
				ev[f] = l.regionWeight(r.RegionCode)
			} else {
				ev[f] = w[0]
			}
		case Close:
			ev[f] = w[1]
		case Differs:
			ev[f] = w[2]
		}
	}
	s := 0.0
	for _, v := range ev {
		s += v
	}
	return s
}

// WeightTable is the evidence, in bits (log2 of the likelihood ratio), a
// field's agreement gives: per field, for equal, close and differing
// values. The values are set from m and u probabilities typical of voter
// lists (a birth date agrees for ~97% of true pairs and ~1/365 of others in
// a name-year block); the name and birth year agree by construction of the
// blocks and add nothing.
type WeightTable struct {
	NIKEqual    float64               `json:"nik_equal"`
	NIKOneOff   float64               `json:"nik_one_digit_off"`
	NIKDiffers  float64               `json:"nik_differs"`
	MaskedDigit float64               `json:"masked_nik_visible_digit"`
	Field       map[string][3]float64 `json:"fields"` // role → equal, close, differs
	Region      map[string]float64    `json:"region_equal_by_digits"`
}

// Weights are the weights the scored passes use; they go into the report.
var Weights = WeightTable{
	NIKEqual: 30, NIKOneOff: 14, NIKDiffers: -10, MaskedDigit: 1,
	Field: map[string][3]float64{
		"nkk":            {12, 0, -4},
		"birth_date":     {8, 2, -6},
		"sex":            {1, 0, -6},
		"marital_status": {0.5, 0, -1},
		"birth_place":    {2, 1, -1},
		"address":        {6, 3, -1},
		"rt":             {2, 0.5, -1},
		"rw":             {2, 0.5, -1},
		"tps":            {1, 0, -0.5},
		"region_code":    {0, 2, -4}, // equal is weighed by precision: Region
		"age":            {1, 0.5, -3},
		"passport":       {20, 0, -5},
	},
	Region: map[string]float64{"10": 8, "6": 5, "4": 3, "2": 1},
}

// regionWeight is the evidence of agreeing on a region code: the finer
// the code, the fewer people share it.
func (l *linker) regionWeight(code string) float64 {
	switch {
	case len(code) >= 10:
		return l.rw[0]
	case len(code) >= 6:
		return l.rw[1]
	case len(code) >= 4:
		return l.rw[2]
	}
	return l.rw[3]
}

// probe is a leak row made ready to compare with reference rows: its
// numbers parsed and its strings hashed once, however many candidates it
// meets.
type probe struct {
	r                       *dataset.Row
	full                    uint64 // a complete, unmasked 16-digit NIK; 0 otherwise
	nik, nkk                uint64 // the unmasked NIK and NKK as numbers, when all digits
	nikOK, nkkOK            bool
	nameH, placeH, addressH uint64 // strHash of the name key, birth place, address
	nameHash                uint64 // hashString of the name key, for its blocks
	dob                     int32  // noDate when absent
	sex, marital            uint8
	// skipName leaves the name uncompared: training does not weigh it
	// (a block agrees on it by construction), and a random pair's names
	// cost a Jaro-Winkler each.
	skipName bool
}

func (q *probe) fill(r *dataset.Row) {
	*q = probe{r: r, dob: noDate, sex: sexCode(r.Sex), marital: maritalCode(r.Marital)}
	if r.NIK != "" && !r.NIKMasked {
		q.nik, q.nikOK = digits(r.NIK)
		if q.nikOK && len(r.NIK) == 16 {
			q.full = q.nik
		}
	}
	if r.NKK != "" && !r.NKKMasked {
		q.nkk, q.nkkOK = digits(r.NKK)
	}
	q.nameHash = hashString(r.NameKey)
	if r.NameKey != "" {
		q.nameH = nonZero(q.nameHash)
	}
	q.placeH, q.addressH = strHash(r.BirthPlace), strHash(r.Address)
	if r.BirthDate != nil {
		q.dob = int32(*r.BirthDate)
	}
}

// compare fills m.Fields for the leak row against reference row p. The
// reference side is one 64-byte record (and a string column only when a
// string differs), so a candidate costs one cache line, not a dozen.
func (l *linker) compare(q *probe, p uint32, m *Match) {
	ix := l.ix
	r := q.r
	rec := &ix.rec[p]
	f := &m.Fields
	if r.NIK != "" && rec.NIK != 0 {
		switch {
		case r.NIKMasked:
			if ok, _ := nikDigitsAgree(r.NIK, rec.NIK); ok {
				f[FNIK] = Equal
			} else {
				f[FNIK] = Differs
			}
		case q.nikOK && q.nik == rec.NIK:
			f[FNIK] = Equal
		case q.nikOK && oneDigitOff(q.nik, rec.NIK):
			f[FNIK] = Close
		default:
			f[FNIK] = Differs
		}
	}
	if r.NKK != "" && rec.NKK != 0 {
		switch {
		case r.NKKMasked:
			if ok, _ := nikDigitsAgree(r.NKK, rec.NKK); ok {
				f[FNKK] = Equal
			} else {
				f[FNKK] = Differs
			}
		case q.nkkOK && q.nkk == rec.NKK:
			f[FNKK] = Equal
		case q.nkkOK && len(r.NKK) == 16 && oneDigitOff(q.nkk, rec.NKK):
			f[FNKK] = Close
		default:
			f[FNKK] = Differs
		}
	}
	if r.NameKey != "" && !q.skipName {
		f[FName] = strAgreeHashed(r.NameKey, q.nameH, rec.NameKeyH, ix.nameKey, p)
	}
	if q.dob != noDate && rec.DOB != noDate {
		a, b := q.dob, rec.DOB
		switch {
		case a == b:
			f[FBirthDate] = Equal
		case dateClose(a, b):
			f[FBirthDate] = Close
		default:
			f[FBirthDate] = Differs
		}
	}
	if r.Age != nil && rec.DOB != noDate {
		ymd := rec.YMD
		y, mo, d := int(ymd/10000), int(ymd/100%100), int(ymd%100)
		age := l.refY - y
		if l.refM < mo || l.refM == mo && l.refD < d {
			age--
		}
		// Ages are counted on the list's day, which may be years before
		// Ref: agreement within that span counts as equal, within one more
		// year as close.
		switch diff := age - int(*r.Age); {
		case diff >= 0 && diff <= 5:
			f[FAge] = Equal
		case diff >= -1 && diff <= 6:
			f[FAge] = Close
		default:
			f[FAge] = Differs
		}
	}
	if r.BirthPlace != "" {
		f[FBirthPlace] = strAgreeHashed(r.BirthPlace, q.placeH, rec.PlaceH, ix.place, p)
	}
	if q.sex != 0 && rec.Sex != 0 {
		f[FSex] = eq(q.sex == rec.Sex)
	}
	if q.marital != 0 && rec.Marital != 0 {
		f[FMarital] = eq(q.marital == rec.Marital)
	}
	if r.Address != "" {
		f[FAddress] = strAgreeHashed(r.Address, q.addressH, rec.AddressH, ix.address, p)
	}
	f[FRT] = numAgree(r.RT, rec.RT)
	f[FRW] = numAgree(r.RW, rec.RW)
	f[FTPS] = numAgree(r.TPS, rec.TPS)
	if r.Passport != "" {
		if ref := ix.passport.at(p); ref != "" {
			f[FPassport] = eq(ref == r.Passport)
		}
	}
	if r.RegionCode != "" && rec.Region != 0 {
		f[FRegion] = regionAgree(r.RegionCode, rec.Region)
	}
}

// strAgreeHashed is strAgree of a (hashed ah) and reference row p of col
// (hashed bh): equal hashes are taken as equal strings (FNV-1a, 64 bits:
// a false match once in 10^19 pairs), and the string is read only when
// they differ.
func strAgreeHashed(a string, ah, bh uint64, col strColumn, p uint32) Agreement {
	switch {
	case bh == 0:
		return Absent
	case ah == bh:
		return Equal
	}
	return strAgree(a, col.at(p))
}

func eq(b bool) Agreement {
	if b {
		return Equal
	}
	return Differs
}

func strAgree(a, b string) Agreement {
	switch {
	case b == "":
		return Absent
	case a == b:
		return Equal
	case jwAtLeast90(a, b):
		return Close
	}
	return Differs
}

func numAgree(a *int32, b uint16) Agreement {
	if a == nil || *a <= 0 || b == 0 {
		return Absent
	}
	d := int(*a) - int(b)
	switch {
	case d == 0:
		return Equal
	case d == 1 || d == -1:
		return Close
	}
	return Differs
}

// regionAgree compares a leak's region code with the reference's at the
// leak's precision: equal when the reference's code starts with it, close
// when they share the district (or the regency, for coarser codes).
func regionAgree(leak string, ref uint64) Agreement {
	var buf [20]byte
	rs := string(strconv.AppendUint(buf[:0], ref, 10)) // does not escape: no allocation
	n := min(len(leak), len(rs))
	switch {
	case len(leak) <= len(rs) && rs[:len(leak)] == leak:
		return Equal
	case n >= 6 && rs[:6] == leak[:6], n >= 4 && n < 6 && rs[:4] == leak[:4]:
		return Close
	}
	return Differs
}

func (l *linker) tally(r *dataset.Row, m *Match) {
	l.rows++
	if !m.Matched {
		return
	}
	l.matched++
	l.byPass[passIndex(m.Pass)]++
	l.seen[m.RefRow/64] |= 1 << (m.RefRow % 64)
	for f, a := range m.Fields {
		if a == Absent {
			continue
		}
		l.cmp[f]++
		switch a {
		case Equal:
			l.eq[f]++
		case Close:
			l.close[f]++
		}
	}
}

func (l *linker) result() *Result {
	byPass := map[string]int64{}
	for i, n := range l.byPass {
		if n > 0 {
			byPass[passes[i]] = n
		}
	}
	res := &Result{Accept: l.opt.Accept, Margin: l.opt.Margin, Weights: *l.w, WeightsFrom: l.opt.WeightsFrom, LeakRows: l.rows, MatchedRows: l.matched, MatchedBy: byPass,
		FieldAgreement: map[string]float64{}, FieldClose: map[string]float64{}, FieldCompared: map[string]int64{},
		ReferenceRows: l.ix.Meta.Rows, Pairs: l.pairs.Load()}
	if l.rows > 0 {
		res.MatchRate = float64(l.matched) / float64(l.rows)
	}
	res.MatchRateCI95 = Wilson(l.matched, l.rows)
	for f := range nFields {
		if l.cmp[f] == 0 {
			continue
		}
		name := FieldNames[f]
		res.FieldCompared[name] = l.cmp[f]
		res.FieldAgreement[name] = float64(l.eq[f]) / float64(l.cmp[f])
		res.FieldClose[name] = float64(l.eq[f]+l.close[f]) / float64(l.cmp[f])
	}
	for _, w := range l.seen {
		for ; w != 0; w &= w - 1 {
			res.ReferenceRowsMatched++
		}
	}
	exact := byPass[PassExactNIK] + byPass[PassPassport]
	scored := l.matched - exact
	res.Passes = []string{PassExactNIK}
	for _, p := range passes[1:] {
		if byPass[p] > 0 {
			res.Passes = append(res.Passes, p)
		}
	}
	switch {
	case scored == 0:
		res.Method = "exact"
	case exact == 0:
		res.Method = "probabilistic"
	default:
		res.Method = "exact+probabilistic"
	}
	return res
}

// Wilson returns the 95% Wilson score interval of k successes in n trials.
func Wilson(k, n int64) [2]float64 {
	if n == 0 {
		return [2]float64{0, 1}
	}
	const z = 1.959963984540054
	p := float64(k) / float64(n)
	nf := float64(n)
	den := 1 + z*z/nf
	mid := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	lo, hi := max(0, mid-half), min(1, mid+half)
	// At the edges the formula loses the exact bound to rounding.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return [2]float64{lo, hi}
}
