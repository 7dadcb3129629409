package schema

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
	"github.com/telusur/telusur/internal/region"
)

// Column is one column of a table and the role detected for it.
type Column struct {
	Index      int
	Name       string // header as read; "" without a header row
	Role       dpt.Role
	Confidence float64 // 0..1
	// By says what decided the role: "header" (the header's name alone,
	// the sample being empty, silent or unclear), "content" (the values
	// alone: no header, an unknown one, or one the values clearly
	// contradict), "header+content" (both agree), "map" (a user override)
	// or "none" (nothing pointed anywhere: role other).
	By string
}

// Schema is the roles of a table's columns, one Column per column in
// order.
type Schema struct {
	Columns []Column
}

// Index returns the index of the column holding role r, or -1. For the
// roles several columns may hold (see Shared), it returns the first.
func (s Schema) Index(r dpt.Role) int {
	for _, c := range s.Columns {
		if c.Role == r {
			return c.Index
		}
	}
	return -1
}

// Shared reports the roles that several columns may hold: other, and
// region_code (a list may give the province, regency, district and
// village codes in separate columns; ingest takes the most precise code
// of each row).
func Shared(r dpt.Role) bool { return r == dpt.RoleOther || r == dpt.RoleRegionCode }

// The values of Column.By.
const (
	ByHeader        = "header"
	ByContent       = "content"
	ByHeaderContent = "header+content"
	ByMap           = "map"
	ByNone          = "none"
)

// roleIndex numbers the roles as in dpt.Roles.
var roleIndex = func() map[dpt.Role]int {
	m := make(map[dpt.Role]int, len(dpt.Roles))
	for i, r := range dpt.Roles {
		m[r] = i
	}
	return m
}()

var numRoles = len(dpt.Roles)

// scores is a column's content score for each role, indexed as dpt.Roles.
type scores []float64

func (s scores) get(r dpt.Role) float64 { return s[roleIndex[r]] }
func (s scores) set(r dpt.Role, v float64) {
	s[roleIndex[r]] = math.Max(0, math.Min(1, v))
}

// Detect assigns each column one role from its header (when hasHeader)
// and a sample of its values (the first rows of the table; at most 2000
// are looked at). overrides map a header, or a 1-based column number
// written as a string ("3"), to a role; they win over everything else.
//
// When hasHeader is false, header may be nil; if it is not, it is taken
// to be the table's first row and scored as data.
//
// See the package documentation for the rules and for what holds
// afterwards.
func Detect(header []string, hasHeader bool, sample [][]string, overrides map[string]dpt.Role) Schema {
	if !hasHeader && header != nil {
		sample = append([][]string{header}, sample...)
		header = nil
	}
	ncols := len(header)
	for i, row := range sample {
		if i == maxSampleRows {
			break
		}
		ncols = max(ncols, len(row))
	}
	if ncols == 0 {
		return Schema{}
	}
	ref := time.Now()
	opt := nik.Options{Ref: ref}

	stats := make([]*colStats, ncols)
	sc := make([]scores, ncols)
	for c := range ncols {
		stats[c] = analyze(sample, c, ref, opt)
		sc[c] = stats[c].scores()
	}
	pairRTRW(stats, sc)
	adjacentBirthPlace(stats, sc)
	pairIDs(stats, sc)

	cols := make([]Column, ncols)
	for c := range cols {
		cols[c] = Column{Index: c, Role: dpt.RoleOther, By: ByNone}
		if hasHeader && c < len(header) {
			cols[c].Name = header[c]
		}
	}
	assigned := make([]bool, ncols)
	taken := make(map[dpt.Role]bool, numRoles)
	applyOverrides(cols, header, hasHeader, overrides, assigned, taken)

	var cands []candidate
	for c := range ncols {
		if assigned[c] {
			continue
		}
		var hr dpt.Role
		var hconf float64
		if hasHeader && c < len(header) {
			hr, hconf = headerRole(header[c])
		}
		cands = appendCandidates(cands, c, hr, hconf, stats[c], sc[c])
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.conf != b.conf {
			return a.conf > b.conf
		}
		if a.col != b.col {
			return a.col < b.col
		}
		return roleIndex[a.role] < roleIndex[b.role]
	})
	for _, k := range cands {
		if assigned[k.col] || taken[k.role] {
			continue
		}
		assigned[k.col], taken[k.role] = true, !Shared(k.role)
		cols[k.col].Role, cols[k.col].Confidence, cols[k.col].By = k.role, round3(k.conf), k.by
	}
	for c := range cols {
		if assigned[c] {
			continue
		}
		if st := stats[c]; st.isRowNumber() {
			cols[c].Confidence, cols[c].By = 0.9, ByContent
		}
	}
	return Schema{Columns: cols}
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// candidate is a possible role of a column.
type candidate struct {
	col  int
	role dpt.Role
	conf float64
	by   string
}

// Thresholds of the header/content combination.
const (
	minEvidence     = 3    // non-empty values before content may confirm a header
	minContradict   = 10   // non-empty values before content may overrule a header
	agreeScore      = 0.5  // content score that confirms a header
	contradictBelow = 0.2  // a header role this poorly supported …
	contradictAbove = 0.8  // … while another role is this well supported is overruled
	minContentConf  = 0.4  // a role from content alone needs this confidence
	fallbackWeight  = 0.35 // content roles of a column whose header is trusted
	contentWeight   = 0.9  // content roles of a column without a usable header
)

// appendCandidates lists the roles column c may take, with confidences.
func appendCandidates(cands []candidate, c int, hr dpt.Role, hconf float64, st *colStats, sc scores) []candidate {
	// The best content score of a role other than the header's.
	bestScore := 0.0
	for i, r := range dpt.Roles {
		if r != hr && r != dpt.RoleOther && sc[i] > bestScore {
			bestScore = sc[i]
		}
	}
	hs := headerScore(hr, st, sc)
	misleading := hr != "" && st.n >= minContradict && hs < contradictBelow && bestScore > contradictAbove
	if hr != "" {
		switch s := hs; {
		case misleading:
			cands = append(cands, candidate{c, hr, 0.2, ByHeader})
		case st.n < minEvidence:
			cands = append(cands, candidate{c, hr, hconf, ByHeader})
		case s >= agreeScore:
			cands = append(cands, candidate{c, hr, 0.85 + 0.15*s, ByHeaderContent})
		default:
			cands = append(cands, candidate{c, hr, hconf * (0.7 + 0.6*s), ByHeader})
		}
	}
	evidence := math.Min(1, float64(st.n)/5)
	for i, r := range dpt.Roles {
		if r == hr || r == dpt.RoleOther {
			continue
		}
		s := sc[i] * evidence
		if s <= 0 {
			continue
		}
		if hr != "" && !misleading {
			if s >= agreeScore {
				cands = append(cands, candidate{c, r, fallbackWeight * s, ByContent})
			}
			continue
		}
		if conf := contentWeight * s; conf >= minContentConf {
			cands = append(cands, candidate{c, r, conf, ByContent})
		}
	}
	return cands
}

// headerScore is how well a column's values fit the role its header names.
// A header naming a region code also accepts two-digit province codes,
// which content alone does not take for codes (small numbers are many
// things).
func headerScore(hr dpt.Role, st *colStats, sc scores) float64 {
	if hr == "" {
		return 0
	}
	s := sc.get(hr)
	if hr == dpt.RoleRegionCode && st.n > 0 {
		s = math.Max(s, float64(st.regionCode+st.provinceCode)/float64(st.n))
	}
	return s
}

// applyOverrides assigns the roles the user mapped. Keys are matched
// against headers exactly, then case-, space- and punctuation-blind, then
// as 1-based column numbers. An override naming an unknown role is
// ignored; when two overrides give one role (other than a Shared one) to
// two columns, the leftmost column gets it.
func applyOverrides(cols []Column, header []string, hasHeader bool, overrides map[string]dpt.Role, assigned []bool, taken map[dpt.Role]bool) {
	if len(overrides) == 0 {
		return
	}
	type pick struct {
		col  int
		role dpt.Role
	}
	var picks []pick
	for key, role := range overrides {
		if _, ok := roleIndex[role]; !ok {
			continue
		}
		if c := overrideColumn(key, header, hasHeader, len(cols)); c >= 0 {
			picks = append(picks, pick{c, role})
		}
	}
	slices.SortFunc(picks, func(a, b pick) int {
		if a.col != b.col {
			return a.col - b.col
		}
		return roleIndex[a.role] - roleIndex[b.role]
	})
	for _, p := range picks {
		if assigned[p.col] || taken[p.role] {
			continue
		}
		assigned[p.col] = true
		taken[p.role] = !Shared(p.role)
		cols[p.col].Role, cols[p.col].Confidence, cols[p.col].By = p.role, 1, ByMap
	}
}

// overrideColumn finds the column an override key names, or -1.
func overrideColumn(key string, header []string, hasHeader bool, ncols int) int {
	if hasHeader {
		for i, h := range header {
			if h == key {
				return i
			}
		}
		if k := headerKey(key); k != "" {
			for i, h := range header {
				if headerKey(h) == k {
					return i
				}
			}
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(key)); err == nil && n >= 1 && n <= ncols {
		return n - 1
	}
	return -1
}

// isRowNumber reports a column counting rows: whole numbers, nearly each
// one more than the one before.
func (st *colStats) isRowNumber() bool {
	return st.n >= 5 && st.ints == st.n && float64(st.seq) >= 0.9*float64(st.n-1)
}

// scores turns a column's statistics into a content score per role.
func (st *colStats) scores() scores {
	s := make(scores, numRoles)
	if st.n == 0 {
		return s
	}
	n := float64(st.n)
	f := func(c int) float64 { return float64(c) / n }
	dr := float64(st.distinct) / n

	// Identity numbers. A column of numbers whose date digits can only be
	// birth dates is a NIK column; one whose dates can be issue dates is an
	// NKK column. Without visible dates pairIDs decides by uniqueness.
	idBase := f(st.idMasked + st.idValid)
	if st.dateVisible >= 5 {
		p := float64(st.nikLike) / float64(st.dateVisible)
		s.set(dpt.RoleNIK, idBase*1.25*p)
		s.set(dpt.RoleNKK, idBase*1.25*(1-p))
	} else {
		s.set(dpt.RoleNIK, idBase*0.75)
		s.set(dpt.RoleNKK, idBase*0.7)
	}

	// Region names, at the level most values match.
	var sh [5]float64
	if st.regionEval > 0 {
		for l := region.Province; l <= region.Village; l++ {
			sh[l] = float64(st.regionHit[l]) / float64(st.regionEval) * f(st.text)
		}
	}
	kind := f(st.kind)
	s.set(dpt.RoleProvince, sh[region.Province])
	s.set(dpt.RoleRegency, sh[region.Regency]*(0.6+0.4*kind))
	s.set(dpt.RoleDistrict, sh[region.District]*0.98)
	s.set(dpt.RoleVillage, sh[region.Village]*0.96)
	regionShare := max(sh[region.Province], sh[region.Regency], sh[region.District], sh[region.Village])
	s.set(dpt.RoleBirthPlace, 0.6*max(sh[region.Regency], sh[region.District])*(1-kind))

	// Names: name-shaped, mostly distinct, not places, not addresses.
	s.set(dpt.RoleName, f(st.name)*math.Min(1, dr/0.5)*(1-regionShare)*(1-f(st.addr)))

	s.set(dpt.RoleBirthDate, f(st.date))

	age := f(st.age)
	if age < 0.9 {
		age *= 0.5
	}
	if st.n >= 20 && st.distinct < 5 {
		age *= 0.5
	}
	s.set(dpt.RoleAge, age)

	// P is perempuan, but also pernah kawin: next to S and B it is the
	// latter.
	sex := f(st.sex) - f(st.marOnly)
	if st.sexWord == 0 {
		sex *= 0.6 // 1 and 2 are also RTs, TPSs, counts
	}
	if st.sexCodes != 3 && st.n >= 20 {
		sex *= 0.8
	}
	if st.distinct > 8 {
		sex *= 0.3
	}
	s.set(dpt.RoleSex, sex)

	mar := f(st.mar)
	if st.marCodes&2 == 0 && f(st.marB) < 0.15 {
		mar *= 0.75 // S and B alone may be the e-KTP column
	}
	if st.distinct > 12 {
		mar *= 0.3
	}
	s.set(dpt.RoleMaritalStatus, mar)

	ektp := f(st.ektp)
	if f(st.marB) >= 0.15 || st.marCodes&2 != 0 {
		ektp *= 0.7
	} else {
		ektp *= 0.95
	}
	s.set(dpt.RoleEKTP, ektp)

	rem := f(st.remark)
	if st.remarkU == 0 {
		rem *= 0.6
	}
	s.set(dpt.RoleRemarks, rem)

	dis := f(st.dis)
	if st.ints > 0 && float64(st.zero) < 0.5*float64(st.ints) {
		dis *= 0.3 // the numeric code is mostly 0: few voters are disabled
	}
	s.set(dpt.RoleDisability, dis)

	s.set(dpt.RolePassport, f(st.passport))
	s.set(dpt.RoleRegionCode, f(st.regionCode))
	s.set(dpt.RoleAddress, f(st.addr))

	// Small numbers: RT and RW come as an adjacent pair (pairRTRW); alone
	// a small number is more likely a TPS.
	small := f(st.small)
	if st.isRowNumber() {
		small = 0
	}
	if f(st.age) >= 0.9 {
		small *= 0.5
	}
	s.set(dpt.RoleRT, max(0.55*small, 0.9*f(st.rtrw)))
	s.set(dpt.RoleRW, 0.5*small)
	if f(st.pad) >= 0.5 {
		s.set(dpt.RoleTPS, 0.5*small)
	} else {
		s.set(dpt.RoleTPS, 0.8*small)
	}
	return s
}

// pairRTRW finds RT and RW: two adjacent columns of small numbers, RT
// first, as every list writes them. Zero-padded numbers ("001") are the
// stronger sign.
func pairRTRW(stats []*colStats, sc []scores) {
	smallish := func(c int) bool {
		st := stats[c]
		return st.n > 0 && float64(st.small) >= 0.8*float64(st.n) && !st.isRowNumber() && float64(st.age) < 0.9*float64(st.n)
	}
	for c := 0; c+1 < len(stats); c++ {
		if !smallish(c) || !smallish(c+1) {
			continue
		}
		pad := float64(stats[c].pad+stats[c+1].pad) / float64(stats[c].n+stats[c+1].n)
		v := 0.9 + 0.1*pad
		sc[c].set(dpt.RoleRT, v)
		sc[c+1].set(dpt.RoleRW, v)
		c++
	}
}

// adjacentBirthPlace raises the birth-place score of a place column just
// before a birth-date column, where lists put the tempat lahir.
func adjacentBirthPlace(stats []*colStats, sc []scores) {
	for c := 0; c+1 < len(stats); c++ {
		if sc[c+1].get(dpt.RoleBirthDate) < 0.8 {
			continue
		}
		place := max(sc[c].get(dpt.RoleRegency), sc[c].get(dpt.RoleDistrict), sc[c].get(dpt.RoleVillage))
		if st := stats[c]; st.n > 0 && place >= 0.3 && float64(st.kind) < 0.2*float64(st.n) {
			sc[c].set(dpt.RoleBirthPlace, max(sc[c].get(dpt.RoleBirthPlace), 0.5+0.5*place))
		}
	}
}

// pairIDs decides between NIK and NKK when a table has two or more
// identity-number columns. Where both show their date digits, the column
// whose dates look more like birth dates is the NIK; where they are hidden
// or alike, the column with more distinct values is the NIK and the one
// that repeats (family members share a card) the NKK.
func pairIDs(stats []*colStats, sc []scores) {
	var ids []int
	for c, st := range stats {
		if st.n > 0 && float64(st.id) >= 0.8*float64(st.n) {
			ids = append(ids, c)
		}
	}
	if len(ids) < 2 {
		return
	}
	birthLike := func(c int) (float64, bool) {
		st := stats[c]
		if st.dateVisible < 5 {
			return 0, false
		}
		return float64(st.nikLike) / float64(st.dateVisible), true
	}
	distinct := func(c int) float64 { return float64(stats[c].distinct) / float64(stats[c].n) }
	slices.SortStableFunc(ids, func(a, b int) int {
		pa, oka := birthLike(a)
		pb, okb := birthLike(b)
		if oka && okb && math.Abs(pa-pb) > 0.1 {
			return cmpDesc(pa, pb)
		}
		return cmpDesc(distinct(a), distinct(b))
	})
	first, second := ids[0], ids[1]
	sc[first].set(dpt.RoleNIK, sc[first].get(dpt.RoleNIK)+0.2)
	sc[first].set(dpt.RoleNKK, sc[first].get(dpt.RoleNKK)-0.2)
	sc[second].set(dpt.RoleNKK, sc[second].get(dpt.RoleNKK)+0.2)
	sc[second].set(dpt.RoleNIK, sc[second].get(dpt.RoleNIK)-0.2)
}

// cmpDesc orders larger values first.
func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}
