package nik

import (
	"sync"

	"github.com/telusur/telusur/internal/region"
)

// known answers "is this region code in the table?" for the numeric codes
// Parse has already decoded. Three map lookups on strings were half of
// Parse's time; a bitmap of all six-digit codes (125 KB) answers in a few
// nanoseconds. It is built from region.All once, so it holds exactly the
// codes region.Lookup knows.
type known struct {
	province [100]bool
	regency  [10000]bool
	district [1000000 / 64]uint64
}

var (
	knownOnce sync.Once
	knownSet  *known
)

// Preload reads the region table Parse checks codes against, which is
// otherwise read by the first Parse (a few tens of milliseconds) while any
// other caller waits.
func Preload() { regions() }

func regions() *known {
	knownOnce.Do(func() {
		k := new(known)
		for _, a := range region.All(region.Province) {
			if v := atoi(a.Code, 2); v >= 0 {
				k.province[v] = true
			}
		}
		for _, a := range region.All(region.Regency) {
			if v := atoi(a.Code, 4); v >= 0 {
				k.regency[v] = true
			}
		}
		for _, a := range region.All(region.District) {
			if v := atoi(a.Code, 6); v >= 0 {
				k.district[v/64] |= 1 << (v % 64)
			}
		}
		knownSet = k
	})
	return knownSet
}

// hasDistrict reports whether the six-digit code v, 0 ≤ v < 10⁶, is known.
func (k *known) hasDistrict(v int) bool {
	return k.district[v/64]&(1<<(v%64)) != 0
}

// atoi returns the value of s if it is n digits, else -1.
func atoi(s string, n int) int {
	if len(s) != n {
		return -1
	}
	v := 0
	for i := 0; i < n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}
