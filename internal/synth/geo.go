package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/telusur/telusur/internal/region"
)

// provinceVoters is the number of domestic voters per province in the 2024
// DPT as published by KPU (thousands, rounded); it weights the population.
// Overseas voters (about 1.75 million) are drawn from these provinces'
// residents by overseasShare.
var provinceVoters = map[string]float64{
	"11": 3742, "12": 10853, "13": 4088, "14": 4732, "15": 2676, "16": 6326, "17": 1494,
	"18": 6539, "19": 1066, "21": 1563, "31": 8253, "32": 35715, "33": 28290, "34": 2870,
	"35": 31403, "36": 8842, "51": 3270, "52": 3941, "53": 4008, "61": 3934, "62": 1971,
	"63": 2879, "64": 2778, "65": 504, "71": 1971, "72": 2239, "73": 6670, "74": 1877,
	"75": 869, "76": 966, "81": 1330, "82": 941, "91": 731, "92": 386, "93": 369,
	"94": 1034, "95": 1304, "96": 440,
}

// overseasOrigin is the share of overseas voters coming from each province
// (migrant-worker origins dominate); the rest spreads over other provinces.
var overseasOrigin = map[string]float64{
	"35": 0.22, "33": 0.18, "32": 0.18, "52": 0.12, "18": 0.05, "31": 0.05,
	"53": 0.04, "36": 0.03, "12": 0.03, "73": 0.03,
}

const (
	nationalVoters = 204_807_222 // the 2024 DPT including overseas voters
	overseasVoters = 1_750_000
	// DefaultOverseasShare is the share of overseas voters in the 2024 DPT.
	DefaultOverseasShare = float64(overseasVoters) / nationalVoters
	votersPerTPS         = 265 // mean; KPU's cap is 300
)

// overseasRate is the chance that an adult aged 20–54 of a province is
// registered abroad, chosen so the national total is about 1.75 million.
func overseasRate(prov string) float64 {
	share, ok := overseasOrigin[prov]
	if !ok {
		share = 0.07 * provinceVoters[prov] / otherVoters
	}
	// 0.71 is the share of the generated population's voters that are aged
	// 20–54 and not already abroad, measured on 1M-voter runs.
	return share * overseasVoters / (provinceVoters[prov] * 1000 * 0.71)
}

var otherVoters = func() float64 {
	s := 0.0
	for p, v := range provinceVoters {
		if _, ok := overseasOrigin[p]; !ok {
			s += v
		}
	}
	return s
}()

// village is one populated village of a generated registry.
type village struct {
	idx      int // position in region.All(region.Village): stable identity
	area     region.Area
	district region.Area
	regency  region.Area
	province region.Area
	upper    [4]string // upper-case names: province, regency, district, village
	voters   int       // voters in the first snapshot
	urban    bool
}

// tpsCount is how many polling stations a village of v voters has.
func tpsCount(v int) int { return max(1, (v+votersPerTPS-1)/votersPerTPS) }

// populate decides which villages are populated and with how many voters, so
// that the first snapshot has exactly n voters. At national size every
// village is used; below it a seeded sample of villages keeps its realistic
// size (a few thousand voters, ~265 per TPS), rather than spreading a small
// population thinly over 83,762 villages.
func populate(seed uint64, n int) []village {
	vills := region.All(region.Village)
	provs := region.All(region.Province)
	r := rand.New(rand.NewPCG(seed, 0x6c61796f7574))

	// Natural size of each village at full scale: the province's voters spread
	// over its villages by log-normal weights, kelurahan (urban) larger.
	weight := make([]float64, len(vills))
	provOf := make([]int, len(vills))
	pi := 0
	var provSum []float64 = make([]float64, len(provs))
	for i, v := range vills {
		for provs[pi].Code != v.Code[:2] {
			pi++
		}
		provOf[i] = pi
		w := math.Exp(r.NormFloat64() * 0.7)
		if v.Code[6] == '1' {
			w *= 2.2
		}
		weight[i] = w
		provSum[pi] += w
	}
	total := 0.0
	for _, p := range provs {
		total += provinceVoters[p.Code]
	}
	natural := make([]float64, len(vills))
	for i := range vills {
		p := provs[provOf[i]].Code
		natural[i] = weight[i] / provSum[provOf[i]] * provinceVoters[p] / total * nationalVoters
	}

	// Per province: the target voters, then villages in a seeded order until
	// the target is covered.
	targets := apportion(n, provs, total)
	chosen := make([]float64, len(vills)) // voters given to each village, 0 if unused
	start := 0
	for pi := range provs {
		end := start
		for end < len(vills) && provOf[end] == pi {
			end++
		}
		idx := make([]int, end-start)
		for k := range idx {
			idx[k] = start + k
		}
		r.Shuffle(len(idx), func(a, b int) { idx[a], idx[b] = idx[b], idx[a] })
		need := float64(targets[pi])
		scale := 1.0
		if full := sumOf(natural[start:end]); need > full {
			scale = need / full // more than national size: every village grows
		}
		for _, k := range idx {
			if need <= 0 {
				break
			}
			v := math.Min(natural[k]*scale, need)
			chosen[k] = v
			need -= v
		}
		start = end
	}

	// Round to whole voters per province, keeping each province's total exact.
	var out []village
	pos := 0
	for pi, p := range provs {
		var members []int
		for pos < len(vills) && provOf[pos] == pi {
			if chosen[pos] > 0 {
				members = append(members, pos)
			}
			pos++
		}
		counts := roundKeepingSum(members, chosen, targets[pi])
		for k, vi := range members {
			if counts[k] == 0 {
				continue
			}
			va := vills[vi]
			dist, _ := region.Lookup(va.Parent)
			reg, _ := region.Lookup(dist.Parent)
			out = append(out, village{
				idx: vi, area: va, district: dist, regency: reg, province: p,
				voters: counts[k],
				urban:  va.Code[6] == '1' || strings.HasPrefix(reg.Name, "Kota"),
				upper:  [4]string{strings.ToUpper(p.Name), strings.ToUpper(reg.Name), strings.ToUpper(dist.Name), strings.ToUpper(va.Name)},
			})
		}
	}
	return out
}

func sumOf(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// apportion splits n over provinces by their voter weight with the largest
// remainder method, so the parts add up to n exactly; every province gets
// at least one voter when n allows.
func apportion(n int, provs []region.Area, total float64) []int {
	out := make([]int, len(provs))
	type rem struct {
		i int
		r float64
	}
	var rems []rem
	left := n
	for i, p := range provs {
		q := float64(n) * provinceVoters[p.Code] / total
		out[i] = int(q)
		left -= out[i]
		rems = append(rems, rem{i, q - float64(out[i])})
	}
	slices.SortStableFunc(rems, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for k := 0; left > 0; k = (k + 1) % len(rems) {
		out[rems[k].i]++
		left--
	}
	return out
}

// roundKeepingSum rounds the chosen sizes of members to integers summing to
// want (largest remainder).
func roundKeepingSum(members []int, chosen []float64, want int) []int {
	out := make([]int, len(members))
	got := 0
	for k, vi := range members {
		out[k] = int(chosen[vi])
		got += out[k]
	}
	for k := 0; got < want && len(members) > 0; k = (k + 1) % len(members) {
		out[k]++
		got++
	}
	for k := len(members) - 1; got > want && k >= 0; k-- {
		d := min(out[k], got-want)
		out[k] -= d
		got -= d
	}
	return out
}
