package authenticity

import (
	"sort"
	"strings"
)

// Format is an export layout telusur knows, by its column headers.
type Format struct {
	Name        string
	Description string
	Headers     []string
}

// Formats are the layouts leaks are compared with. Headers are compared
// after headerKey, so case, spaces, dots and underscores do not matter.
var Formats = []Format{
	{Name: "kpu-sidalih", Description: "the election commission's voter-list export (Sidalih)",
		Headers: []string{"NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "STS KAWIN", "JENIS KELAMIN", "ALAMAT", "RT", "RW",
			"DISABILITAS", "KTP-EL", "KETERANGAN", "TPS", "KODE KEL", "KELURAHAN", "KECAMATAN", "KABUPATEN", "PROVINSI", "NO PASPOR"}},
	{Name: "kpu-recipient-copy", Description: "the 7-field copy of the list the commission hands to parties and oversight bodies",
		Headers: []string{"NAMA", "JENIS KELAMIN", "USIA", "ALAMAT", "RT", "RW", "KET"}},
	{Name: "dukcapil-siak", Description: "the civil registry's population data (SIAK field names, as in DP4 deliveries)",
		Headers: []string{"NIK", "NO_KK", "NAMA_LGKP", "TMPT_LHR", "TGL_LHR", "JENIS_KLMIN", "STAT_KWN", "ALAMAT", "NO_RT", "NO_RW",
			"NO_PROP", "NO_KAB", "NO_KEC", "NO_KEL", "NAMA_PROP", "NAMA_KAB", "NAMA_KEC", "NAMA_KEL"}},
	{Name: "telusur-registry", Description: "telusur's own registry layout (synthetic registries, datasets exported as Parquet)",
		Headers: []string{"person_id", "nkk", "nik", "name", "birth_place", "birth_date", "marital_status", "sex", "address", "rt", "rw",
			"disability", "ektp", "remarks", "province_code", "province", "regency_code", "regency", "district_code", "district",
			"village_code", "village", "tps", "passport", "overseas_post", "overseas_country"}},
}

// headerKey folds a header for comparison: upper case, letters and digits
// only.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(h) {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// suspiciousHeaders are columns no official export has, with why they
// matter.
var suspiciousHeaders = map[string]string{
	"USIA":    "has an age column ('usia'): the commission's full export gives the birth date, only the 7-field recipient copy gives ages",
	"UMUR":    "has an age column ('umur'), which no official full export has",
	"DIFABEL": "says 'difabel' where the commission's export says 'disabilitas'",
	"ID":      "has a database row id column, as a reseller's or scraper's database does",
}

// matchSchema compares headers with every known format and keeps the
// closest (Jaccard similarity of the folded header sets).
func matchSchema(headers []string) Schema {
	have := map[string]string{}
	for _, h := range headers {
		have[headerKey(h)] = h
	}
	var best Schema
	for _, f := range Formats {
		want := map[string]string{}
		for _, h := range f.Headers {
			want[headerKey(h)] = h
		}
		var s Schema
		s.Format = f.Name
		for k, h := range have {
			if _, ok := want[k]; ok {
				s.Matched = append(s.Matched, h)
			} else {
				s.Extra = append(s.Extra, h)
			}
		}
		for k, h := range want {
			if _, ok := have[k]; !ok {
				s.Missing = append(s.Missing, h)
			}
		}
		union := len(s.Matched) + len(s.Extra) + len(s.Missing)
		if union > 0 {
			s.Score = float64(len(s.Matched)) / float64(union)
		}
		if s.Score > best.Score {
			best = s
		}
	}
	if best.Score < 0.3 {
		best = Schema{Score: best.Score, Extra: append([]string(nil), headers...)}
	}
	for _, h := range headers {
		if note, ok := suspiciousHeaders[headerKey(h)]; ok && best.Format != "kpu-recipient-copy" {
			best.Notes = append(best.Notes, note)
		}
	}
	sort.Strings(best.Matched)
	sort.Strings(best.Missing)
	sort.Strings(best.Extra)
	sort.Strings(best.Notes)
	return best
}
