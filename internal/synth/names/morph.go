package names

import (
	"sort"
	"strconv"
	"strings"
)

// Javanese given names are built productively from a prefix (mostly SU-,
// "good"), a root and a gendered ending: SU+KAR+DI, SU+WAR+NO, PAR+YEM,
// SU+NAR+SIH. The hand-written lists hold the common names with their real
// weights; morphTail adds the long tail of rarer names the same way the
// naming tradition does, so that the full distribution has a realistic
// number of distinct names instead of a truncated head. Each generated
// name's weight is the product of its parts' weights.

type part struct {
	s string
	w float64
}

func parts(spec string) []part {
	var out []part
	for _, f := range strings.Split(spec, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		k, v, _ := strings.Cut(f, ":")
		w, err := strconv.ParseFloat(v, 64)
		if err != nil {
			panic("names: bad morph part " + f)
		}
		if k == "-" {
			k = ""
		}
		out = append(out, part{k, w})
	}
	return out
}

const vowels = "AEIOU"

func isV(c byte) bool { return strings.IndexByte(vowels, c) >= 0 }

// Consonant clusters that occur at the root/ending seam of Javanese names
// (SUKARDI, SUYATNO, KASMAN, SUHARTO).
var seamClusters = map[string]bool{
	"RD": true, "RN": true, "RT": true, "RM": true, "RJ": true, "RY": true, "RS": true, "RW": true,
	"ND": true, "NT": true, "NJ": true, "TN": true, "TM": true, "SM": true, "SN": true, "ST": true,
}

// joinable accepts only the seams the tradition uses: vowel+consonant;
// I+A or I+O (SUGIANTO, MUJIONO); and a few consonant clusters. A
// consonant-final root never takes a vowel-initial ending.
func joinable(a, b string) bool {
	if a == "" || b == "" {
		return true
	}
	x, y := a[len(a)-1], b[0]
	switch {
	case isV(x) && isV(y):
		return x == 'I' && (y == 'A' || y == 'O')
	case isV(x):
		// no stutter across the seam: SUPRI+RAN, SAMI+MIN
		return !(len(a) >= 2 && !isV(a[len(a)-2]) && a[len(a)-2] == y)
	case isV(y):
		return false
	}
	if len(a) >= 2 && !isV(a[len(a)-2]) || len(b) >= 2 && !isV(b[1]) && b[1] != 'Y' {
		return false
	}
	return seamClusters[string([]byte{x, y})]
}

// morphTail returns a list spec of prefix+root+suffix names (weights scaled
// to sum to total), leaving out names in exclude and names shorter than 4
// or longer than 11 letters.
func morphTail(prefixes, roots, suffixes string, total float64, exclude ...string) string {
	skip := map[string]bool{}
	for _, spec := range exclude {
		for _, f := range strings.Split(spec, ",") {
			k, _, _ := strings.Cut(strings.TrimSpace(f), ":")
			skip[k] = true
		}
	}
	acc := map[string]float64{}
	for _, p := range parts(prefixes) {
		for _, r := range parts(roots) {
			if !joinable(p.s, r.s) {
				continue
			}
			for _, s := range parts(suffixes) {
				if !joinable(r.s, s.s) {
					continue
				}
				n := p.s + r.s + s.s
				if len(n) < 4 || len(n) > 11 || skip[n] {
					continue
				}
				acc[n] += p.w * r.w * s.w
			}
		}
	}
	keys := make([]string, 0, len(acc))
	for k := range acc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sum := 0.0
	for _, k := range keys { // in key order: the sum must not depend on map order
		sum += acc[k]
	}
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(':')
		b.WriteString(strconv.FormatFloat(acc[k]*total/sum, 'g', 6, 64))
		b.WriteString(", ")
	}
	return b.String()
}

// morphLists are generated once when the generator is built: SU- with a
// root, and bare roots (some of which carry an old prefix: TUKI-, WAGI-,
// NGATI-, PAI-), each with a gendered ending.
func morphLists() map[string]string {
	const (
		suRoots = "KAR:6, PAR:6, TAR:5, WAR:6, MAR:6, HAR:5, NAR:5, DAR:5, SAR:3, YAT:3, RAT:3, GI:5, PRI:3, TRIS:1, WA:1.5, WI:1.5, MI:2, TI:2, JI:1, RI:1, KI:2, KIR:1.5, LAS:0.5, PAR:1, MAN:1, RAJ:0.5, DIR:1, GEN:0.3, PI:1, NAT:0.5, HAD:0.5, YIT:0.5, JAD:0.5, BAG:0.3"
		bare    = "KAR:3, PAR:3, TAR:3, WAR:2, MAR:3, HAR:2, DAR:3, SAR:3, KAS:2, TUKI:2, TUMI:1.5, WAKI:1.5, WAGI:2, NGATI:1.5, NGADI:1.5, SAKI:1.5, SAMI:2, PAI:1.5, PONI:1.5, KATI:1.5, MUJI:2, JUMI:1, TUGI:1, SADI:0.8, WAGIR:0.5, KASI:1, RUSMI:0.5, WARSI:1, SARI:0.5, PARMI:0.3, MARSI:0.8, KARSI:0.6, TARMI:0.5, DARMI:0.5, RUBI:0.5, RIYAN:0.5"
		sufM    = "DI:6, NO:6, TO:6, MAN:6, JO:3, YONO:4, YANTO:4, MIN:2, RAN:2, YADI:3, WAN:1.5, YATNO:1, RI:2, JONO:1.5, ONO:1, ANTO:3, ADI:2, YONO:1"
		sufF    = "MI:6, NI:6, TI:6, NAH:4, YEM:3, YATI:4, SIH:3, NEM:2, TUN:1.5, WATI:2, YANI:2, NAH:1, YEM:1, ATUN:1.5, TINI:2, RAH:1.5, ASIH:1, YAH:1.5, NI:1, ARTI:1"
	)
	male := merge(morphTail("SU:1", suRoots, sufM, 700, javaLists["jv.ms"], javaLists["jv.fs"]),
		morphTail("-:1", bare, sufM, 300, javaLists["jv.ms"], javaLists["jv.fs"]))
	female := merge(morphTail("SU:1", suRoots, sufF, 700, javaLists["jv.fs"], javaLists["jv.ms"]),
		morphTail("-:1", bare, sufF, 300, javaLists["jv.fs"], javaLists["jv.ms"]))
	return map[string]string{"jv.mst": male, "jv.fst": female}
}

func merge(specs ...string) string { return strings.Join(specs, ", ") }
