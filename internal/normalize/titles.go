package normalize

import (
	"maps"
	"slices"
)

// titleInfo is a title or degree as recognised in a name: its canonical
// form and whether it is recognised when written without any dot and
// outside the degree list after a comma ("bare": "SPD", "DRS", "HJ").
type titleInfo struct {
	canon string
	bare  bool
}

// prefixTitles are the religious, professional and academic titles written
// before a name, keyed by their letters without dots or spaces.
var prefixTitles = map[string]titleInfo{
	"H":        {"H.", true},
	"HAJI":     {"H.", true},
	"HJ":       {"HJ.", true},
	"HJH":      {"HJ.", true},
	"HAJJAH":   {"HJ.", true},
	"HAJAH":    {"HJ.", true},
	"KH":       {"KH.", true},  // kiai haji
	"TGH":      {"TGH.", true}, // tuan guru haji (Lombok)
	"UST":      {"UST.", true},
	"USTADZ":   {"UST.", true},
	"USTAD":    {"UST.", true},
	"USTADZAH": {"USTZ.", true},
	"USTZ":     {"USTZ.", true},
	"DR":       {"DR.", true},
	"DRS":      {"DRS.", true},
	"DRA":      {"DRA.", true},
	"DRG":      {"DRG.", true},
	"IR":       {"IR.", true},
	"PROF":     {"PROF.", true},
	"APT":      {"APT.", false}, // apoteker
	"NS":       {"NS.", false},  // ners
	"NY":       {"NY.", false},  // nyonya
	"TN":       {"TN.", false},  // tuan
}

// degrees are the academic and professional degrees written after a name,
// most often after a comma ("SRI WAHYUNI, S.PD."). Their key is the
// letters without dots or spaces, so S.Pd., S.PD, S PD and SPd are one
// degree. Degrees marked not bare are ordinary words or initials when
// written without dots ("MA", "BA", "MD", "AK", "MEI", "MENG", "SAN"), so
// they are removed only with a dot or after a comma.
var degrees = []titleInfo{
	// Diploma (ahli madya, ahli muda, ahli pratama).
	{"A.MD.", true}, {"AMD.KEB.", true}, {"A.MD.KEP.", true}, {"A.MD.KES.", true},
	{"A.MD.FARM.", true}, {"A.MD.AK.", true}, {"A.MD.T.", true}, {"A.MD.KOM.", true},
	{"A.MK.", true}, {"A.MA.", false}, {"A.MA.PD.", true}, {"A.P.", false}, {"A.KS.", false},
	{"A.MD.GZ.", true}, {"A.MD.RO.", true}, {"A.MD.PAR.", true},
	// Sarjana.
	{"S.PD.", true}, {"S.PD.I.", true}, {"S.PD.SD.", true}, {"S.E.", true}, {"S.E.I.", false},
	{"S.H.", true}, {"S.H.I.", false}, {"S.AG.", true}, {"S.KOM.", true}, {"S.T.", true},
	{"S.SOS.", true}, {"S.SOS.I.", true}, {"S.IP.", true}, {"S.KEP.", true}, {"S.KM.", true},
	{"S.SI.", true}, {"S.S.", true}, {"S.P.", true}, {"S.PT.", true}, {"S.PSI.", true},
	{"S.FARM.", true}, {"S.KED.", true}, {"S.STP.", true}, {"S.TH.", true}, {"S.TH.I.", true},
	{"S.HUT.", true}, {"S.I.KOM.", true}, {"S.AK.", false}, {"S.TR.", true}, {"S.TP.", true},
	{"S.PI.", true}, {"S.KEB.", true}, {"S.GZ.", true}, {"S.KG.", true}, {"S.ST.", true},
	{"S.HUM.", true}, {"S.KES.", true}, {"S.M.", true}, {"S.ARS.", true}, {"S.DS.", true},
	{"S.SN.", true}, {"S.TRK.", true}, {"S.TR.KEB.", true}, {"S.E.AK.", true}, {"S.SY.", true},
	{"S.KEP.NS.", true}, {"S.AN.", false}, {"S.IN.", false}, {"S.ANT.", false}, {"S.MB.", true},
	// Magister.
	{"M.M.", true}, {"M.PD.", true}, {"M.PD.I.", true}, {"M.SI.", true}, {"M.SC.", true},
	{"M.A.", false}, {"M.H.", true}, {"M.H.I.", false}, {"M.T.", true}, {"M.KES.", true},
	{"M.AG.", true}, {"M.KOM.", true}, {"M.E.", false}, {"M.E.I.", false}, {"M.AK.", false},
	{"M.IP.", true}, {"M.KEP.", true}, {"M.PH.", true}, {"M.B.A.", true}, {"M.ENG.", false},
	{"M.STAT.", true}, {"M.HUM.", true}, {"M.FARM.", true}, {"M.KN.", true}, {"M.TH.", true},
	{"M.PSI.", true}, {"M.SOS.", true}, {"M.AP.", true}, {"M.SY.", true},
	{"M.ARS.", false}, {"M.KED.", true}, {"M.SI.MED.", true}, {"M.TR.", true},
	// Doctorates, specialists and others.
	{"PH.D.", true}, {"M.D.", false}, {"B.A.", false}, {"B.SC.", true}, {"LC.", true},
	{"SP.OG.", true}, {"SP.A.", false}, {"SP.PD.", true}, {"SP.B.", true}, {"SP.M.", true},
	{"SP.THT.", true}, {"SP.KK.", true}, {"SP.JP.", true}, {"SP.RAD.", true}, {"SP.AN.", false},
	{"AK.", false}, {"CPA.", true}, {"DR.", false},
}

// degreeByKey maps a degree's letters to its canonical form; the first
// entry of a key wins.
var degreeByKey = func() map[string]titleInfo {
	m := make(map[string]titleInfo, len(degrees))
	for _, d := range degrees {
		var k []byte
		for i := 0; i < len(d.canon); i++ {
			if c := d.canon[i]; c >= 'A' && c <= 'Z' {
				k = append(k, c)
			}
		}
		if _, dup := m[string(k)]; !dup {
			m[string(k)] = d
		}
	}
	return m
}()

// titleFilter says which (length, first letter) pairs some title has, so
// that most name words are ruled out without a map lookup.
type titleFilter [21]uint32

func newTitleFilter(keys []string) (f titleFilter) {
	for _, k := range keys {
		if len(k) > 0 && len(k) < len(f) && k[0] >= 'A' && k[0] <= 'Z' {
			f[len(k)] |= 1 << (k[0] - 'A')
		}
	}
	return f
}

var (
	prefixFilter = newTitleFilter(slices.Collect(maps.Keys(prefixTitles)))
	degreeFilter = newTitleFilter(slices.Collect(maps.Keys(degreeByKey)))
)
