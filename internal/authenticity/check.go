package authenticity

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
)

// Generation bands of the 2024 voter list as the commission published
// them (July 2023, 204.8 million voters): born 1997 or later 22.85%,
// 1981–1996 33.60%, 1965–1980 28.07%, 1946–1964 13.73%, before 1946 1.74%.
// Ages are counted at the reference date, so the bands move with it.
var generations = []struct {
	label    string
	fromYear int // born in or after this year
	share    float64
}{
	{"gen-z", 1997, 0.2285},
	{"millennial", 1981, 0.3360},
	{"gen-x", 1965, 0.2807},
	{"boomer", 1946, 0.1373},
	{"pre-boomer", 0, 0.0174},
}

// Checker accumulates a leak's rows; Result judges them. It holds one
// integer per row with a NIK (for duplicates), so a 200-million-row leak
// needs 1.6 GB: bounded, and far less than the rows themselves.
type Checker struct {
	opt              nik.Options
	refY, refM, refD int

	rows, nikRows, masked, valid, regionKnown, pattern int64
	dobCmp, dobAgree, sexCmp, sexAgree                 int64
	regCmp, regAgree                                   int64
	ageRows, underAge, sexRows, male                   int64
	gens                                               [5]int64
	codes                                              map[nik.Code]int64
	keys                                               []uint64
	// more holds the keys of merged checkers, each sorted in Result on
	// its own core rather than copied into keys.
	more [][]uint64
}

// NewChecker returns a checker for a list drawn up on ref (zero: now).
func NewChecker(ref time.Time) *Checker {
	if ref.IsZero() {
		ref = time.Now()
	}
	y, m, d := ref.Date()
	return &Checker{opt: nik.Options{Ref: ref}, refY: y, refM: int(m), refD: d, codes: map[nik.Code]int64{}}
}

// Grow makes room for n more rows with a NIK, so the duplicate check's
// keys are not copied as they grow.
func (c *Checker) Grow(n int) { c.keys = slices.Grow(c.keys, n) }

// Add takes a batch of rows.
func (c *Checker) Add(rows []dataset.Row) {
	for i := range rows {
		c.AddRow(&rows[i])
	}
}

// AddRow takes one row.
func (c *Checker) AddRow(r *dataset.Row) {
	c.rows++
	birthYear, bm, bd := 0, 0, 0
	if r.BirthDate != nil {
		birthYear, bm, bd = r.BirthDate.YMD()
	} else if r.Age != nil {
		birthYear = c.refY - int(*r.Age)
	}
	if birthYear != 0 {
		c.ageRows++
		age := c.refY - birthYear
		if r.BirthDate != nil && (c.refM < bm || c.refM == bm && c.refD < bd) {
			age-- // the birthday is still to come in the reference year
		}
		if age < nik.DefaultMinAge && r.Marital != dpt.Married && r.Marital != dpt.FormerlyMarried {
			c.underAge++
		}
		for g := range generations {
			if birthYear >= generations[g].fromYear {
				c.gens[g]++
				break
			}
		}
	}
	if r.Sex == dpt.Male || r.Sex == dpt.Female {
		c.sexRows++
		if r.Sex == dpt.Male {
			c.male++
		}
	}
	switch {
	case r.NIK == "":
		return
	case r.NIKMasked:
		c.masked++
		return
	}
	c.nikRows++
	opt := c.opt
	opt.Married = r.Marital == dpt.Married || r.Marital == dpt.FormerlyMarried
	n, fs := nik.Parse(r.NIK, opt)
	for _, f := range fs {
		c.codes[f.Code]++
		switch f.Code {
		case nik.RepeatedDigits, nik.SequentialDigits:
			c.pattern++
		}
	}
	if v, ok := digits16(r.NIK); ok {
		c.keys = append(c.keys, v)
	}
	if !nik.Valid(fs) {
		return
	}
	c.valid++
	known := true
	for _, f := range fs {
		if f.Code == nik.UnknownRegency || f.Code == nik.UnknownDistrict {
			known = false
		}
	}
	if known {
		c.regionKnown++
	}
	if r.BirthDate != nil && n.BirthYear != 0 {
		c.dobCmp++
		if birthYear == n.BirthYear && bm == n.Month && bd == n.Day {
			c.dobAgree++
		}
	}
	if r.Sex == dpt.Male || r.Sex == dpt.Female {
		c.sexCmp++
		if n.Female == (r.Sex == dpt.Female) {
			c.sexAgree++
		}
	}
	if code := r.RegionCode; len(code) >= 4 {
		c.regCmp++
		k := min(len(code), 6)
		if code[:k] == r.NIK[:k] {
			c.regAgree++
		}
	}
}

// Merge adds what o has seen to c, so checkers fed in parallel can be
// summed; o must not be used after.
func (c *Checker) Merge(o *Checker) {
	c.rows += o.rows
	c.nikRows += o.nikRows
	c.masked += o.masked
	c.valid += o.valid
	c.regionKnown += o.regionKnown
	c.pattern += o.pattern
	c.dobCmp += o.dobCmp
	c.dobAgree += o.dobAgree
	c.sexCmp += o.sexCmp
	c.sexAgree += o.sexAgree
	c.regCmp += o.regCmp
	c.regAgree += o.regAgree
	c.ageRows += o.ageRows
	c.underAge += o.underAge
	c.sexRows += o.sexRows
	c.male += o.male
	for i := range c.gens {
		c.gens[i] += o.gens[i]
	}
	for k, n := range o.codes {
		c.codes[k] += n
	}
	c.more = append(append(c.more, o.keys), o.more...)
}

// duplicates sorts each part of the keys on its own goroutine and counts
// the keys, across all parts, that occur more than once (every copy).
func duplicates(parts [][]uint64) int64 {
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sortKeys(p)
		}()
	}
	wg.Wait()
	// A merge over the sorted parts: the smallest head each time, and the
	// run of equal keys it starts.
	heads := make([]int, len(parts))
	var dup int64
	for {
		k, found := uint64(0), false
		for i, p := range parts {
			if heads[i] < len(p) && (!found || p[heads[i]] < k) {
				k, found = p[heads[i]], true
			}
		}
		if !found {
			return dup
		}
		var n int64
		for i, p := range parts {
			for heads[i] < len(p) && p[heads[i]] == k {
				heads[i]++
				n++
			}
		}
		if n > 1 {
			dup += n
		}
	}
}

// sortKeys sorts NIK keys by least-significant-digit radix, 11 bits a
// pass (a NIK is below 2^54): a comparison sort of a national leak's keys
// was a tenth of verify's time, spent on one core after linking.
func sortKeys(keys []uint64) {
	if len(keys) < 256 {
		slices.Sort(keys)
		return
	}
	const digit = 11
	buf := make([]uint64, len(keys))
	src, dst := keys, buf
	for shift := 0; shift < 66; shift += digit {
		var count [1 << digit]int
		for _, k := range src {
			count[k>>shift&(1<<digit-1)]++
		}
		if count[src[0]>>shift&(1<<digit-1)] == len(src) {
			continue // every key has this digit: nothing to move
		}
		sum := 0
		for i, n := range count {
			count[i] = sum
			sum += n
		}
		for _, k := range src {
			d := k >> shift & (1<<digit - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// digits16 parses a NIK of sixteen ASCII digits.
func digits16(s string) (uint64, bool) {
	if len(s) != 16 {
		return 0, false
	}
	var v uint64
	for i := 0; i < 16; i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + uint64(c)
	}
	return v, true
}

func rate(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// Result judges what was added. headers are the leak's column headers
// (for the schema comparison).
func (c *Checker) Result(headers []string) Result {
	res := Result{
		Rows: c.rows, NIKRows: c.nikRows, NIKMaskedRows: c.masked,
		NIKValidRate: rate(c.valid, c.nikRows), RegionKnownRate: rate(c.regionKnown, c.valid),
		NIKDOBAgreement: rate(c.dobAgree, c.dobCmp), NIKDOBCompared: c.dobCmp,
		NIKSexAgreement: rate(c.sexAgree, c.sexCmp), NIKSexCompared: c.sexCmp,
		PatternNIKRate:     rate(c.pattern, c.nikRows),
		NIKRegionAgreement: rate(c.regAgree, c.regCmp), NIKRegionCompared: c.regCmp,
		AgeRows: c.ageRows, UnderAge: c.underAge, SexRows: c.sexRows, MaleShare: rate(c.male, c.sexRows),
	}
	res.DuplicateNIKRows = duplicates(append([][]uint64{c.keys}, c.more...))
	res.DuplicateNIKRate = rate(res.DuplicateNIKRows, c.nikRows)
	for code, n := range c.codes {
		res.Findings = append(res.Findings, Finding{Code: string(code), Severity: code.Severity().String(), Rows: n, Rate: rate(n, c.nikRows)})
	}
	sort.Slice(res.Findings, func(i, j int) bool {
		if res.Findings[i].Rows != res.Findings[j].Rows {
			return res.Findings[i].Rows > res.Findings[j].Rows
		}
		return res.Findings[i].Code < res.Findings[j].Code
	})
	var tvd float64
	for g, gen := range generations {
		b := Band{Label: gen.label, Rows: c.gens[g], Share: rate(c.gens[g], c.ageRows), Expected: gen.share}
		res.AgeBands = append(res.AgeBands, b)
		d := b.Share - b.Expected
		if d < 0 {
			d = -d
		}
		tvd += d / 2
	}
	res.Schema = matchSchema(headers)
	res.Checks = c.checks(&res, tvd)
	var sum float64
	var n int
	for _, ch := range res.Checks {
		switch ch.Status {
		case OK:
			sum++
		case Warn:
			sum += 0.5
		case Fail:
		default:
			continue
		}
		n++
	}
	if n > 0 {
		res.Score = sum / float64(n)
	}
	return res
}

// grade returns OK when v is on the good side of okAt, Warn when on the
// good side of warnAt, else Fail; higher says which side is good.
func grade(v, okAt, warnAt float64, higher bool) Status {
	if !higher {
		v, okAt, warnAt = -v, -okAt, -warnAt
	}
	switch {
	case v >= okAt:
		return OK
	case v >= warnAt:
		return Warn
	}
	return Fail
}

func pct(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + "%" }

// The thresholds of the checks. A real list scores at the top of each: the
// registry issues NIKs by rule, so in real data disagreements are clerical
// slips (under 1%); made-up lists break the rules by the tens of percent.
func (c *Checker) checks(res *Result, tvd float64) []Check {
	var out []Check
	add := func(id string, v float64, expected string, st Status, detail string) {
		out = append(out, Check{ID: id, Value: v, Expected: expected, Status: st, Detail: detail})
	}
	if c.nikRows == 0 {
		add("nik_valid", 0, "≥ 98%", NA, "The leak has no complete NIK to check.")
	} else {
		add("nik_valid", res.NIKValidRate, "≥ 98%", grade(res.NIKValidRate, 0.98, 0.90, true),
			fmt.Sprintf("%s of the %d complete NIKs are well formed (known province, possible date, non-zero serial).", pct(res.NIKValidRate), c.nikRows))
		add("nik_region_known", res.RegionKnownRate, "≥ 99%", grade(res.RegionKnownRate, 0.99, 0.95, true),
			fmt.Sprintf("%s of the valid NIKs carry a regency and district code that exists in the region table.", pct(res.RegionKnownRate)))
		add("nik_duplicates", res.DuplicateNIKRate, "≤ 0.1%", grade(res.DuplicateNIKRate, 0.001, 0.01, false),
			fmt.Sprintf("%s of the NIK rows share their NIK with another row.", pct(res.DuplicateNIKRate)))
		add("nik_patterns", res.PatternNIKRate, "≤ 0.1%", grade(res.PatternNIKRate, 0.001, 0.01, false),
			fmt.Sprintf("%s of the NIKs are long runs of one digit or sequences.", pct(res.PatternNIKRate)))
	}
	if c.dobCmp == 0 {
		add("nik_dob", 0, "≥ 97%", NA, "No row has both a valid NIK and a birth date.")
	} else {
		add("nik_dob", res.NIKDOBAgreement, "≥ 97%", grade(res.NIKDOBAgreement, 0.97, 0.90, true),
			fmt.Sprintf("In %s of %d rows the birth date in the NIK is the birth-date column's.", pct(res.NIKDOBAgreement), c.dobCmp))
	}
	if c.sexCmp == 0 {
		add("nik_sex", 0, "≥ 98%", NA, "No row has both a valid NIK and a sex.")
	} else {
		add("nik_sex", res.NIKSexAgreement, "≥ 98%", grade(res.NIKSexAgreement, 0.98, 0.95, true),
			fmt.Sprintf("In %s of %d rows the sex in the NIK (day + 40 for women) is the sex column's.", pct(res.NIKSexAgreement), c.sexCmp))
	}
	if c.ageRows < 100 {
		add("age_distribution", 0, "distance ≤ 8%", NA, "Too few rows with an age or birth date to compare the age structure.")
	} else {
		add("age_distribution", tvd, "distance ≤ 8%", grade(tvd, 0.08, 0.15, false),
			fmt.Sprintf("The ages differ from the 2024 list's generations by a total variation distance of %s.", pct(tvd)))
		u := rate(c.underAge, c.ageRows)
		add("under_age", u, "≤ 0.1%", grade(u, 0.001, 0.01, false),
			fmt.Sprintf("%s of the rows are of unmarried people under 17, who cannot be voters.", pct(u)))
	}
	if c.sexRows < 100 {
		add("sex_ratio", 0, "48–52% men", NA, "Too few rows with a sex to compare the sex ratio.")
	} else {
		d := res.MaleShare - 0.5
		if d < 0 {
			d = -d
		}
		add("sex_ratio", res.MaleShare, "48–52% men", grade(d, 0.02, 0.05, false),
			fmt.Sprintf("%s of the rows are men (the 2024 list: 50.0%%).", pct(res.MaleShare)))
	}
	return out
}
