package verify

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/telusur/telusur/internal/authenticity"
	"github.com/telusur/telusur/internal/link"
)

// coreFields are the fields whose agreement decides whether found rows
// are the reference's: who the person is, not where they live now.
var coreFields = []string{"name", "birth_date", "sex", "age"}

// agreement is the mean close-agreement of the core fields the leak has.
func agreement(l *link.Result) (float64, bool) {
	var sum float64
	n := 0
	for _, f := range coreFields {
		if l.FieldCompared[f] > 0 {
			sum += l.FieldClose[f]
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// fabricated reports whether the leak fails one of the given checks or
// scores below max, and which checks failed.
func fabricated(a *authenticity.Result, checks []string, max float64) (bool, []string) {
	var failed []string
	for _, c := range a.Checks {
		if c.Status == authenticity.Fail && slices.Contains(checks, c.ID) {
			failed = append(failed, c.ID)
		}
	}
	scored := false
	for _, c := range a.Checks {
		if c.Status != authenticity.NA {
			scored = true
		}
	}
	return len(failed) > 0 || (scored && a.Score < max), failed
}

// judge applies the thresholds of doc.Params to the measures.
func judge(doc *Document, lang string) Verdict {
	t := texts[lang]
	p := doc.Params
	l := &doc.Linkage
	a := &doc.Authenticity
	var v Verdict
	say := func(code string, args ...any) {
		v.Reasons = append(v.Reasons, Reason{Code: code, Text: fmt.Sprintf(t[code], args...)})
	}
	f := func(x float64) string { return percent(x, lang) }
	agree, hasAgree := agreement(l)
	fab, failed := fabricated(a, p.FabricationChecks, p.FabricationMax)
	v.Score = l.MatchRate
	if hasAgree {
		v.Score *= agree
	}

	say("match_rate", f(l.MatchRate), number(l.LeakRows, lang), doc.Reference.Name, f(l.MatchRateCI95[0]), f(l.MatchRateCI95[1]))
	switch {
	case l.MatchRate >= p.ConsistentMin && (!hasAgree || agree >= p.AgreementMin):
		v.Label = Consistent
	case l.MatchRate >= p.PartialMin:
		v.Label = PartiallyConsistent
	case fab:
		v.Label = LikelyFabricated
	default:
		v.Label = Inconsistent
	}
	if l.MatchedRows > 0 && hasAgree {
		var parts []string
		for _, name := range coreFields {
			if l.FieldCompared[name] > 0 {
				parts = append(parts, fmt.Sprintf("%s %s", t["field_"+name], f(l.FieldClose[name])))
			}
		}
		if agree >= p.AgreementMin {
			say("fields_agree", strings.Join(parts, ", "))
		} else {
			say("fields_differ", strings.Join(parts, ", "), f(p.AgreementMin))
		}
	}
	if l.MatchedRows > 0 {
		var parts []string
		for _, pass := range l.Passes {
			if n := l.MatchedBy[pass]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s (%s)", t["pass_"+pass], number(n, lang)))
			}
		}
		say("linked_by", strings.Join(parts, ", "))
	}
	switch {
	case len(failed) > 0:
		var names []string
		for _, c := range failed {
			names = append(names, t["check_"+c])
		}
		say("authenticity_fail", strings.Join(names, "; "))
	case fab:
		say("authenticity_low", f(a.Score))
	case a.NIKRows > 0:
		say("authenticity_ok", f(a.NIKValidRate), f(a.NIKDOBAgreement), f(a.NIKSexAgreement))
	case a.NIKMaskedRows > 0:
		say("nik_masked", number(a.NIKMaskedRows, lang))
	default:
		say("no_nik")
	}
	switch v.Label {
	case Consistent:
		say("verdict_consistent", f(p.ConsistentMin))
	case PartiallyConsistent:
		if l.MatchRate >= p.ConsistentMin {
			say("verdict_partial_fields", f(p.AgreementMin))
		} else {
			say("verdict_partial", f(p.PartialMin), f(p.ConsistentMin))
		}
	case LikelyFabricated:
		say("verdict_fabricated", f(p.PartialMin))
	case Inconsistent:
		say("verdict_inconsistent", f(p.PartialMin))
	}
	if n := len(doc.Coverage.Provinces); n > 0 {
		top := doc.Coverage.Provinces[0]
		say("coverage", number(int64(n), lang), top.Name, f(float64(top.LeakRows)/float64(max(1, l.LeakRows))))
	}
	return v
}

// percent formats a share with one decimal, in the language's style.
func percent(x float64, lang string) string {
	s := strconv.FormatFloat(x*100, 'f', 1, 64)
	if lang == "id" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "%"
}

// number formats an integer with thousands separators.
func number(n int64, lang string) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if lang == "id" {
		sep = "."
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// texts are the verdict's sentences. Every argument is a figure or a
// region or dataset name: never a value from a row.
var texts = map[string]map[string]string{
	"en": {
		"match_rate":             "%s of the leak's %s rows were found in the reference %q (95%% confidence interval %s to %s).",
		"fields_agree":           "The rows found agree with the reference on who the person is: %s equal or nearly equal.",
		"fields_differ":          "The rows found often disagree with the reference on who the person is (%s; %s needed).",
		"linked_by":              "Rows were linked by %s.",
		"authenticity_fail":      "The leak fails its own authenticity checks: %s.",
		"authenticity_low":       "The leak scores low on its own authenticity checks (%s).",
		"authenticity_ok":        "The leak's own numbers are consistent: %s of its NIKs are well formed, %s carry the row's birth date and %s its sex.",
		"nik_masked":             "The leak's NIKs are masked (%s rows): their structure can only be checked in part.",
		"no_nik":                 "The leak has no NIK column: it was linked by name, birth year or age, sex and address.",
		"verdict_consistent":     "At least %s of the rows are in the reference with matching details: the leak is consistent with the reference data.",
		"verdict_partial":        "Between %s and %s of the rows are in the reference: part of the leak is the reference's data, the rest is from elsewhere or altered.",
		"verdict_partial_fields": "Most rows are found by their identifiers, but their details disagree more than allowed (%s agreement): the data may be altered or from another version.",
		"verdict_fabricated":     "Fewer than %s of the rows are in the reference and the leak contradicts itself in ways real registry data does not: it is likely fabricated.",
		"verdict_inconsistent":   "Fewer than %s of the rows are in the reference, yet the leak's own numbers look real: the data are probably from another source or another period.",
		"coverage":               "The leak's rows are spread over %s provinces; the most are from %s (%s).",
		"field_name":             "name",
		"field_birth_date":       "birth date",
		"field_sex":              "sex",
		"field_age":              "age",
		"pass_exact_nik":         "exact NIK",
		"pass_exact_passport":    "exact passport number (overseas voters)",
		"pass_nik_typo":          "NIK one digit off, with name and birth date agreeing",
		"pass_masked_nik":        "masked NIK with name and birth date",
		"pass_name_dob":          "name and birth date",
		"pass_name_age":          "name, age and address",
		"check_nik_valid":        "many NIKs are malformed",
		"check_nik_region_known": "many NIKs carry district codes that do not exist",
		"check_nik_dob":          "many NIKs encode a birth date other than the row's",
		"check_nik_sex":          "many NIKs encode the other sex",
		"check_nik_duplicates":   "NIKs repeat far more than in real data",
	},
	"id": {
		"match_rate":             "%s dari %s baris data bocoran ditemukan dalam data rujukan %q (selang kepercayaan 95%%: %s sampai %s).",
		"fields_agree":           "Baris yang ditemukan sesuai dengan data rujukan mengenai identitas orangnya: %s sama atau hampir sama.",
		"fields_differ":          "Baris yang ditemukan sering tidak sesuai dengan data rujukan mengenai identitas orangnya (%s; diperlukan %s).",
		"linked_by":              "Baris dicocokkan berdasarkan %s.",
		"authenticity_fail":      "Data bocoran tidak lolos pemeriksaan keasliannya sendiri: %s.",
		"authenticity_low":       "Data bocoran bernilai rendah pada pemeriksaan keasliannya sendiri (%s).",
		"authenticity_ok":        "Angka-angka dalam data bocoran konsisten: %s NIK berstruktur benar, %s memuat tanggal lahir baris tersebut dan %s jenis kelaminnya.",
		"nik_masked":             "NIK dalam data bocoran disamarkan (%s baris): strukturnya hanya dapat diperiksa sebagian.",
		"no_nik":                 "Data bocoran tidak memiliki kolom NIK: pencocokan dilakukan berdasarkan nama, tahun lahir atau usia, jenis kelamin dan alamat.",
		"verdict_consistent":     "Sedikitnya %s baris terdapat dalam data rujukan dengan rincian yang sesuai: data bocoran konsisten dengan data rujukan.",
		"verdict_partial":        "Antara %s dan %s baris terdapat dalam data rujukan: sebagian data bocoran berasal dari data rujukan, sisanya dari sumber lain atau telah diubah.",
		"verdict_partial_fields": "Sebagian besar baris ditemukan berdasarkan nomor identitasnya, tetapi rinciannya lebih banyak berbeda dari yang diperbolehkan (kesesuaian %s): data mungkin telah diubah atau berasal dari versi lain.",
		"verdict_fabricated":     "Kurang dari %s baris terdapat dalam data rujukan dan data bocoran bertentangan dengan dirinya sendiri dengan cara yang tidak terjadi pada data kependudukan asli: data ini kemungkinan besar palsu.",
		"verdict_inconsistent":   "Kurang dari %s baris terdapat dalam data rujukan, padahal angka-angka data bocoran tampak asli: data kemungkinan berasal dari sumber atau periode lain.",
		"coverage":               "Baris data bocoran tersebar di %s provinsi; terbanyak dari %s (%s).",
		"field_name":             "nama",
		"field_birth_date":       "tanggal lahir",
		"field_sex":              "jenis kelamin",
		"field_age":              "usia",
		"pass_exact_nik":         "NIK yang sama persis",
		"pass_exact_passport":    "nomor paspor yang sama persis (pemilih luar negeri)",
		"pass_nik_typo":          "NIK berbeda satu angka dengan nama dan tanggal lahir yang sesuai",
		"pass_masked_nik":        "NIK tersamar dengan nama dan tanggal lahir",
		"pass_name_dob":          "nama dan tanggal lahir",
		"pass_name_age":          "nama, usia dan alamat",
		"check_nik_valid":        "banyak NIK tidak berstruktur benar",
		"check_nik_region_known": "banyak NIK memuat kode kecamatan yang tidak ada",
		"check_nik_dob":          "banyak NIK memuat tanggal lahir yang berbeda dengan baris tersebut",
		"check_nik_sex":          "banyak NIK memuat jenis kelamin yang berlawanan",
		"check_nik_duplicates":   "NIK berulang jauh lebih sering daripada data asli",
	},
}
