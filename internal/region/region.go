package region

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"
)

//go:embed areas.tsv.zst
var areasZst []byte

// Level is the tier of an administrative area.
type Level int

// The four tiers, from the top.
const (
	Province Level = iota + 1
	Regency
	District
	Village
)

func (l Level) String() string {
	switch l {
	case Province:
		return "province"
	case Regency:
		return "regency"
	case District:
		return "district"
	case Village:
		return "village"
	}
	return fmt.Sprintf("level(%d)", int(l))
}

// codeLen is the number of digits of a code at each level.
var codeLen = [...]int{Province: 2, Regency: 4, District: 6, Village: 10}

// LevelOf returns the level a code of n digits belongs to, or 0.
func LevelOf(n int) Level {
	switch n {
	case 2:
		return Province
	case 4:
		return Regency
	case 6:
		return District
	case 10:
		return Village
	}
	return 0
}

// Area is one administrative area.
type Area struct {
	Code   string // digits only: "32", "3204", "320411", "3204112001"
	Parent string // the parent's code, "" for provinces
	Name   string // as in the source table, e.g. "Kabupaten Bandung"
	Level  Level
}

// Dotted returns the code in the official dotted form, "32.04.11.2001".
func (a Area) Dotted() string { return Dotted(a.Code) }

// Dotted formats a digit code as "32.04.11.2001"; other input is returned as is.
func Dotted(code string) string {
	if LevelOf(len(code)) == 0 {
		return code
	}
	var b strings.Builder
	for i := 0; i < len(code) && i < 6; i += 2 {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(code[i : i+2])
	}
	if len(code) == 10 {
		b.WriteByte('.')
		b.WriteString(code[6:])
	}
	return b.String()
}

// ShortName is the name without its type word, upper case: "Kabupaten
// Bandung" → "BANDUNG", "Kota Administrasi Jakarta Pusat" → "JAKARTA PUSAT".
// It is how a place of birth or a regency is usually written in a list.
func (a Area) ShortName() string {
	k, _ := splitKind(key(a.Name))
	return k
}

type table struct {
	areas   []Area         // sorted by code
	byLevel [5][]Area      // sub-slices per level, sorted by code
	index   map[string]int // code → position in areas

	// names is built on the first name lookup: a run that only looks up
	// codes (verify) does not pay for normalising 92,000 names.
	namesOnce sync.Once
	names     map[nameKey][]int
}

// byName returns the name index, building it on first use.
func (t *table) byName() map[nameKey][]int {
	t.namesOnce.Do(func() {
		t.names = make(map[nameKey][]int, len(t.areas))
		for i, a := range t.areas {
			n, kind := splitKind(key(a.Name))
			if a.Level != Regency {
				kind = ""
			}
			k := nameKey{a.Level, kind, n}
			t.names[k] = append(t.names[k], i)
		}
	})
	return t.names
}

type nameKey struct {
	level Level
	kind  string // "KAB", "KOTA" or "" for regencies
	name  string
}

var (
	loadOnce sync.Once
	tbl      *table
	loadErr  error
)

func load() *table {
	loadOnce.Do(func() { tbl, loadErr = parse(areasZst) })
	if loadErr != nil {
		// The table is embedded at build time and checked by tests; failing
		// to read it means a broken build, not bad input.
		panic("region: embedded table unreadable: " + loadErr.Error())
	}
	return tbl
}

func parse(zst []byte) (*table, error) {
	// One goroutine and low memory: the default decoder allocated 60 MB of
	// buffers to decode this 2 MB table once.
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	var hdr zstd.Header
	var dst []byte
	if hdr.Decode(zst) == nil && hdr.HasFCS && hdr.FrameContentSize < 64<<20 {
		dst = make([]byte, 0, hdr.FrameContentSize)
	}
	raw, err := dec.DecodeAll(zst, dst)
	if err != nil {
		return nil, err
	}
	// One string for the whole table, which codes and names slice: one
	// allocation instead of two a line. The slices are sized up front.
	all := string(raw)
	n := strings.Count(all, "\n") + 1
	t := &table{index: make(map[string]int, n), areas: make([]Area, 0, n)}
	var perLevel [5]int
	for line := range strings.Lines(all) {
		line = strings.TrimSuffix(line, "\n")
		tab := strings.IndexByte(line, '\t')
		if tab < 0 {
			return nil, fmt.Errorf("line %d: no tab", len(t.areas)+1)
		}
		code, name := line[:tab], line[tab+1:]
		lv := LevelOf(len(code))
		if lv == 0 {
			return nil, fmt.Errorf("line %d: bad code length", len(t.areas)+1)
		}
		a := Area{Code: code, Name: name, Level: lv}
		if lv > Province {
			a.Parent = code[:codeLen[lv-1]]
		}
		t.areas = append(t.areas, a)
		perLevel[lv]++
	}
	for lv, k := range perLevel {
		t.byLevel[lv] = make([]Area, 0, k)
	}
	// Codes sort so that each level's codes are contiguous only per parent;
	// gather each level separately, keeping code order.
	for i, a := range t.areas {
		t.index[a.Code] = i
		t.byLevel[a.Level] = append(t.byLevel[a.Level], a)
	}
	return t, nil
}

// Lookup returns the area with the given code, dotted or not.
func Lookup(code string) (Area, bool) {
	if strings.IndexByte(code, '.') >= 0 {
		code = strings.ReplaceAll(code, ".", "")
	}
	t := load()
	i, ok := t.index[code]
	if !ok {
		return Area{}, false
	}
	return t.areas[i], true
}

// All returns every area of a level, sorted by code. The slice is shared:
// callers must not modify it.
func All(level Level) []Area {
	if level < Province || level > Village {
		return nil
	}
	return load().byLevel[level]
}

// Children returns the areas directly under code, sorted by code.
func Children(code string) []Area {
	code = strings.ReplaceAll(code, ".", "")
	lv := LevelOf(len(code))
	if lv == 0 || lv == Village {
		return nil
	}
	all := load().byLevel[lv+1]
	lo := sort.Search(len(all), func(i int) bool { return all[i].Code >= code })
	hi := lo
	for hi < len(all) && strings.HasPrefix(all[hi].Code, code) {
		hi++
	}
	return all[lo:hi]
}

// Attribution is the notice required by the table's licence.
func Attribution() string {
	return "Administrative area codes and names: Kemendagri, via idn-area-data 4.0.1, " +
		"licensed under the Open Database License (ODbL) 1.0; see internal/region/LICENSE-ODbL.md."
}
