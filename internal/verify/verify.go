package verify

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/telusur/telusur/internal/authenticity"
	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/link"
	"github.com/telusur/telusur/internal/nik"
	"github.com/telusur/telusur/internal/region"
)

// Defaults of the verdict's thresholds (see Params).
const (
	DefaultConsistentMin  = 0.60
	DefaultPartialMin     = 0.10
	DefaultAgreementMin   = 0.90
	DefaultFabricationMax = 0.50
	DefaultSamples        = 10
)

// DefaultFabricationChecks are the checks whose failure marks a leak that
// is not in the reference as made up: a NIK that contradicts its own row,
// regions that do not exist, impossible numbers, repeats.
var DefaultFabricationChecks = []string{"nik_valid", "nik_region_known", "nik_dob", "nik_sex", "nik_duplicates"}

// Options say what to verify.
type Options struct {
	Workspace       *dataset.Workspace
	Reference, Leak *dataset.Dataset
	Params          Params // zero fields take the defaults
	Lang            string // "en" (default) or "id"
	Tool            string
	Workers         int
	// Stage, when set, is told when a stage starts, with its row total;
	// Rows then reports rows done.
	Stage func(name string, total int64)
	Rows  func(done int64)
	// Index, when set, is filled with the reference index used.
	Index *IndexInfo
	// Timings, when set, is filled with the stages' durations.
	Timings *Timings
}

func (o *Options) defaults() {
	p := &o.Params
	if p.ConsistentMin == 0 {
		p.ConsistentMin = DefaultConsistentMin
	}
	if p.PartialMin == 0 {
		p.PartialMin = DefaultPartialMin
	}
	if p.AgreementMin == 0 {
		p.AgreementMin = DefaultAgreementMin
	}
	if p.FabricationMax == 0 {
		p.FabricationMax = DefaultFabricationMax
	}
	if p.FabricationChecks == nil {
		p.FabricationChecks = DefaultFabricationChecks
	}
	if p.Samples == 0 {
		p.Samples = DefaultSamples
	}
	if p.RefDate.IsZero() {
		p.RefDate = time.Now().UTC().Truncate(24 * time.Hour)
	}
	if o.Lang != "id" {
		o.Lang = "en"
	}
	if o.Stage == nil {
		o.Stage = func(string, int64) {}
	}
	if o.Rows == nil {
		o.Rows = func(int64) {}
	}
}

// Run verifies the leak against the reference.
func Run(ctx context.Context, opt Options) (*Document, error) {
	opt.defaults()
	ws := opt.Workspace
	doc := &Document{Tool: opt.Tool, Lang: opt.Lang, Params: opt.Params}
	var err error
	if doc.Leak, err = summarize(ctx, ws, opt.Leak); err != nil {
		return nil, err
	}
	if doc.Reference, err = summarize(ctx, ws, opt.Reference); err != nil {
		return nil, err
	}

	// Read while the index opens and the weights are estimated, not by the
	// first linking worker while the others wait for it.
	go nik.Preload()
	t0 := time.Now()
	opt.Stage("index "+opt.Reference.Name, opt.Reference.RowsAccepted)
	ix, built, err := link.OpenIndex(ctx, ws, opt.Reference, opt.Rows)
	if err != nil {
		return nil, fmt.Errorf("reference index: %w", err)
	}
	defer ix.Close()
	if opt.Index != nil {
		*opt.Index = IndexInfo{Dir: ix.Dir, Built: built, Rows: ix.Meta.Rows, When: ix.Meta.Built}
	}

	t1 := time.Now()
	opt.Stage("verify "+opt.Leak.Name, opt.Leak.RowsAccepted)
	// Authenticity and coverage are counted by each linking worker on its
	// own and summed after; only the sample needs the rows in order.
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chks := make([]*authenticity.Checker, workers)
	covs := make([]*coverage, workers)
	for w := range workers {
		chks[w], covs[w] = authenticity.NewChecker(opt.Params.RefDate), newCoverage()
		chks[w].Grow(int(opt.Leak.RowsAccepted)/workers + 1024)
	}
	if doc.Params.Samples < 0 { // asked for none
		doc.Params.Samples = 0
	}
	smp := newSampler(doc.Params.Samples)
	lo := link.Options{Ref: opt.Params.RefDate, Workers: workers, Progress: opt.Rows}
	var training *link.TrainInfo
	if !opt.Params.FixedWeights {
		w, info, err := link.Train(ctx, ws, opt.Leak, ix, link.TrainOptions{Ref: opt.Params.RefDate})
		if err != nil {
			return nil, err
		}
		training = info
		if info.Used {
			lo.Weights, lo.WeightsFrom = w, "em"
		} else {
			lo.WeightsFrom = "default: " + info.Reason
		}
	}
	t2 := time.Now()
	lo.Each = func(w int, rows []dataset.Row, ms []link.Match) {
		for i := range rows {
			chks[w].AddRow(&rows[i])
			covs[w].add(&rows[i], &ms[i])
		}
	}
	lo.Visit = smp.add
	res, err := link.Link(ctx, ws, opt.Leak, ix, lo)
	if err != nil {
		return nil, fmt.Errorf("link %s to %s: %w", opt.Leak.Name, opt.Reference.Name, err)
	}
	if opt.Timings != nil {
		*opt.Timings = Timings{Index: t1.Sub(t0).Seconds(), Link: time.Since(t1).Seconds(), Train: t2.Sub(t1).Seconds()}
	}
	chk, cov := chks[0], covs[0]
	for w := 1; w < workers; w++ {
		chk.Merge(chks[w])
		cov.merge(covs[w])
	}
	doc.Linkage = *res
	doc.Linkage.Training = training
	var headers []string
	for _, c := range doc.Leak.Columns {
		headers = append(headers, c.Name)
	}
	doc.Authenticity = chk.Result(headers)
	doc.Coverage = cov.result(ix.Meta)
	doc.Samples = smp.rows()
	doc.Verdict = judge(doc, opt.Lang)
	doc.Generated = time.Now().UTC()
	return doc, nil
}

func summarize(ctx context.Context, ws *dataset.Workspace, d *dataset.Dataset) (DatasetSummary, error) {
	s := DatasetSummary{Name: d.Name, Role: d.Role, RowsRead: d.RowsRead, RowsAccepted: d.RowsAccepted,
		RowsRejected: d.RowsRejected, Rejects: map[string]int64{}}
	srcs, err := ws.Sources(ctx, d)
	if err != nil {
		return s, err
	}
	seen := map[string]bool{}
	multi := 0
	for _, src := range srcs {
		multi += len(src.Tables)
	}
	for _, src := range srcs {
		s.Sources = append(s.Sources, Source{Path: src.Path, SHA256: src.SHA256, Size: src.Size, Rows: src.RowsRead})
		for _, t := range src.Tables {
			for reason, n := range t.Rejects {
				s.Rejects[reason] += n
			}
			for _, c := range t.Columns {
				// One row per distinct header and role: a leak split into
				// a hundred files of the same layout has one column list.
				key := c.Name + "\x00" + c.Role
				if seen[key] {
					continue
				}
				seen[key] = true
				col := Column{Name: c.Name, Role: c.Role, Confidence: c.Confidence}
				if multi > 1 {
					col.Table = t.Name
				}
				s.Columns = append(s.Columns, col)
			}
		}
	}
	return s, nil
}

// coverage counts leak rows and matches by province and regency: in
// arrays by the codes' numbers (a map lookup a row was a twentieth of
// verify's CPU), in maps for codes that are not numbers.
type coverage struct {
	unplaced int64
	provN    [100][2]int64
	regN     [10000][2]int64
	prov     map[string]*[2]int64
	reg      map[string]*[2]int64
}

func newCoverage() *coverage {
	return &coverage{prov: map[string]*[2]int64{}, reg: map[string]*[2]int64{}}
}

// codeNumber is a code of ASCII digits as a number, or -1.
func codeNumber(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return -1
		}
		n = n*10 + int(d)
	}
	return n
}

func (c *coverage) add(r *dataset.Row, m *link.Match) {
	p, g := link.Place(r)
	if p == "" {
		c.unplaced++
		return
	}
	matched := int64(0)
	if m.Matched {
		matched = 1
	}
	bump := func(mp map[string]*[2]int64, k string) {
		v := mp[k]
		if v == nil {
			v = new([2]int64)
			mp[k] = v
		}
		v[0]++
		v[1] += matched
	}
	if n := codeNumber(p); n >= 0 && len(p) == 2 {
		c.provN[n][0]++
		c.provN[n][1] += matched
	} else {
		bump(c.prov, p)
	}
	if g == "" {
		return
	}
	if n := codeNumber(g); n >= 0 && len(g) == 4 {
		c.regN[n][0]++
		c.regN[n][1] += matched
	} else {
		bump(c.reg, g)
	}
}

func (c *coverage) merge(o *coverage) {
	c.unplaced += o.unplaced
	for i := range c.provN {
		c.provN[i][0] += o.provN[i][0]
		c.provN[i][1] += o.provN[i][1]
	}
	for i := range c.regN {
		c.regN[i][0] += o.regN[i][0]
		c.regN[i][1] += o.regN[i][1]
	}
	for _, mp := range [2][2]map[string]*[2]int64{{c.prov, o.prov}, {c.reg, o.reg}} {
		for k, v := range mp[1] {
			if w := mp[0][k]; w != nil {
				w[0] += v[0]
				w[1] += v[1]
			} else {
				mp[0][k] = v
			}
		}
	}
}

// fold moves the array counts into the maps, keyed by their codes.
func (c *coverage) fold() {
	for i, v := range c.provN {
		if v[0] > 0 {
			c.prov[fmt.Sprintf("%02d", i)] = &[2]int64{v[0], v[1]}
		}
	}
	for i, v := range c.regN {
		if v[0] > 0 {
			c.reg[fmt.Sprintf("%04d", i)] = &[2]int64{v[0], v[1]}
		}
	}
	c.provN, c.regN = [100][2]int64{}, [10000][2]int64{}
}

func (c *coverage) result(m link.Meta) Coverage {
	c.fold()
	out := Coverage{Unplaced: c.unplaced}
	list := func(mp map[string]*[2]int64, refRows map[string]int64) []RegionCoverage {
		var rs []RegionCoverage
		for code, v := range mp {
			rc := RegionCoverage{Code: code, LeakRows: v[0], MatchedRows: v[1], ReferenceRows: refRows[code]}
			if a, ok := region.Lookup(code); ok {
				rc.Name = a.Name
			} else {
				rc.Name = "(unknown code)"
			}
			if rc.LeakRows > 0 {
				rc.MatchRate = float64(rc.MatchedRows) / float64(rc.LeakRows)
			}
			if rc.ReferenceRows > 0 {
				rc.ReferenceShare = min(1, float64(rc.MatchedRows)/float64(rc.ReferenceRows))
			}
			rs = append(rs, rc)
		}
		sort.Slice(rs, func(i, j int) bool {
			if rs[i].LeakRows != rs[j].LeakRows {
				return rs[i].LeakRows > rs[j].LeakRows
			}
			return rs[i].Code < rs[j].Code
		})
		return rs
	}
	out.Provinces = list(c.prov, m.ProvinceRows)
	out.Regencies = list(c.reg, m.RegencyRows)
	return out
}

// sampler keeps a uniform sample (reservoir, fixed seed so a run repeats)
// of matched and of unmatched rows, masked as they are taken: the
// unmasked values never leave the row.
type sampler struct {
	k    int
	r    *rand.Rand
	seen [2]int64
	keep [2][]SampleRow
}

func newSampler(k int) *sampler {
	return &sampler{k: k, r: rand.New(rand.NewPCG(1, 2))}
}

func (s *sampler) add(r *dataset.Row, m *link.Match) {
	side := 0
	if m.Matched {
		side = 1
	}
	s.seen[side]++
	if len(s.keep[side]) < s.k {
		s.keep[side] = append(s.keep[side], sampleOf(r, m))
		return
	}
	if j := s.r.Int64N(s.seen[side]); j < int64(s.k) {
		s.keep[side][j] = sampleOf(r, m)
	}
}

func (s *sampler) rows() []SampleRow {
	out := append(append([]SampleRow{}, s.keep[1]...), s.keep[0]...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Matched != out[j].Matched {
			return out[i].Matched
		}
		return out[i].Row < out[j].Row
	})
	return out
}

func sampleOf(r *dataset.Row, m *link.Match) SampleRow {
	s := SampleRow{Row: r.RowID, Matched: m.Matched, Pass: m.Pass, Sex: r.Sex}
	if r.NIK != "" {
		s.NIK = nik.Mask(r.NIK)
	}
	s.Name = Initials(r.Name)
	if r.BirthDate != nil {
		s.BirthYear = r.BirthDate.Time().Year()
	}
	if p, g := link.Place(r); g != "" {
		if a, ok := region.Lookup(g); ok {
			s.Region = a.Name
		}
	} else if p != "" {
		if a, ok := region.Lookup(p); ok {
			s.Region = a.Name
		}
	}
	if m.Matched || m.Candidate {
		s.Candidate = m.Candidate
		s.Fields = map[string]string{}
		for f, a := range m.Fields {
			if a != link.Absent {
				s.Fields[link.FieldNames[f]] = a.String()
			}
		}
		// A contradicting visible NIK digit is infinite evidence against;
		// JSON has no infinity, and -99 bits says the same.
		s.Score = max(-99, min(99, m.Score))
		s.Evidence = map[string]float64{}
		for f, w := range m.Evidence {
			if w != 0 {
				s.Evidence[link.FieldNames[f]] = max(-99, min(99, w))
			}
		}
	}
	return s
}

// Initials turns a name into its initials ("SITI AMINAH" → "S. A."), the
// form names take in reports.
func Initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= 'a' && c <= 'z' {
				c -= 'a' - 'A'
			}
			if c < 'A' || c > 'Z' {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte(c)
			b.WriteByte('.')
			break
		}
	}
	return b.String()
}
