package link

import (
	"context"
	"math"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

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
	l := &linker{ix: ix, opt: opt, w: opt.Weights, refYear: opt.Ref.Year(), refDays: int32(opt.Ref.Unix() / 86400), dir: directory(ix.nikKey),
		seen: make([]uint64, (ix.Meta.Rows+63)/64), byPass: map[string]int64{}}
	// A pipeline: one goroutine decodes the leak's batches, the workers
	// link whole batches, and this goroutine takes them back in order to
	// count them and show them to Visit, so decoding, linking and counting
	// overlap on every core while the outcome stays deterministic.
	type job struct {
		rows    []dataset.Row
		matches []Match
		done    chan struct{}
	}
	inFlight := opt.Workers * 3
	jobs := make(chan *job, inFlight)
	order := make(chan *job, inFlight)
	free := make(chan *job, inFlight+2)
	var readErr error
	go func() {
		defer close(order)
		defer close(jobs)
		readErr = ws.ScanFields(leak, LeakColumns, func(rows []dataset.Row) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var j *job
			select {
			case j = <-free:
			default:
				j = &job{}
			}
			j.rows = append(j.rows[:0], rows...)
			if cap(j.matches) < len(rows) {
				j.matches = make([]Match, len(rows))
			}
			j.matches = j.matches[:len(rows)]
			j.done = make(chan struct{})
			order <- j
			jobs <- j
			return nil
		})
	}()
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				for i := range j.rows {
					j.matches[i] = Match{}
					l.match(&j.rows[i], &j.matches[i])
				}
				close(j.done)
			}
		}()
	}
	var done int64
	for j := range order {
		<-j.done
		for i := range j.rows {
			l.tally(&j.rows[i], &j.matches[i])
			if opt.Visit != nil {
				opt.Visit(&j.rows[i], &j.matches[i])
			}
		}
		done += int64(len(j.rows))
		if opt.Progress != nil {
			opt.Progress(done)
		}
		clear(j.rows) // let the batch's strings go
		select {
		case free <- j:
		default:
		}
	}
	wg.Wait()
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
	dir     []uint32

	rows, matched   int64
	pairs           atomic.Int64
	byPass          map[string]int64
	cmp, eq, close  [nFields]int64
	seen            []uint64 // reference rows matched, a bit each
	hasNIK, hasName bool
}

// directory maps the first six digits of a NIK (the district) to where
// its keys start in the sorted key array, so a lookup only searches one
// district's keys: a few kilobytes instead of the whole array.
func directory(keys []uint64) []uint32 {
	const buckets = 1_000_000
	dir := make([]uint32, buckets+1)
	j := 0
	for b := 0; b <= buckets; b++ {
		for j < len(keys) && keys[j]/1e10 < uint64(b) {
			j++
		}
		dir[b] = uint32(j)
	}
	return dir
}

// findNIK returns the reference row with NIK k.
func (l *linker) findNIK(k uint64) (uint32, bool) {
	b := k / 1e10
	if b >= uint64(len(l.dir)-1) {
		return 0, false
	}
	keys := l.ix.nikKey[l.dir[b]:l.dir[b+1]]
	i := sort.Search(len(keys), func(i int) bool { return keys[i] >= k })
	if i < len(keys) && keys[i] == k {
		return l.ix.nikPos[int(l.dir[b])+i], true
	}
	return 0, false
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

// block returns the reference rows with the name-year key.
func (l *linker) block(k uint64) []uint32 {
	keys := l.ix.nyKey
	i := sort.Search(len(keys), func(i int) bool { return keys[i] >= k })
	j := i
	for j < len(keys) && keys[j] == k {
		j++
	}
	return l.ix.nyPos[i:j]
}

func (l *linker) match(r *dataset.Row, m *Match) {
	full, fullOK := uint64(0), false
	if !r.NIKMasked && len(r.NIK) == 16 {
		full, fullOK = digits(r.NIK)
	}
	if fullOK {
		if p, ok := l.findNIK(full); ok {
			m.Matched, m.Pass, m.RefRow = true, PassExactNIK, p
			l.compare(r, p, m)
			m.Score = l.score(r, p, m, full)
			return
		}
	}
	if r.Passport != "" {
		if p, ok := l.findPassport(r.Passport); ok {
			m.Matched, m.Pass, m.RefRow = true, PassPassport, p
			l.compare(r, p, m)
			m.Score = l.score(r, p, m, full)
			return
		}
	}
	if r.NameKey == "" {
		return
	}
	// Scored passes: candidates share the name's comparison key and birth
	// year.
	years := l.birthYears(r)
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
		for _, p := range l.block(nameYearKey(r.NameKey, y)) {
			if !l.plausible(r, p) {
				continue
			}
			n++
			scratch = Match{}
			l.compare(r, p, &scratch)
			s := l.score(r, p, &scratch, full)
			if s > best {
				best, second, bestRow = s, best, p
			} else if s > second {
				second = s
			}
		}
	}
	l.addPairs(int64(n))
	if n == 0 || best < l.opt.Accept || best-second < l.opt.Margin {
		if n > 0 && !math.IsInf(best, -1) {
			// Kept to explain the rejection.
			m.Candidate, m.RefRow = true, bestRow
			l.compare(r, bestRow, m)
			m.Score = l.score(r, bestRow, m, full)
		}
		if fullOK {
			l.neighbours(r, full, m)
		}
		return
	}
	if pass == PassNIKTypo && !oneDigitOff(full, l.ix.nik[bestRow]) {
		pass = PassNameDOB // a NIK from elsewhere, the person found by the rest
	}
	m.Matched, m.Pass, m.RefRow = true, pass, bestRow
	l.compare(r, bestRow, m)
	m.Score = l.score(r, bestRow, m, full)
}

// birthYears are the birth years a row's block keys take: its birth
// date's, else every year its age allows (the age was counted on a day up
// to a few years before Ref); nil when it has neither.
func (l *linker) birthYears(r *dataset.Row) []int {
	switch {
	case r.BirthDate != nil:
		return []int{r.BirthDate.Time().Year()}
	case r.Age != nil:
		a := int(*r.Age)
		years := make([]int, 0, 6)
		for y := l.refYear - a - 5; y <= l.refYear-a; y++ {
			years = append(years, y)
		}
		return years
	}
	return nil
}

// plausible is the cheap test a block's candidate must pass before its
// fields are compared: a masked NIK's visible digits agree, the birth date
// is equal or close, the sex agrees (each when both sides have it). A block
// for a common name and year holds hundreds of rows at national scale; a
// candidate failing any of these would be rejected by its score anyway.
func (l *linker) plausible(r *dataset.Row, p uint32) bool {
	ix := l.ix
	if r.NIKMasked && ix.nik[p] != 0 {
		if ok, _ := nikDigitsAgree(r.NIK, ix.nik[p]); !ok {
			return false
		}
	}
	if r.BirthDate != nil && ix.dob[p] != noDate && !dateClose(int32(*r.BirthDate), ix.dob[p]) {
		return false
	}
	if s := sexCode(r.Sex); s != 0 && ix.sex[p] != 0 && s != ix.sex[p] {
		return false
	}
	return true
}

// neighbours looks for the row under every NIK one keying error away
// (a digit changed, two neighbours swapped: 159 numbers) when neither the
// NIK nor the name's block found it: a mistyped NIK on a row whose name was
// mistyped too. The name must still be close (Jaro-Winkler ≥ 0.9 on the
// key): a NIK one digit off with the same birth date is often a sibling's.
func (l *linker) neighbours(r *dataset.Row, full uint64, m *Match) {
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
		l.compare(r, p, &sc)
		if sc.Fields[FName] != Equal && sc.Fields[FName] != Close {
			return
		}
		s := l.score(r, p, &sc, full)
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
	l.compare(r, bestRow, m)
	m.Score = l.score(r, bestRow, m, full)
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
func (l *linker) score(r *dataset.Row, p uint32, m *Match, full uint64) float64 {
	ev := &m.Evidence
	*ev = [nFields]float64{}
	ref := l.ix.nik[p]
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
		w := l.w.Field[FieldNames[f]]
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
		return l.w.Region["10"]
	case len(code) >= 6:
		return l.w.Region["6"]
	case len(code) >= 4:
		return l.w.Region["4"]
	}
	return l.w.Region["2"]
}

// compare fills m.Fields for leak row r against reference row p.
func (l *linker) compare(r *dataset.Row, p uint32, m *Match) {
	ix := l.ix
	f := &m.Fields
	if r.NIK != "" && ix.nik[p] != 0 {
		if r.NIKMasked {
			if ok, _ := nikDigitsAgree(r.NIK, ix.nik[p]); ok {
				f[FNIK] = Equal
			} else {
				f[FNIK] = Differs
			}
		} else if v, ok := digits(r.NIK); ok && v == ix.nik[p] {
			f[FNIK] = Equal
		} else if ok && oneDigitOff(v, ix.nik[p]) {
			f[FNIK] = Close
		} else {
			f[FNIK] = Differs
		}
	}
	if r.NKK != "" && ix.nkk[p] != 0 {
		if r.NKKMasked {
			if ok, _ := nikDigitsAgree(r.NKK, ix.nkk[p]); ok {
				f[FNKK] = Equal
			} else {
				f[FNKK] = Differs
			}
		} else if v, ok := digits(r.NKK); ok && v == ix.nkk[p] {
			f[FNKK] = Equal
		} else if ok && len(r.NKK) == 16 && oneDigitOff(v, ix.nkk[p]) {
			f[FNKK] = Close
		} else {
			f[FNKK] = Differs
		}
	}
	if r.NameKey != "" {
		f[FName] = strAgree(r.NameKey, ix.nameKey.at(p))
	}
	if r.BirthDate != nil && ix.dob[p] != noDate {
		a, b := int32(*r.BirthDate), ix.dob[p]
		switch {
		case a == b:
			f[FBirthDate] = Equal
		case dateClose(a, b):
			f[FBirthDate] = Close
		default:
			f[FBirthDate] = Differs
		}
	}
	if r.Age != nil && ix.dob[p] != noDate {
		y, mo, d := civil(ix.dob[p])
		ry, rm, rd := civil(l.refDays)
		age := ry - y
		if rm < mo || rm == mo && rd < d {
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
		f[FBirthPlace] = strAgree(r.BirthPlace, ix.place.at(p))
	}
	if s := sexCode(r.Sex); s != 0 && ix.sex[p] != 0 {
		f[FSex] = eq(s == ix.sex[p])
	}
	if s := maritalCode(r.Marital); s != 0 && ix.marital[p] != 0 {
		f[FMarital] = eq(s == ix.marital[p])
	}
	if r.Address != "" {
		f[FAddress] = strAgree(r.Address, ix.address.at(p))
	}
	f[FRT] = numAgree(r.RT, ix.rt[p])
	f[FRW] = numAgree(r.RW, ix.rw[p])
	f[FTPS] = numAgree(r.TPS, ix.tps[p])
	if r.Passport != "" {
		if ref := ix.passport.at(p); ref != "" {
			f[FPassport] = eq(ref == r.Passport)
		}
	}
	if r.RegionCode != "" && ix.region[p] != 0 {
		f[FRegion] = regionAgree(r.RegionCode, ix.region[p])
	}
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
	case jaroWinkler(a, b) >= 0.9:
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
	rs := strconv.FormatUint(ref, 10)
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
	l.byPass[m.Pass]++
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
	res := &Result{Accept: l.opt.Accept, Margin: l.opt.Margin, Weights: *l.w, WeightsFrom: l.opt.WeightsFrom, LeakRows: l.rows, MatchedRows: l.matched, MatchedBy: l.byPass,
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
	exact := l.byPass[PassExactNIK] + l.byPass[PassPassport]
	scored := l.matched - exact
	res.Passes = []string{PassExactNIK}
	for _, p := range []string{PassPassport, PassNIKTypo, PassMasked, PassNameDOB, PassNameAge} {
		if l.byPass[p] > 0 {
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
