package link

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/telusur/telusur/internal/normalize"
)

// BlockRule is one blocking rule: the pairs whose keys agree on every part
// are compared. A part is "column" (the value, trimmed and upper-cased) or
// "column:transform" with transform one of
//
//	key        a name's comparison key (old spellings, titles folded)
//	tokens     the key's words sorted (reordered names meet)
//	soundex    Soundex of each word of the key
//	first<N>   the first N letters or digits (first3)
//	last<N>    the last N
//	word1      the key's first word
//	year       a date's year; ym, md: year and month, month and day
//	digits     digits only
//
// A row with an empty part is not blocked by the rule. Rules are united:
// a pair found by several rules is compared once.
type BlockRule []string

func (r BlockRule) String() string { return strings.Join(r, " & ") }

// BlockStats counts the pairs blocking generated.
type BlockStats struct {
	Rules []string `json:"rules"`
	// PerRule is the number of new pairs each rule added (pairs already
	// found by an earlier rule are not counted again).
	PerRule []int64 `json:"pairs_per_rule"`
	Pairs   int64   `json:"pairs"`
	// Total is the number of possible pairs (left × right, or n(n−1)/2).
	Total float64 `json:"total_pairs"`
	// Reduction is 1 − Pairs/Total.
	Reduction float64 `json:"reduction_ratio"`
	// SkippedBlocks counts blocks larger than MaxBlock, left out.
	SkippedBlocks int64 `json:"skipped_blocks,omitempty"`
}

type blockIndex struct {
	keys []uint64
	rows []uint32
}

type blocker struct {
	lk, rk   [][]uint64 // per rule, the key of every left / right row
	idx      []blockIndex
	dedupe   bool
	maxBlock int
}

// blockKeys computes one rule's key for every row of t.
func blockKeys(t *Table, rule BlockRule, rightCols map[string]string, ref time.Time) ([]uint64, error) {
	n := t.Len()
	type part struct {
		vals []string
		tf   string
	}
	var parts []part
	for _, p := range rule {
		col, tf, _ := strings.Cut(p, ":")
		vals, ok := t.Column(col)
		if !ok && rightCols != nil {
			if rc, ok2 := rightCols[strings.ToLower(col)]; ok2 {
				vals, ok = t.Column(rc)
			}
		}
		if !ok {
			return nil, fmt.Errorf("blocking rule %q: table %s has no column %q", rule, t.Name, col)
		}
		if !validTransform(tf) {
			return nil, fmt.Errorf("blocking rule %q: unknown transform %q", rule, tf)
		}
		parts = append(parts, part{vals, tf})
	}
	keys := make([]uint64, n)
	memo := make([]map[string]string, len(parts))
	for k := range memo {
		memo[k] = map[string]string{}
	}
	h := fnv.New64a()
	for i := range n {
		h.Reset()
		ok := true
		for k, p := range parts {
			raw := p.vals[i]
			v, seen := memo[k][raw]
			if !seen {
				v = transform(raw, p.tf, ref)
				if len(memo[k]) < 1<<16 {
					memo[k][raw] = v
				}
			}
			if v == "" {
				ok = false
				break
			}
			h.Write([]byte(v))
			h.Write([]byte{0x1f})
		}
		if ok {
			keys[i] = h.Sum64() | 1 // never 0, which means "not blocked"
		}
	}
	return keys, nil
}

func validTransform(tf string) bool {
	switch tf {
	case "", "key", "tokens", "soundex", "word1", "year", "ym", "md", "digits":
		return true
	}
	if n, ok := transformN(tf); ok && n > 0 {
		return true
	}
	return false
}

func transformN(tf string) (int, bool) {
	for _, p := range []string{"first", "last"} {
		if rest, ok := strings.CutPrefix(tf, p); ok {
			n, err := strconv.Atoi(rest)
			return n, err == nil
		}
	}
	return 0, false
}

func transform(raw, tf string, ref time.Time) string {
	if raw == "" {
		return ""
	}
	switch tf {
	case "":
		return strings.ToUpper(strings.TrimSpace(raw))
	case "key":
		return normalize.PersonName(raw).Key
	case "tokens":
		return sortedWords(normalize.PersonName(raw).Key)
	case "word1":
		k := normalize.PersonName(raw).Key
		if w, _, ok := strings.Cut(k, " "); ok {
			return w
		}
		return k
	case "soundex":
		var b strings.Builder
		for w := range strings.FieldsSeq(normalize.PersonName(raw).Key) {
			b.WriteString(soundex(w))
		}
		return b.String()
	case "year", "ym", "md":
		days := dateDays(raw, ref)
		if days == noNum {
			return ""
		}
		y, m, dd := civil(days)
		switch tf {
		case "year":
			return strconv.Itoa(y)
		case "ym":
			return strconv.Itoa(y*100 + m)
		}
		return strconv.Itoa(m*100 + dd)
	case "digits":
		return digitsAndMask(raw, false)
	}
	n, _ := transformN(tf)
	v := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(raw), " ", ""))
	if strings.HasPrefix(tf, "first") {
		// A masked identifier's prefix is kept only when fully visible.
		if len(v) < n || strings.Contains(v[:n], "*") {
			return ""
		}
		return v[:n]
	}
	if len(v) < n || strings.Contains(v[len(v)-n:], "*") {
		return ""
	}
	return v[len(v)-n:]
}

// soundex is American Soundex of an upper-case ASCII word ("" for none).
func soundex(w string) string {
	const codes = "01230120022455012623010202" // A..Z
	var out [4]byte
	n := 0
	var last byte
	for i := 0; i < len(w) && n < 4; i++ {
		c := w[i]
		if c < 'A' || c > 'Z' {
			continue
		}
		code := codes[c-'A']
		if n == 0 {
			out[0] = c
			n = 1
			last = code
			continue
		}
		if code != '0' && code != last {
			out[n] = code
			n++
		}
		if c != 'H' && c != 'W' {
			last = code
		}
	}
	if n == 0 {
		return ""
	}
	for ; n < 4; n++ {
		out[n] = '0'
	}
	return string(out[:])
}

// newBlocker computes every rule's keys on both tables (r is nil when
// deduplicating l) and indexes the right side's.
func newBlocker(l, r *Table, rules []BlockRule, rightCols map[string]string, ref time.Time, maxBlock int) (*blocker, error) {
	b := &blocker{dedupe: r == nil, maxBlock: maxBlock}
	for _, rule := range rules {
		lk, err := blockKeys(l, rule, nil, ref)
		if err != nil {
			return nil, err
		}
		rk := lk
		if r != nil {
			if rk, err = blockKeys(r, rule, rightCols, ref); err != nil {
				return nil, err
			}
		}
		b.lk, b.rk = append(b.lk, lk), append(b.rk, rk)
		keys := make([]uint64, 0, len(rk))
		rows := make([]uint32, 0, len(rk))
		for j, k := range rk {
			if k != 0 {
				keys = append(keys, k)
				rows = append(rows, uint32(j))
			}
		}
		sortPairs(keys, rows, 64)
		b.idx = append(b.idx, blockIndex{keys, rows})
	}
	return b, nil
}

// block returns the right rows whose key under rule k is key.
func (b *blocker) block(k int, key uint64) []uint32 {
	keys := b.idx[k].keys
	i := sort.Search(len(keys), func(i int) bool { return keys[i] >= key })
	j := i
	for j < len(keys) && keys[j] == key {
		j++
	}
	return b.idx[k].rows[i:j]
}

// candidates calls fn with every right row paired with left row i by some
// rule, once; counts[k] is incremented for pairs rule k added. When
// deduplicating only rows j > i are paired.
func (b *blocker) candidates(i int, counts []int64, skipped *int64, fn func(j int)) {
	for k := range b.lk {
		key := b.lk[k][i]
		if key == 0 {
			continue
		}
		rows := b.block(k, key)
		if b.maxBlock > 0 && len(rows) > b.maxBlock {
			*skipped++
			continue
		}
	rowLoop:
		for _, j32 := range rows {
			j := int(j32)
			if b.dedupe && j <= i {
				continue
			}
			for e := range k {
				if b.lk[e][i] != 0 && b.lk[e][i] == b.rk[e][j] {
					if b.maxBlock <= 0 || len(b.block(e, b.lk[e][i])) <= b.maxBlock {
						continue rowLoop // found by an earlier rule
					}
				}
			}
			counts[k]++
			fn(j)
		}
	}
}
