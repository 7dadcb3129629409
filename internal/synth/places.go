package synth

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Street and hamlet names. Urban addresses are streets named after national
// heroes, flowers, fruit and virtues, as in every Indonesian town; rural
// ones are hamlets (dusun, dukuh, kampung, banjar, jorong) with the
// toponyms common to each island.
var (
	streets = []string{
		"SUDIRMAN", "DIPONEGORO", "AHMAD YANI", "GATOT SUBROTO", "KARTINI", "IMAM BONJOL",
		"PATTIMURA", "HASANUDDIN", "TEUKU UMAR", "CUT NYAK DIEN", "MERDEKA", "PAHLAWAN",
		"PEMUDA", "VETERAN", "SISINGAMANGARAJA", "GAJAH MADA", "HAYAM WURUK", "SUPRAPTO",
		"DR. SUTOMO", "KI HAJAR DEWANTARA", "SULTAN AGUNG", "PANGERAN ANTASARI", "SLAMET RIYADI",
		"HOS COKROAMINOTO", "KH. AHMAD DAHLAN", "KH. HASYIM ASYARI", "RA. KARTINI", "MOH. HATTA",
		"IR. H. JUANDA", "SUKARNO HATTA", "MAWAR", "MELATI", "ANGGREK", "KENANGA", "CEMPAKA",
		"DAHLIA", "FLAMBOYAN", "BOUGENVILLE", "KAMBOJA", "TERATAI", "SEROJA", "MANGGA",
		"JAMBU", "RAMBUTAN", "DURIAN", "NANGKA", "SAWO", "KELAPA", "BELIMBING", "SIRSAK",
		"PERSATUAN", "KEADILAN", "KEMAKMURAN", "PERJUANGAN", "KEMERDEKAAN", "PENDIDIKAN",
		"RAYA", "RAYA TIMUR", "RAYA BARAT", "PASAR", "STASIUN", "MASJID", "SEKOLAH", "LAPANGAN",
		"KARYA", "KARYA BAKTI", "SWADAYA", "GOTONG ROYONG", "NUSANTARA", "GARUDA", "RAJAWALI",
		"CENDRAWASIH", "MERPATI", "KUTILANG", "NURI", "BANGAU", "PELITA", "BHAYANGKARA",
	}
	gangs    = []string{"MAWAR", "MELATI", "BUNTU", "DAMAI", "SEJAHTERA", "MASJID", "H. MUHAMMAD", "KELINCI", "SAWO", "ROSE", "I", "II", "III", "IV"}
	hamletJa = []string{"KRAJAN", "SIDOMULYO", "SUKOREJO", "WONOREJO", "TEGALREJO", "KARANGANYAR", "NGRANDU", "SENDANG", "KEDUNGSARI", "SUMBERSARI", "PUNDUNG", "GUNUNGSARI", "KALIWUNGU", "PLOSO", "NGEMPLAK", "JATIREJO", "BANJARSARI", "MARGOMULYO", "TAMBAKREJO", "SIDOREJO", "KEBONAGUNG", "TANJUNGSARI", "DUKUHAN", "GEDANGAN", "BULAK", "PANDEAN", "SAWAHAN", "KRAJAN KIDUL", "KRAJAN LOR", "KAUMAN"}
	hamletSu = []string{"CIBODAS", "CIKAREO", "CILEUNGSI", "CIMANGGU", "CIPANAS", "CISALAK", "SUKAMAJU", "SUKAMANAH", "SUKAJADI", "MEKARSARI", "MEKARJAYA", "BABAKAN", "PASIR ANGIN", "LEUWILIANG", "CIKONENG", "CIHERANG", "CIKADU", "NAGRAK", "BOJONG", "CIJERUK", "SUKARESMI", "GIRIMUKTI", "PANYINGKIRAN", "SINDANGSARI", "CIPEUNDEUY", "CICADAS", "PANGKALAN"}
	hamletBa = []string{"BANJAR KAJA", "BANJAR KELOD", "BANJAR KANGIN", "BANJAR KAUH", "BANJAR TENGAH", "BANJAR ANYAR", "BANJAR PEKANDELAN", "BANJAR DALEM", "BANJAR SEMA", "BANJAR PANTI"}
	hamletMi = []string{"KOTO BARU", "KOTO TANGAH", "PADANG LUAR", "BALAI GADANG", "SUNGAI BULUH", "LUBUK BATANG", "AIE ANGEK", "BUKIK TINGGI", "TANJUNG ALAI", "PASA USANG"}
	hamletOt = []string{"SATU", "DUA", "TIGA", "EMPAT", "LIMA", "SUKAMAJU", "SUKAMAKMUR", "SUKADAMAI", "MEKAR JAYA", "BUKIT INDAH", "SUNGAI RAYA", "TANJUNG", "PASAR", "SIMPANG TIGA", "KAMPUNG BARU", "LORONG MASJID", "PANTAI", "KEBUN", "LESTARI", "MAKMUR", "SEJAHTERA", "BAHAGIA"}
)

// hamletStyle returns the word for a rural neighbourhood and its name list
// for a province.
func hamletStyle(prov string) (word string, list []string) {
	switch prov {
	case "32", "36":
		return "KP.", hamletSu
	case "33":
		return "DUKUH", hamletJa
	case "34", "35":
		return "DUSUN", hamletJa
	case "51":
		return "", hamletBa
	case "13":
		return "JORONG", hamletMi
	case "73", "76", "52":
		return "LINGKUNGAN", hamletOt
	case "18":
		return "DUSUN", hamletJa // Lampung's villages are mostly Javanese settlers'
	}
	return "DUSUN", hamletOt
}

// gazetteer is a village's fixed layout: its RWs, the RTs in each, and the
// street or hamlet of each RT. It depends only on the seed and the village,
// so people moving into a village get one of its real addresses.
type gazetteer struct {
	rts    []int    // RTs per RW (index RW-1)
	places []string // street or hamlet per RW
	urban  bool
	rural  string // hamlet word
}

func newGazetteer(seed uint64, v *village) gazetteer {
	r := rand.New(rand.NewPCG(seed^0x67617a, uint64(v.idx)))
	households := v.voters/3 + 1
	nRW := max(1, min(40, households/(r.IntN(150)+120)))
	g := gazetteer{rts: make([]int, nRW), places: make([]string, nRW), urban: v.urban}
	word, list := hamletStyle(v.province.Code)
	g.rural = word
	for i := range g.rts {
		g.rts[i] = 3 + r.IntN(8)
		if g.urban {
			g.places[i] = streets[r.IntN(len(streets))]
		} else {
			g.places[i] = list[r.IntN(len(list))]
		}
	}
	return g
}

// address writes a household's street address for RW rw (1-based).
func (g *gazetteer) address(r *rand.Rand, rw int) string {
	place := g.places[rw-1]
	if g.urban {
		var b strings.Builder
		b.WriteString("JL. ")
		b.WriteString(place)
		if r.IntN(4) == 0 {
			b.WriteString(" GG. ")
			b.WriteString(gangs[r.IntN(len(gangs))])
		}
		if r.IntN(10) < 8 {
			b.WriteString(" NO. ")
			b.WriteString(strconv.Itoa(1 + r.IntN(150)))
		}
		return b.String()
	}
	if g.rural == "" {
		return place
	}
	return g.rural + " " + place
}

// overseasPosts are the representations abroad that hold most overseas
// voters, weighted roughly by the 2024 DPTLN (Malaysia first by far).
var overseasPosts = []struct {
	post, country string
	weight        float64
}{
	{"KUALA LUMPUR", "MALAYSIA", 30}, {"JOHOR BAHRU", "MALAYSIA", 9}, {"KOTA KINABALU", "MALAYSIA", 8},
	{"TAWAU", "MALAYSIA", 5}, {"KUCHING", "MALAYSIA", 4}, {"PENANG", "MALAYSIA", 4},
	{"HONG KONG", "HONG KONG", 10}, {"TAIPEI", "TAIWAN", 8}, {"SINGAPURA", "SINGAPURA", 6},
	{"RIYADH", "ARAB SAUDI", 4}, {"JEDDAH", "ARAB SAUDI", 4}, {"SEOUL", "KOREA SELATAN", 2},
	{"TOKYO", "JEPANG", 2}, {"OSAKA", "JEPANG", 1}, {"DUBAI", "PERSATUAN EMIRAT ARAB", 1.5},
	{"ABU DHABI", "PERSATUAN EMIRAT ARAB", 0.5}, {"DOHA", "QATAR", 0.8}, {"KUWAIT CITY", "KUWAIT", 0.5},
	{"DEN HAAG", "BELANDA", 0.6}, {"BERLIN", "JERMAN", 0.4}, {"LONDON", "INGGRIS", 0.3},
	{"SYDNEY", "AUSTRALIA", 0.6}, {"MELBOURNE", "AUSTRALIA", 0.4}, {"NEW YORK", "AMERIKA SERIKAT", 0.4},
	{"LOS ANGELES", "AMERIKA SERIKAT", 0.4}, {"KAIRO", "MESIR", 0.3}, {"BRUNEI DARUSSALAM", "BRUNEI DARUSSALAM", 1},
}

var overseasCum = func() []float64 {
	c := make([]float64, len(overseasPosts))
	s := 0.0
	for i, p := range overseasPosts {
		s += p.weight
		c[i] = s
	}
	return c
}()

func pickPost(r *rand.Rand) int { return pickWeighted(r, overseasCum) }

// pickWeighted draws an index from cumulative weights.
func pickWeighted(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	i, _ := slices.BinarySearch(cum, x)
	return min(i, len(cum)-1)
}
