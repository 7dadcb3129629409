package ingest

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/telusur/telusur/internal/dataset"
	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/normalize"
	"github.com/telusur/telusur/internal/region"
	"github.com/telusur/telusur/internal/schema"
)

// normalizer turns a table's rows into dataset rows using its schema. Each
// worker has its own (clone), with its own cache of region lookups: region
// cells repeat millions of times, so each distinct tuple is resolved once.
type normalizer struct {
	col     []int // role ordinal (position in dpt.Roles) → column index, -1 if absent
	others  []int // columns with role other
	codes   []int // columns with role region_code (a table may have several)
	header  []string
	ref     time.Time
	regions map[[5]string]string
	ints    []int32    // slab for Row's optional numbers
	dates   []dpt.Date // and dates

	// The last values of columns that repeat from row to row.
	lastRegion               [5]string
	lastCode                 string
	lastRT, lastRW, lastRTRW string
}

func newNormalizer(s schema.Schema, header []string, ref time.Time) *normalizer {
	n := &normalizer{col: make([]int, len(dpt.Roles)), header: header, ref: ref}
	for i := range n.col {
		n.col[i] = -1
	}
	for _, c := range s.Columns {
		if c.Role == dpt.RoleOther || c.Role == "" {
			n.others = append(n.others, c.Index)
			continue
		}
		if c.Role == dpt.RoleRegionCode {
			n.codes = append(n.codes, c.Index)
		}
		n.col[roleOrd[c.Role]] = c.Index
	}
	return n
}

func (n *normalizer) clone() *normalizer {
	c := *n
	c.regions = make(map[[5]string]string, 1024)
	c.ints, c.dates = nil, nil
	c.lastRegion, c.lastCode, c.lastRT, c.lastRW, c.lastRTRW = [5]string{}, "", "", "", ""
	return &c
}

// roleOrd maps a role to its position in dpt.Roles: the per-row lookups
// index a slice instead of hashing role names (a measured 9% of ingest).
var roleOrd = func() map[dpt.Role]int {
	m := map[dpt.Role]int{}
	for i, r := range dpt.Roles {
		m[r] = i
	}
	return m
}()

// The ordinals of the roles the normalizer reads.
var (
	oAddress       = roleOrd[dpt.RoleAddress]
	oAge           = roleOrd[dpt.RoleAge]
	oBirthDate     = roleOrd[dpt.RoleBirthDate]
	oBirthPlace    = roleOrd[dpt.RoleBirthPlace]
	oDisability    = roleOrd[dpt.RoleDisability]
	oDistrict      = roleOrd[dpt.RoleDistrict]
	oEKTP          = roleOrd[dpt.RoleEKTP]
	oMaritalStatus = roleOrd[dpt.RoleMaritalStatus]
	oNIK           = roleOrd[dpt.RoleNIK]
	oNKK           = roleOrd[dpt.RoleNKK]
	oName          = roleOrd[dpt.RoleName]
	oPassport      = roleOrd[dpt.RolePassport]
	oProvince      = roleOrd[dpt.RoleProvince]
	oRT            = roleOrd[dpt.RoleRT]
	oRW            = roleOrd[dpt.RoleRW]
	oRegency       = roleOrd[dpt.RoleRegency]
	oRegionCode    = roleOrd[dpt.RoleRegionCode]
	oRemarks       = roleOrd[dpt.RoleRemarks]
	oSex           = roleOrd[dpt.RoleSex]
	oTPS           = roleOrd[dpt.RoleTPS]
	oVillage       = roleOrd[dpt.RoleVillage]
)

func (n *normalizer) get(vals []string, ord int) string {
	i := n.col[ord]
	if i < 0 || i >= len(vals) {
		return ""
	}
	return trim(vals[i])
}

// trim is strings.TrimSpace with a shortcut for the common cell that
// starts and ends in a printable ASCII byte (no Unicode space is ASCII
// above ' '): ~20 cells a row made TrimSpace's call 4% of ingest.
func trim(s string) string {
	if len(s) > 0 {
		if a, z := s[0], s[len(s)-1]; a > ' ' && a < utf8.RuneSelf && z > ' ' && z < utf8.RuneSelf {
			return s
		}
	}
	return strings.TrimSpace(s)
}

// upper is strings.ToUpper with a shortcut for text that is upper-case
// ASCII already (most cells of a dump), checked eight bytes at a time.
func upper(s string) string {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// A byte >= 0x80, or one in 'a'..'z': (x+0x80-'a') has its high
		// bit set for bytes >= 'a', (x+0x80-'z'-1) for bytes > 'z'.
		if x&highs != 0 || (x+(0x80-'a')*ones)&^(x+(0x80-'z'-1)*ones)&highs != 0 {
			return strings.ToUpper(s)
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'a' && c <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}

// rejectReason says why a well-formed row is still not a record: nothing
// in it, or the header repeated (files concatenated with their headers).
func (n *normalizer) rejectReason(vals []string) string {
	empty := true
	for _, v := range vals {
		if trim(v) != "" {
			empty = false
			break
		}
	}
	if empty {
		return "empty row"
	}
	if len(vals) != len(n.header) || len(vals) == 0 || strings.HasPrefix(n.header[0], "col") ||
		!strings.EqualFold(trim(vals[0]), strings.TrimSpace(n.header[0])) {
		return ""
	}
	for i, v := range vals {
		if !strings.EqualFold(strings.TrimSpace(v), strings.TrimSpace(n.header[i])) {
			return ""
		}
	}
	return "repeated header"
}

// rawIfDifferent is raw, or "" when the normalized value says the same.
func rawIfDifferent(raw, norm string) string {
	if raw == norm {
		return ""
	}
	return raw
}

// i32 returns a pointer to v, taken from a slab: one allocation per few
// hundred rows instead of three or four per row.
func (n *normalizer) i32(v int) *int32 {
	if len(n.ints) == cap(n.ints) {
		n.ints = make([]int32, 0, 1024)
	}
	n.ints = append(n.ints, int32(v))
	return &n.ints[len(n.ints)-1]
}

// row fills r from a row's values.
func (n *normalizer) row(r *dataset.Row, vals []string, line int64) {
	*r = dataset.Row{Line: line}
	if raw := n.get(vals, oNIK); raw != "" {
		r.NIK, r.NIKMasked, _ = normalize.ID(raw)
		r.RawNIK = rawIfDifferent(raw, r.NIK)
	}
	if raw := n.get(vals, oNKK); raw != "" {
		r.NKK, r.NKKMasked, _ = normalize.ID(raw)
		r.RawNKK = rawIfDifferent(raw, r.NKK)
	}
	r.Passport = upper(strings.ReplaceAll(n.get(vals, oPassport), " ", ""))
	if raw := n.get(vals, oName); raw != "" {
		nm := normalize.PersonNameNoInitials(raw)
		r.Name, r.NameKey, r.NameTitles = nm.Clean, nm.Key, strings.Join(nm.Titles, " ")
		r.RawName = rawIfDifferent(raw, r.Name)
	}
	place := n.get(vals, oBirthPlace)
	if raw := n.get(vals, oBirthDate); raw != "" {
		r.RawBirthDate = raw
		dateText := raw
		if place == "" {
			// "BANDUNG, 12-01-1980": place and date in one cell.
			if p, d := normalize.SplitTTL(raw); d != "" {
				place, dateText = p, d
			}
		}
		if d := normalize.BirthDate(dateText, n.ref); d.OK {
			if len(n.dates) == cap(n.dates) {
				n.dates = make([]dpt.Date, 0, 1024)
			}
			n.dates = append(n.dates, d.Date)
			r.BirthDate, r.DateFormat = &n.dates[len(n.dates)-1], d.Format
		}
	}
	r.BirthPlace = upper(place)
	if a, ok := normalize.Age(n.get(vals, oAge)); ok {
		r.Age = n.i32(a)
	}
	if raw := n.get(vals, oSex); raw != "" {
		r.Sex, _ = normalize.Sex(raw)
		r.RawSex = rawIfDifferent(raw, r.Sex)
	}
	r.Marital, _ = normalize.Marital(n.get(vals, oMaritalStatus))
	r.Address = upper(n.get(vals, oAddress))
	rtRaw, rwRaw := n.get(vals, oRT), n.get(vals, oRW)
	if rtRaw != "" || rwRaw != "" {
		// Neighbours share RT and RW: reuse the last joined text.
		if rtRaw != n.lastRT || rwRaw != n.lastRW {
			n.lastRT, n.lastRW, n.lastRTRW = rtRaw, rwRaw, rtRaw+"/"+rwRaw
		}
		r.RawRTRW = n.lastRTRW
	}
	if rwRaw == "" && rtRaw != "" {
		// A combined "RT 001/RW 002" cell.
		if rt, rw, ok := normalize.RTRW(rtRaw); ok {
			r.RT, r.RW = n.i32(rt), n.i32(rw)
		} else if rt, ok := normalize.RT(rtRaw); ok {
			r.RT = n.i32(rt)
		}
	} else {
		if v, ok := normalize.RT(rtRaw); ok {
			r.RT = n.i32(v)
		}
		if v, ok := normalize.RT(rwRaw); ok {
			r.RW = n.i32(v)
		}
	}
	if v, ok := normalize.RT(n.get(vals, oTPS)); ok {
		r.TPS = n.i32(v)
	}
	r.Village = upper(n.get(vals, oVillage))
	r.District = upper(n.get(vals, oDistrict))
	r.Regency = upper(n.get(vals, oRegency))
	r.Province = upper(n.get(vals, oProvince))
	code := n.regionCode(vals)
	if code != "" || r.Village != "" || r.District != "" || r.Regency != "" || r.Province != "" {
		r.RawRegionCode = rawIfDifferent(code, strings.ReplaceAll(code, ".", ""))
		r.RegionCode = n.region([5]string{code, r.Province, r.Regency, r.District, r.Village})
	}
	r.Disability = upper(n.get(vals, oDisability))
	r.EKTP = upper(n.get(vals, oEKTP))
	r.Remarks = n.get(vals, oRemarks)
	if len(n.others) > 0 {
		var b strings.Builder
		for k, i := range n.others {
			if i >= len(vals) {
				continue
			}
			if k > 0 {
				b.WriteByte('\t')
			}
			if i < len(n.header) {
				b.WriteString(n.header[i])
			}
			b.WriteByte('=')
			b.WriteString(vals[i])
		}
		r.Other = b.String()
	}
}

// regionCode returns the row's most precise region code cell: the one with
// the most digits when the table has several code columns (province,
// regency, district, village).
func (n *normalizer) regionCode(vals []string) string {
	if len(n.codes) <= 1 {
		return n.get(vals, oRegionCode)
	}
	best, most := "", 0
	for _, i := range n.codes {
		if i >= len(vals) {
			continue
		}
		v := strings.TrimSpace(vals[i])
		d := 0
		for k := 0; k < len(v); k++ {
			if v[k] >= '0' && v[k] <= '9' {
				d++
			}
		}
		if d > most {
			best, most = v, d
		}
	}
	return best
}

// region resolves the most precise code a row's region cells give: a code
// written in the row when the table knows it, else names from the province
// down, each level looked up under the one above.
func (n *normalizer) region(k [5]string) string {
	// Rows come grouped by village: the last key is tried before hashing
	// five strings.
	if k == n.lastRegion {
		return n.lastCode
	}
	if c, ok := n.regions[k]; ok {
		n.lastRegion, n.lastCode = k, c
		return c
	}
	code := ""
	if c := strings.ReplaceAll(k[0], ".", ""); c != "" {
		if a, ok := region.Lookup(c); ok {
			code = a.Code
		}
	}
	if code == "" {
		parent := ""
		for i, lv := range []region.Level{region.Province, region.Regency, region.District, region.Village} {
			if k[i+1] == "" {
				continue
			}
			c, ok := normalize.RegionCode(lv, parent, k[i+1])
			if !ok {
				break
			}
			code, parent = c, c
		}
	}
	if len(n.regions) > 1<<16 {
		clear(n.regions) // bounded: a pathological file cannot grow it forever
	}
	// The key is cloned: its strings may share a whole chunk of text,
	// which the cache must not keep alive.
	for i := range k {
		k[i] = strings.Clone(k[i])
	}
	n.regions[k] = code
	n.lastRegion, n.lastCode = k, code
	return code
}
