package names

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Birth-year eras. Every weighted list carries one alias table per era so
// that name fashions drift with the year of birth without any per-call
// arithmetic.
const (
	eraOld   = iota // born before 1965
	eraMid          // 1965–1979
	eraLate         // 1980–1994
	eraYoung        // 1995 and later
	numEras
)

// eraOf maps a year of birth to an era. Zero (unknown) counts as eraMid.
func eraOf(birthYear int) int {
	switch {
	case birthYear == 0:
		return eraMid
	case birthYear < 1965:
		return eraOld
	case birthYear < 1980:
		return eraMid
	case birthYear < 1995:
		return eraLate
	default:
		return eraYoung
	}
}

// profiles scale an entry's weight by era. The letter follows the weight in
// a list spec ("SLAMET:100O"); no letter means the same weight in every era.
var profiles = map[byte][numEras]float64{
	'O': {1, 0.2, 0.03, 0.004}, // very old-fashioned (PAIJO, TUKIYEM)
	'o': {1, 0.5, 0.15, 0.04},  // old-fashioned
	'm': {0.5, 1, 0.6, 0.2},    // peaked among people born 1965–1979
	'n': {0.15, 0.6, 1, 0.6},   // peaked among people born 1980–1994
	'y': {0.02, 0.2, 0.8, 1},   // modern
	'Y': {0.002, 0.02, 0.3, 1}, // very modern (NAYLA, DAFFA)
	'f': {1, 1, 1, 1},          // explicit flat
}

// alias is Vose's alias table over n outcomes. pick costs one Uint64.
type alias struct {
	prob  []uint32 // threshold on the low 32 bits; MaxUint32 means always keep
	alias []uint32
}

func newAlias(w []float64) alias {
	n := len(w)
	if n == 0 {
		panic("names: empty weight table")
	}
	sum := 0.0
	for _, x := range w {
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			panic("names: bad weight")
		}
		sum += x
	}
	if sum <= 0 {
		panic("names: weights sum to zero")
	}
	a := alias{prob: make([]uint32, n), alias: make([]uint32, n)}
	scaled := make([]float64, n)
	var small, large []int
	for i, x := range w {
		scaled[i] = x * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s := small[len(small)-1]
		small = small[:len(small)-1]
		l := large[len(large)-1]
		a.prob[s] = uint32(scaled[s] * (1 << 32))
		a.alias[s] = uint32(l)
		scaled[l] = scaled[l] + scaled[s] - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		a.prob[i] = math.MaxUint32
		a.alias[i] = uint32(i)
	}
	for _, i := range small { // rounding leftovers
		a.prob[i] = math.MaxUint32
		a.alias[i] = uint32(i)
	}
	return a
}

func (a *alias) pick(r *rand.Rand) int {
	u := r.Uint64()
	i := int((u >> 32) * uint64(len(a.prob)) >> 32)
	if uint32(u) < a.prob[i] || a.prob[i] == math.MaxUint32 {
		return i
	}
	return int(a.alias[i])
}

// list is a weighted list of tokens with one alias table per era. The empty
// token (written "-" in a spec) means "nothing here" and lets optional parts
// of a name be expressed as ordinary lists.
type list struct {
	name  string
	items []string
	w     [numEras][]float64
	t     [numEras]alias
}

func (l *list) pick(r *rand.Rand, era int) string {
	return l.items[l.t[era].pick(r)]
}

// parseList parses "TOKEN:weight[profile], TOKEN:weight, ...". Tokens may
// contain spaces (multi-word entries such as "SRI WAHYUNI") and apostrophes;
// "-" stands for the empty token.
func parseList(name, spec string) (*list, error) {
	l := &list{name: name}
	for _, raw := range strings.Split(spec, ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		colon := strings.LastIndexByte(raw, ':')
		if colon <= 0 {
			return nil, fmt.Errorf("list %s: entry %q has no weight", name, raw)
		}
		tok := strings.TrimSpace(raw[:colon])
		ws := strings.TrimSpace(raw[colon+1:])
		prof := profiles['f']
		if n := len(ws); n > 0 && (ws[n-1] < '0' || ws[n-1] > '9') && ws[n-1] != '.' {
			p, ok := profiles[ws[n-1]]
			if !ok {
				return nil, fmt.Errorf("list %s: entry %q has unknown profile", name, raw)
			}
			prof = p
			ws = ws[:n-1]
		}
		w, err := strconv.ParseFloat(ws, 64)
		if err != nil || w <= 0 {
			return nil, fmt.Errorf("list %s: entry %q has bad weight", name, raw)
		}
		if tok == "-" {
			tok = ""
		} else if err := checkToken(tok); err != nil {
			return nil, fmt.Errorf("list %s: %v", name, err)
		}
		l.items = append(l.items, tok)
		for e := 0; e < numEras; e++ {
			l.w[e] = append(l.w[e], w*prof[e])
		}
	}
	if len(l.items) == 0 {
		return nil, fmt.Errorf("list %s is empty", name)
	}
	for e := 0; e < numEras; e++ {
		l.t[e] = newAlias(l.w[e])
	}
	return l, nil
}

// checkToken enforces the KPU writing conventions on list entries.
func checkToken(tok string) error {
	if tok != strings.TrimSpace(tok) || strings.Contains(tok, "  ") {
		return fmt.Errorf("token %q has stray spaces", tok)
	}
	for _, c := range tok {
		switch {
		case c >= 'A' && c <= 'Z', c == ' ', c == '\'', c == '.', c == '-':
		case c == 'É' || c == 'Ç' || c == 'Ã':
		default:
			return fmt.Errorf("token %q has character %q", tok, c)
		}
	}
	return nil
}
