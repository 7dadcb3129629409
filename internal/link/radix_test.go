package link

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortPairs(t *testing.T) {
	for _, n := range []int{0, 1, 2, 10, 1000, 100_000} {
		for _, bits := range []int{8, 54, 64} {
			r := rand.New(rand.NewPCG(uint64(n), uint64(bits)))
			keys := make([]uint64, n)
			pos := make([]uint32, n)
			for i := range keys {
				keys[i] = r.Uint64() >> (64 - bits)
				if i > 0 && r.IntN(10) == 0 {
					keys[i] = keys[r.IntN(i)] // duplicates
				}
				pos[i] = uint32(i)
			}
			orig := slices.Clone(keys)
			sortPairs(keys, pos, bits)
			if !slices.IsSorted(keys) {
				t.Fatalf("n=%d bits=%d: not sorted", n, bits)
			}
			for i := range keys {
				if orig[pos[i]] != keys[i] {
					t.Fatalf("n=%d bits=%d: position %d does not follow its key", n, bits, i)
				}
				if i > 0 && keys[i] == keys[i-1] && pos[i] < pos[i-1] {
					t.Fatalf("n=%d bits=%d: not stable at %d", n, bits, i)
				}
			}
		}
	}
}
