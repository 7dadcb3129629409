package link

// sortPairs sorts keys ascending, moving pos along, by least-significant-
// digit radix sort on the low bits bits of the keys. It is written by hand
// because the reference index sorts up to 204 million pairs: a comparison
// sort of a struct slice takes minutes there, this takes seconds, and keeps
// keys and positions in two flat arrays (12 bytes a row, plus the same
// again as scratch). Equal keys keep their input order.
func sortPairs(keys []uint64, pos []uint32, bits int) {
	const digit = 11
	const mask = 1<<digit - 1
	n := len(keys)
	if n < 2 {
		return
	}
	srcK, srcP := keys, pos
	dstK, dstP := make([]uint64, n), make([]uint32, n)
	var count [1 << digit]int
	for shift := 0; shift < bits; shift += digit {
		clear(count[:])
		for _, k := range srcK {
			count[(k>>shift)&mask]++
		}
		if count[(srcK[0]>>shift)&mask] == n {
			continue // every key has the same digit here
		}
		sum := 0
		for i := range count {
			c := count[i]
			count[i] = sum
			sum += c
		}
		for i, k := range srcK {
			d := (k >> shift) & mask
			j := count[d]
			count[d]++
			dstK[j] = k
			dstP[j] = srcP[i]
		}
		srcK, dstK = dstK, srcK
		srcP, dstP = dstP, srcP
	}
	if &srcK[0] != &keys[0] {
		copy(keys, srcK)
		copy(pos, srcP)
	}
}
