package schema

import (
	"strings"
	"time"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
	"github.com/telusur/telusur/internal/normalize"
	"github.com/telusur/telusur/internal/region"
)

// maxSampleRows bounds the rows looked at per column.
const maxSampleRows = 2000

// maxRegionValues bounds the distinct values of a column looked up in the
// region table.
const maxRegionValues = 300

// colStats summarises the sample values of one column.
type colStats struct {
	n        int // non-empty values
	distinct int
	w        int // occurrences of the value being counted (see value)

	id, idMasked, idValid int // sixteen digits or masks; valid as NIK or NKK (unmasked)
	dateVisible, nikLike  int // IDs whose date digits show; those that can only be a birth date

	date  int // birth dates with an age of 0–120
	ints  int // whole numbers
	small int // 1–999
	pad   int // written with leading zeros ("001")
	zero  int // the number 0
	dis   int // disability: 0–6 or a category word
	age   int // ages 17–110 (with TAHUN etc.)
	seq   int // each value one more than the previous one

	sex, sexWord int // accepted by normalize.Sex; not a digit
	sexCodes     uint8
	mar, marB    int // accepted by normalize.Marital; coded B
	marOnly      int // accepted by normalize.Marital but not by normalize.Sex
	rtrw         int // a combined RT/RW cell
	marCodes     uint8
	ektp         int
	remark       int
	remarkU      int
	passport     int
	regionCode   int
	provinceCode int // two-digit province codes (counted apart from regionCode)

	text, name, addr int // letters only; name-shaped; address-shaped
	kind             int // written with KAB./KOTA
	regionEval       int // values looked up in the region table
	regionHit        [5]int
}

// emptyCell reports the markers that stand for no value.
func emptyCell(v string) bool {
	switch v {
	case "", "-", "--", "NULL", "null", "Null", "N/A", "n/a", "NA", `\N`, "NONE", "None", "none", "nil", "NaN", "nan", ".":
		return true
	}
	return false
}

// analyze computes the statistics of column c of the sample.
func analyze(sample [][]string, c int, ref time.Time, nikOpt nik.Options) *colStats {
	st := &colStats{}
	seen := make(map[string]int, 64)
	var order []string
	prevInt, havePrev := 0, false
	for r, row := range sample {
		if r == maxSampleRows {
			break
		}
		if c >= len(row) {
			havePrev = false
			continue
		}
		v := strings.TrimSpace(row[c])
		if emptyCell(v) {
			havePrev = false
			continue
		}
		st.n++
		if _, ok := seen[v]; !ok {
			order = append(order, v)
		}
		seen[v]++
		if iv, isInt := plainInt(v); isInt {
			if havePrev && iv == prevInt+1 {
				st.seq++
			}
			prevInt, havePrev = iv, true
		} else {
			havePrev = false
		}
	}
	// Each distinct value is judged once and counted as often as it
	// occurs: most columns hold few values many times.
	for _, v := range order {
		iv, isInt := plainInt(v)
		st.w = seen[v]
		st.value(v, iv, isInt, ref, nikOpt)
	}
	st.distinct = len(seen)
	st.regions(order, seen)
	return st
}

// plainInt reads a value made only of digits (at most nine).
func plainInt(v string) (int, bool) {
	if len(v) == 0 || len(v) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
		n = n*10 + int(v[i]-'0')
	}
	return n, true
}

// value counts the value v (trimmed, not empty) st.w times.
func (st *colStats) value(v string, iv int, isInt bool, ref time.Time, nikOpt nik.Options) {
	if norm, masked, ok := normalize.ID(v); ok {
		st.id += st.w
		if masked {
			st.idMasked += st.w
		} else if validNumber(norm, nikOpt) {
			st.idValid += st.w
		}
		st.idDate(norm, ref)
	}
	if d := normalize.BirthDate(v, ref); d.OK {
		if a := dpt.AgeAt(d.Date.Time(), ref); a >= 0 && a <= 120 {
			st.date += st.w
		}
	}
	if isInt {
		st.ints += st.w
		if iv >= 1 && iv <= 999 {
			st.small += st.w
		}
		if len(v) >= 2 && v[0] == '0' {
			st.pad += st.w
		}
		if iv == 0 {
			st.zero += st.w
		}
		if iv <= 6 && len(v) == 1 {
			st.dis += st.w
		}
	} else if disabilityWord(v) {
		st.dis += st.w
	}
	if _, _, ok := normalize.RTRW(v); ok {
		st.rtrw += st.w
	}
	if a, ok := normalize.Age(v); ok && a >= 17 && a <= 110 {
		st.age += st.w
	}
	if s, ok := normalize.Sex(v); ok {
		st.sex += st.w
		if !isInt {
			st.sexWord += st.w
		}
		st.sexCodes |= codeBit(s)
	}
	if m, ok := normalize.Marital(v); ok {
		st.mar += st.w
		if _, isSex := normalize.Sex(v); !isSex {
			st.marOnly += st.w
		}
		if m == dpt.Single {
			st.marB += st.w
		}
		st.marCodes |= codeBit(m)
	}
	u := strings.ToUpper(v)
	switch u {
	case "S", "B", "Y", "T", "YA", "TIDAK", "SUDAH", "BELUM", "SUDAH REKAM", "BELUM REKAM", "SR", "BR", "REKAM", "BELUM REKAM KTP-EL":
		st.ektp += st.w
	}
	switch u {
	case "B", "U", "BARU", "UBAH", "TMS", "MENINGGAL", "PINDAH", "GANDA", "PEMILIH BARU", "DIUBAH", "TIDAK DIKENAL":
		st.remark += st.w
		if u == "U" || u == "UBAH" || u == "DIUBAH" {
			st.remarkU += st.w
		}
	}
	if isPassport(u) {
		st.passport += st.w
	}
	if isRegionCode(v) {
		st.regionCode += st.w
	} else if isProvinceCode(v) {
		st.provinceCode += st.w
	}
	st.textShape(u)
}

// validNumber reports an unmasked number that is valid as a NIK or as an
// NKK (the column's role is decided elsewhere).
func validNumber(s string, opt nik.Options) bool {
	_, fs := nik.Parse(s, opt)
	if nik.Valid(fs) {
		return true
	}
	_, fs = nik.ParseNKK(s, opt)
	return nik.Valid(fs)
}

// idDate votes on whether the date digits of a sixteen-character number
// (DDMMYY at positions 6–11) can only be a birth date: a day over 40 is a
// woman's NIK, and a year 20YY after the reference day cannot be a family
// card's issue date, while most cards were issued since 2000.
func (st *colStats) idDate(s string, ref time.Time) {
	if len(s) != 16 {
		return
	}
	for i := 6; i < 12; i++ {
		if s[i] < '0' || s[i] > '9' {
			return
		}
	}
	day := int(s[6]-'0')*10 + int(s[7]-'0')
	month := int(s[8]-'0')*10 + int(s[9]-'0')
	yy := int(s[10]-'0')*10 + int(s[11]-'0')
	if month < 1 || month > 12 || day < 1 || day > 71 || day > 31 && day < 41 {
		return
	}
	st.dateVisible += st.w
	if day > 40 || 2000+yy > ref.Year() {
		st.nikLike += st.w
	}
}

func codeBit(code string) uint8 {
	switch code {
	case "L", "B":
		return 1
	case "P":
		return 2
	case "S":
		return 4
	}
	return 0
}

func disabilityWord(v string) bool {
	u := strings.ToUpper(v)
	for _, w := range []string{"FISIK", "INTELEKTUAL", "MENTAL", "SENSORIK", "TUNA", "NETRA", "RUNGU", "WICARA", "DAKSA", "GRAHITA", "LAINNYA"} {
		if strings.Contains(u, w) {
			return true
		}
	}
	return false
}

// isPassport reports the shape of an Indonesian (or foreign) passport
// number: one or two letters and six to eight digits.
func isPassport(u string) bool {
	i := 0
	for i < len(u) && u[i] >= 'A' && u[i] <= 'Z' {
		i++
	}
	if i < 1 || i > 2 {
		return false
	}
	d := len(u) - i
	if d < 6 || d > 8 {
		return false
	}
	for ; i < len(u); i++ {
		if u[i] < '0' || u[i] > '9' {
			return false
		}
	}
	return true
}

// isRegionCode reports a regency, district or village code, dotted or not,
// that exists. Two-digit province codes are left out: too many small
// numbers look like them.
func isRegionCode(v string) bool {
	if len(v) < 4 || len(v) > 14 || v[0] < '0' || v[0] > '9' {
		return false
	}
	digits := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
		default:
			return false
		}
	}
	if digits != 4 && digits != 6 && digits != 10 {
		return false
	}
	_, ok := region.Lookup(v)
	return ok
}

// isProvinceCode reports a two-digit code of an existing province.
func isProvinceCode(v string) bool {
	if len(v) != 2 || v[0] < '0' || v[0] > '9' || v[1] < '0' || v[1] > '9' {
		return false
	}
	a, ok := region.Lookup(v)
	return ok && a.Level == region.Province
}

// addressWords start or fill an address in Indonesian lists.
var addressWords = map[string]bool{
	"JL": true, "JLN": true, "JALAN": true, "GG": true, "GANG": true, "DUSUN": true, "DSN": true, "DUKUH": true,
	"DK": true, "KP": true, "KAMPUNG": true, "KAMPONG": true, "LINGKUNGAN": true, "LING": true, "LK": true,
	"LORONG": true, "LR": true, "BLOK": true, "BLK": true, "PERUM": true, "PERUMAHAN": true, "KOMPLEK": true,
	"KOMPLEKS": true, "KOMP": true, "NO": true, "JORONG": true, "BANJAR": true, "BR": true, "RT": true, "RW": true,
	"DESA": true, "KM": true, "ASRAMA": true, "GRIYA": true, "TAMAN": true, "PERUMNAS": true, "KAV": true,
}

// textShape classifies an upper-cased value as text, a name or an address.
func (st *colStats) textShape(u string) {
	letters, digits, other := 0, 0, 0
	words, longWord := 0, false
	inWord, wordLen := false, 0
	addrWord := false
	start := 0
	endWord := func(i int) {
		if inWord {
			words++
			if wordLen >= 2 {
				longWord = true
			}
			if addressWords[u[start:i]] {
				addrWord = true
			}
		}
		inWord, wordLen = false, 0
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c >= 'A' && c <= 'Z' || c >= 0x80:
			if !inWord {
				inWord, start = true, i
			}
			letters++
			wordLen++
		case c >= '0' && c <= '9':
			if !inWord {
				inWord, start = true, i
			}
			digits++
			wordLen++
		case c == '\'' || c == '`':
			if !inWord {
				other++
			}
		case c == ' ' || c == '.' || c == ',' || c == '-' || c == '/':
			endWord(i)
		default:
			endWord(i)
			other++
		}
	}
	endWord(len(u))
	if letters == 0 || other > 0 {
		return
	}
	if digits == 0 {
		st.text += st.w
		if words >= 1 && words <= 6 && longWord && !addrWord {
			st.name += st.w
		}
		if strings.HasPrefix(u, "KAB") || strings.HasPrefix(u, "KOTA ") {
			st.kind += st.w
		}
	}
	if addrWord || (digits > 0 && words >= 2) {
		st.addr += st.w
	}
}

// regions looks the column's text values up in the region table, at each
// level a written type word allows, and counts occurrences that match.
func (st *colStats) regions(order []string, count map[string]int) {
	if st.text*2 < st.n {
		return
	}
	evaluated := 0
	for _, v := range order {
		if evaluated == maxRegionValues {
			break
		}
		if !isText(v) {
			continue
		}
		evaluated++
		w := count[v]
		st.regionEval += w
		for _, l := range allowedLevels(v) {
			if len(region.MatchAll(l, "", v)) > 0 {
				st.regionHit[l] += w
			}
		}
	}
}

func isText(v string) bool {
	letters := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= '0' && c <= '9' {
			return false
		}
		if c|0x20 >= 'a' && c|0x20 <= 'z' {
			letters = true
		}
	}
	return letters
}

var allLevels = []region.Level{region.Province, region.Regency, region.District, region.Village}

// allowedLevels returns the levels a name can be at, judged by a leading
// type word (KAB./KOTA: regency; KEC.: district; KEL./DESA: village;
// PROV.: province).
func allowedLevels(v string) []region.Level {
	u := strings.ToUpper(v)
	first := u
	if i := strings.IndexAny(u, " ."); i >= 0 {
		first = u[:i]
	}
	switch first {
	case "KAB", "KABUPATEN", "KOTA", "KODYA", "KOTAMADYA":
		return allLevels[1:2]
	case "KEC", "KECAMATAN":
		return allLevels[2:3]
	case "KEL", "KELURAHAN", "DESA", "DS":
		return allLevels[3:4]
	case "PROV", "PROVINSI", "PROPINSI":
		return allLevels[0:1]
	}
	return allLevels
}
