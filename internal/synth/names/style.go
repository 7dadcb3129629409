package names

// Style is a naming tradition. The Islamic/Arabic-derived component
// (MUHAMMAD, ABDUL, SITI, NURUL ...) is not a style of its own: it is mixed
// into the Muslim styles with style-specific spellings and frequencies.
type Style int

const (
	Javanese Style = iota
	Sundanese
	Betawi
	Madurese
	Batak
	Minang
	Malay
	Acehnese
	Bugis
	Makassar
	Balinese
	Sasak
	Banjar
	Dayak
	ChineseIndonesian
	Manado // Minahasa and the rest of North Sulawesi
	Maluku // Ambon and the Moluccas
	NTT    // Flores, Timor, Sumba, Rote, Sabu
	Papuan
	numStyles
)

var styleNames = [numStyles]string{
	Javanese:          "Javanese",
	Sundanese:         "Sundanese",
	Betawi:            "Betawi",
	Madurese:          "Madurese",
	Batak:             "Batak",
	Minang:            "Minang",
	Malay:             "Malay",
	Acehnese:          "Acehnese",
	Bugis:             "Bugis",
	Makassar:          "Makassar",
	Balinese:          "Balinese",
	Sasak:             "Sasak",
	Banjar:            "Banjar",
	Dayak:             "Dayak",
	ChineseIndonesian: "ChineseIndonesian",
	Manado:            "Manado",
	Maluku:            "Maluku",
	NTT:               "NTT",
	Papuan:            "Papuan",
}

// String returns the style's English name, e.g. "Sundanese".
func (s Style) String() string {
	if s >= 0 && s < numStyles {
		return styleNames[s]
	}
	return "Style(" + itoa(int(s)) + ")"
}

// Styles returns every style in declaration order.
func Styles() []Style {
	out := make([]Style, numStyles)
	for i := range out {
		out[i] = Style(i)
	}
	return out
}

// HasFamily reports whether households of this style share a family name or
// marga, i.e. whether Generator.Family returns a non-empty string.
func (s Style) HasFamily() bool {
	switch s {
	case Batak, ChineseIndonesian, Manado, Maluku, NTT, Papuan:
		return true
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// Weighted is one component of a province's ethnic mix.
type Weighted struct {
	Style  Style
	Weight float64
}

// provinceMix is the approximate naming-tradition mix of each province's
// voters (census ethnicity, adjusted for how people actually name their
// children: e.g. Banten's Bantenese and Cirebon's Javanese-speaking people
// are folded into the nearest style, Toraja and Mamasa Christians into
// Manado, Gorontalo, Kaili, Tolaki and Sumbawa/Bima into Malay or Bugis).
// Codes follow /work/shared/data/idn-area/provinces.csv.
var provinceMix = map[string][]Weighted{
	"11": {{Acehnese, .80}, {Javanese, .08}, {Malay, .05}, {Batak, .04}, {Minang, .02}, {ChineseIndonesian, .01}},
	"12": {{Batak, .45}, {Javanese, .33}, {Malay, .08}, {ChineseIndonesian, .045}, {Minang, .035}, {Acehnese, .02}, {Sundanese, .01}, {Banjar, .01}, {NTT, .005}, {Manado, .005}},
	"13": {{Minang, .87}, {Javanese, .05}, {Batak, .04}, {Malay, .02}, {Sundanese, .01}, {ChineseIndonesian, .01}},
	"14": {{Malay, .38}, {Javanese, .25}, {Minang, .13}, {Batak, .12}, {Banjar, .03}, {Bugis, .03}, {ChineseIndonesian, .035}, {Sundanese, .02}, {NTT, .005}},
	"15": {{Malay, .48}, {Javanese, .28}, {Minang, .07}, {Sundanese, .04}, {Batak, .03}, {Bugis, .03}, {Banjar, .02}, {ChineseIndonesian, .02}, {Madurese, .01}},
	"16": {{Malay, .64}, {Javanese, .27}, {Sundanese, .025}, {ChineseIndonesian, .02}, {Minang, .02}, {Batak, .01}, {Balinese, .005}, {Madurese, .01}},
	"17": {{Malay, .60}, {Javanese, .25}, {Minang, .06}, {Sundanese, .04}, {Batak, .02}, {Bugis, .01}, {ChineseIndonesian, .01}, {Madurese, .01}},
	"18": {{Javanese, .62}, {Malay, .20}, {Sundanese, .10}, {Balinese, .02}, {Batak, .02}, {Minang, .02}, {ChineseIndonesian, .01}, {Madurese, .01}},
	"19": {{Malay, .67}, {ChineseIndonesian, .12}, {Javanese, .09}, {Bugis, .04}, {Batak, .02}, {Minang, .02}, {Sundanese, .02}, {Madurese, .02}},
	"21": {{Malay, .31}, {Javanese, .22}, {Batak, .13}, {Minang, .10}, {ChineseIndonesian, .09}, {Bugis, .05}, {Sundanese, .04}, {NTT, .025}, {Manado, .02}, {Maluku, .01}, {Banjar, .005}},
	"31": {{Javanese, .34}, {Betawi, .26}, {Sundanese, .14}, {ChineseIndonesian, .06}, {Batak, .04}, {Minang, .04}, {Malay, .025}, {Bugis, .02}, {Manado, .02}, {Madurese, .01}, {Maluku, .01}, {NTT, .01}, {Banjar, .005}, {Acehnese, .005}, {Balinese, .005}, {Papuan, .002}},
	"32": {{Sundanese, .78}, {Javanese, .13}, {Betawi, .045}, {ChineseIndonesian, .012}, {Batak, .012}, {Minang, .01}, {Malay, .005}, {Madurese, .003}, {Manado, .003}},
	"33": {{Javanese, .972}, {Sundanese, .015}, {ChineseIndonesian, .009}, {Madurese, .002}, {Batak, .001}, {Minang, .001}},
	"34": {{Javanese, .96}, {Sundanese, .01}, {ChineseIndonesian, .01}, {Malay, .005}, {Batak, .005}, {Minang, .004}, {NTT, .003}, {Balinese, .002}, {Papuan, .001}},
	"35": {{Javanese, .79}, {Madurese, .18}, {ChineseIndonesian, .012}, {Sundanese, .005}, {Batak, .003}, {Bugis, .003}, {Balinese, .002}, {NTT, .002}, {Minang, .003}},
	"36": {{Sundanese, .52}, {Javanese, .25}, {Betawi, .13}, {ChineseIndonesian, .025}, {Batak, .02}, {Minang, .02}, {Malay, .015}, {Bugis, .005}, {Madurese, .005}, {Manado, .005}, {NTT, .005}, {Maluku, .003}},
	"51": {{Balinese, .86}, {Javanese, .08}, {Sasak, .01}, {Madurese, .01}, {ChineseIndonesian, .01}, {Bugis, .01}, {NTT, .01}, {Sundanese, .005}, {Batak, .005}},
	"52": {{Sasak, .68}, {Malay, .24}, {Balinese, .03}, {Javanese, .02}, {Bugis, .02}, {ChineseIndonesian, .005}, {NTT, .005}},
	"53": {{NTT, .90}, {Malay, .035}, {Bugis, .02}, {Javanese, .02}, {ChineseIndonesian, .008}, {Balinese, .005}, {Sasak, .005}, {Maluku, .004}, {Makassar, .003}},
	"61": {{Malay, .36}, {Dayak, .35}, {ChineseIndonesian, .09}, {Javanese, .09}, {Madurese, .06}, {Bugis, .03}, {Sundanese, .01}, {Batak, .01}},
	"62": {{Dayak, .46}, {Banjar, .22}, {Javanese, .22}, {Madurese, .03}, {Malay, .03}, {Sundanese, .02}, {Bugis, .01}, {Batak, .01}},
	"63": {{Banjar, .75}, {Javanese, .15}, {Bugis, .03}, {Dayak, .03}, {Madurese, .02}, {Sundanese, .01}, {ChineseIndonesian, .01}},
	"64": {{Javanese, .30}, {Bugis, .21}, {Banjar, .14}, {Dayak, .11}, {Malay, .08}, {Makassar, .03}, {Manado, .03}, {Sundanese, .02}, {Madurese, .02}, {Batak, .02}, {NTT, .02}, {ChineseIndonesian, .01}, {Maluku, .005}, {Minang, .005}},
	"65": {{Dayak, .30}, {Bugis, .22}, {Javanese, .18}, {Malay, .15}, {Banjar, .05}, {NTT, .04}, {Makassar, .02}, {Manado, .02}, {ChineseIndonesian, .01}, {Batak, .01}},
	"71": {{Manado, .68}, {Malay, .10}, {Bugis, .06}, {Javanese, .06}, {ChineseIndonesian, .03}, {Maluku, .03}, {Makassar, .02}, {Batak, .01}, {NTT, .01}},
	"72": {{Malay, .34}, {Bugis, .30}, {Javanese, .10}, {Manado, .10}, {Makassar, .05}, {Balinese, .05}, {Sasak, .02}, {ChineseIndonesian, .01}, {NTT, .01}, {Sundanese, .01}, {Maluku, .01}},
	"73": {{Bugis, .55}, {Makassar, .30}, {Manado, .09}, {Javanese, .03}, {ChineseIndonesian, .015}, {Malay, .01}, {Batak, .005}},
	"74": {{Bugis, .35}, {Malay, .25}, {Makassar, .20}, {Javanese, .10}, {Balinese, .05}, {Sundanese, .02}, {Manado, .02}, {NTT, .01}},
	"75": {{Malay, .72}, {Bugis, .12}, {Manado, .06}, {Javanese, .05}, {Makassar, .02}, {ChineseIndonesian, .01}, {Maluku, .01}, {Sasak, .01}},
	"76": {{Bugis, .55}, {Makassar, .15}, {Manado, .10}, {Javanese, .10}, {Malay, .05}, {Balinese, .03}, {Sasak, .02}},
	"81": {{Maluku, .76}, {Bugis, .06}, {Javanese, .06}, {Makassar, .03}, {NTT, .03}, {Manado, .02}, {ChineseIndonesian, .01}, {Papuan, .01}, {Batak, .01}, {Minang, .01}},
	"82": {{Maluku, .66}, {Manado, .08}, {Bugis, .08}, {Javanese, .08}, {Malay, .05}, {Makassar, .04}, {NTT, .01}},
	"91": {{Papuan, .60}, {Javanese, .15}, {Bugis, .08}, {Maluku, .05}, {Makassar, .04}, {NTT, .04}, {Manado, .02}, {Batak, .01}, {Minang, .005}, {Sundanese, .005}},
	"92": {{Papuan, .50}, {Javanese, .15}, {Bugis, .10}, {Maluku, .10}, {NTT, .05}, {Manado, .04}, {Makassar, .04}, {Batak, .01}, {Sundanese, .01}},
	"93": {{Papuan, .55}, {Javanese, .20}, {Maluku, .07}, {NTT, .07}, {Bugis, .06}, {Makassar, .03}, {Manado, .01}, {Batak, .01}},
	"94": {{Papuan, .75}, {Javanese, .08}, {Bugis, .06}, {Maluku, .04}, {NTT, .04}, {Makassar, .02}, {Manado, .01}},
	"95": {{Papuan, .95}, {Javanese, .02}, {Bugis, .02}, {NTT, .01}},
	"96": {{Papuan, .50}, {Maluku, .15}, {Javanese, .12}, {Bugis, .10}, {NTT, .05}, {Manado, .05}, {Makassar, .03}},
}

// provinceVoters is the approximate number of registered voters per
// province (DPT 2024, millions), used to weight the national mix.
var provinceVoters = map[string]float64{
	"11": 3.74, "12": 10.85, "13": 4.09, "14": 4.73, "15": 2.68, "16": 6.33,
	"17": 1.49, "18": 6.54, "19": 1.05, "21": 1.60, "31": 8.25, "32": 35.71,
	"33": 28.29, "34": 2.87, "35": 31.40, "36": 8.84, "51": 3.27, "52": 3.92,
	"53": 4.00, "61": 3.94, "62": 1.97, "63": 2.88, "64": 2.78, "65": 0.50,
	"71": 1.93, "72": 2.24, "73": 6.67, "74": 1.87, "75": 0.86, "76": 0.94,
	"81": 1.33, "82": 0.97, "91": 0.73, "92": 0.43, "93": 0.37, "94": 1.10,
	"95": 1.20, "96": 0.44,
}

// nationalMix is the voter-weighted sum of the province mixes; it is used for
// unknown province codes.
var nationalMix = func() []Weighted {
	var acc [numStyles]float64
	for _, code := range ProvinceCodes() { // sorted: float sums must not depend on map order
		mix := provinceMix[code]
		v := provinceVoters[code]
		tot := 0.0
		for _, m := range mix {
			tot += m.Weight
		}
		for _, m := range mix {
			acc[m.Style] += v * m.Weight / tot
		}
	}
	out := make([]Weighted, 0, numStyles)
	tot := 0.0
	for _, x := range acc {
		tot += x
	}
	for s, x := range acc {
		if x > 0 {
			out = append(out, Weighted{Style(s), x / tot})
		}
	}
	return out
}()

// StylesFor returns the naming-tradition mix for a two-digit province code
// ("11" Aceh … "96" Papua Barat Daya). Longer codes (regency, district,
// village, NIK prefix) are accepted and cut to their province. An unknown
// code yields the national mix. The returned slice is a fresh copy.
func StylesFor(provinceCode string) []Weighted {
	if len(provinceCode) > 2 {
		provinceCode = provinceCode[:2]
	}
	mix, ok := provinceMix[provinceCode]
	if !ok {
		mix = nationalMix
	}
	return append([]Weighted(nil), mix...)
}

// ProvinceCodes lists the province codes StylesFor knows, sorted.
func ProvinceCodes() []string {
	out := make([]string, 0, len(provinceMix))
	for c := range provinceMix {
		out = append(out, c)
	}
	// insertion sort: 38 short strings
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
