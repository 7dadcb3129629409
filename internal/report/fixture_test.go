package report

import (
	"time"

	"github.com/telusur/telusur/internal/authenticity"
	"github.com/telusur/telusur/internal/link"
	"github.com/telusur/telusur/internal/verify"
)

// fixedTime is the Generated time of the fixture, so golden files stay
// stable.
var fixedTime = time.Date(2026, 11, 25, 14, 3, 27, 0, time.UTC)

// fixture is a hand-written Document with every section filled: a
// synthetic leak of 1.25 M rows that mostly matches the reference. The
// reasons are written in lang, as verify writes them.
func fixture(lang string) *verify.Document {
	reasons := []verify.Reason{
		{Code: "match_rate", Text: "96.1% of the leak's rows (1,198,402 of 1,247,312) match the reference registry."},
		{Code: "field_agreement", Text: "Matched rows agree with the registry: names 97.2%, birth dates 99.1%, sex 99.9%."},
		{Code: "authenticity", Text: "The leak's NIKs are well formed and agree with birth dates and sex as in a real list."},
		{Code: "coverage", Text: "The rows come from 8 provinces, most from Jawa Barat (41.4%)."},
	}
	if lang == "id" {
		reasons = []verify.Reason{
			{Code: "match_rate", Text: "96,1% baris data bocoran (1.198.402 dari 1.247.312) cocok dengan registri rujukan."},
			{Code: "field_agreement", Text: "Baris yang cocok sesuai dengan registri: nama 97,2%, tanggal lahir 99,1%, jenis kelamin 99,9%."},
			{Code: "authenticity", Text: "NIK dalam data bocoran terbentuk dengan benar serta sesuai dengan tanggal lahir dan jenis kelamin, seperti pada daftar asli."},
			{Code: "coverage", Text: "Baris berasal dari 8 provinsi, terbanyak dari Jawa Barat (41,4%)."},
		}
	}
	return &verify.Document{
		Tool:      "telusur v0.1.0-dev (0123456789ab) go1.26.8",
		Lang:      lang,
		Generated: fixedTime,
		Leak: verify.DatasetSummary{
			Name:         "klaim-dpt-2024",
			Role:         "leak",
			RowsRead:     1250000,
			RowsAccepted: 1247312,
			RowsRejected: 2688,
			Rejects:      map[string]int64{"ragged": 2101, "empty row": 512, "repeated header": 75},
			Sources: []verify.Source{
				{Path: "leak/dpt_2024_part1.csv.gz", SHA256: "9f2c4e1ab07d3c5e8f61a2b4c9d0e7f3a1b5c8d2e4f60718293a4b5c6d7e8f90", Size: 98412331, Rows: 700000},
				{Path: "leak/dpt_2024_part2.sql", SHA256: "0a1b2c3d4e5f60718293a4b5c6d7e8f9fedcba9876543210abcdef0123456789", Size: 161204556, Rows: 550000},
			},
			Columns: []verify.Column{
				{Name: "NIK", Role: "nik", Confidence: 0.99},
				{Name: "NKK", Role: "nkk", Confidence: 0.98},
				{Name: "NAMA", Role: "name", Confidence: 0.97},
				{Name: "TEMPAT_LAHIR", Role: "birth_place", Confidence: 0.93},
				{Name: "TANGGAL_LAHIR", Role: "birth_date", Confidence: 0.96},
				{Name: "USIA", Role: "age", Confidence: 0.88},
				{Name: "JENIS_KELAMIN", Role: "sex", Confidence: 0.99},
				{Name: "ALAMAT", Role: "address", Confidence: 0.9},
				{Name: "RT", Role: "rt", Confidence: 0.95},
				{Name: "RW", Role: "rw", Confidence: 0.95},
				{Name: "KELURAHAN", Role: "village", Confidence: 0.9},
				{Name: "KECAMATAN", Role: "district", Confidence: 0.91},
				{Name: "KABUPATEN", Role: "regency", Confidence: 0.93},
				{Name: "PROVINSI", Role: "province", Confidence: 0.95},
				{Name: "TPS", Role: "tps", Confidence: 0.89, Table: "dpt"},
				{Name: "KET", Role: "remarks", Confidence: 0.6, Table: "dpt"},
			},
		},
		Reference: verify.DatasetSummary{
			Name:         "dpt-2024-rujukan",
			Role:         "reference",
			RowsRead:     4812930,
			RowsAccepted: 4812930,
			Sources: []verify.Source{
				{Path: "reg/3-DPT/", SHA256: "5d41402abc4b2a76b9719d911017c592ae2b1f0e5c8d7a6b9c0d1e2f3a4b5c6d", Size: 88120554, Rows: 4812930},
			},
		},
		Authenticity: authenticity.Result{
			Rows:               1247312,
			NIKRows:            1240118,
			NIKMaskedRows:      7194,
			NIKValidRate:       0.9987,
			RegionKnownRate:    0.9995,
			NIKDOBAgreement:    0.981,
			NIKDOBCompared:     1238001,
			NIKSexAgreement:    0.9991,
			NIKSexCompared:     1239442,
			DuplicateNIKRate:   0.0004,
			DuplicateNIKRows:   496,
			PatternNIKRate:     0.0001,
			NIKRegionAgreement: 0.973,
			NIKRegionCompared:  1231806,
			Findings: []authenticity.Finding{
				{Code: "masked", Severity: "info", Rows: 7194, Rate: 0.0058},
				{Code: "unknown_district", Severity: "warning", Rows: 1240, Rate: 0.001},
				{Code: "impossible_date", Severity: "error", Rows: 412, Rate: 0.00033},
				{Code: "too_old", Severity: "warning", Rows: 96, Rate: 0.0000774},
			},
			AgeRows:   1246020,
			UnderAge:  2617,
			SexRows:   1247001,
			MaleShare: 0.4968,
			AgeBands: []authenticity.Band{
				{Label: "gen-z", Rows: 290800, Share: 0.2334, Expected: 0.2285},
				{Label: "millennial", Rows: 414610, Share: 0.3327, Expected: 0.3360},
				{Label: "gen-x", Rows: 348490, Share: 0.2797, Expected: 0.2807},
				{Label: "boomer", Rows: 170680, Share: 0.1370, Expected: 0.1373},
				{Label: "pre-boomer", Rows: 21440, Share: 0.0172, Expected: 0.0174},
			},
			Schema: authenticity.Schema{
				Format:  "KPU DPT export (Sidalih)",
				Score:   0.86,
				Matched: []string{"NIK", "NKK", "NAMA", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "JENIS_KELAMIN", "ALAMAT", "RT", "RW", "TPS", "KET"},
				Missing: []string{"DIFABEL"},
				Extra:   []string{"USIA"},
				Notes:   []string{"has an 'usia' column no official export has"},
			},
			Checks: []authenticity.Check{
				{ID: "nik_valid", Value: 0.9987, Expected: "≥ 98%", Status: authenticity.OK, Detail: "99.9% of the 1240118 complete NIKs are well formed (known province, possible date, non-zero serial)."},
				{ID: "nik_region_known", Value: 0.9995, Expected: "≥ 99%", Status: authenticity.OK, Detail: "100.0% of the valid NIKs carry a regency and district code that exists in the region table."},
				{ID: "nik_duplicates", Value: 0.0004, Expected: "≤ 0.1%", Status: authenticity.OK, Detail: "0.0% of the NIK rows share their NIK with another row."},
				{ID: "nik_patterns", Value: 0.0001, Expected: "≤ 0.1%", Status: authenticity.OK, Detail: "0.0% of the NIKs are long runs of one digit or sequences."},
				{ID: "nik_dob", Value: 0.981, Expected: "≥ 97%", Status: authenticity.OK, Detail: "In 98.1% of 1238001 rows the birth date in the NIK is the birth-date column's."},
				{ID: "nik_sex", Value: 0.9991, Expected: "≥ 98%", Status: authenticity.OK, Detail: "In 99.9% of 1239442 rows the sex in the NIK (day + 40 for women) is the sex column's."},
				{ID: "age_distribution", Value: 0.0049, Expected: "distance ≤ 8%", Status: authenticity.OK, Detail: "The ages differ from the 2024 list's generations by a total variation distance of 0.5%."},
				{ID: "under_age", Value: 0.0021, Expected: "≤ 0.1%", Status: authenticity.Warn, Detail: "0.2% of the rows are of unmarried people under 17, who cannot be voters."},
				{ID: "sex_ratio", Value: 0.4968, Expected: "48–52% men", Status: authenticity.OK, Detail: "49.7% of the rows are men (the 2024 list: 50.0%)."},
				{ID: "serial_spread", Value: 0, Expected: "skewed to low serials", Status: authenticity.NA, Detail: "Too few NIKs per district to judge serials."},
			},
			Score: 0.93,
		},
		Linkage: link.Result{
			Accept: 8, Margin: 3, Weights: link.Weights,
			Method:        "exact+probabilistic",
			Passes:        []string{"exact_nik", "nik_typo", "masked_nik", "name_dob"},
			LeakRows:      1247312,
			MatchedRows:   1198402,
			MatchRate:     0.96079,
			MatchRateCI95: [2]float64{0.96045, 0.96113},
			MatchedBy:     map[string]int64{"exact_nik": 1152118, "nik_typo": 21904, "masked_nik": 6931, "name_dob": 17449},
			FieldAgreement: map[string]float64{
				"name": 0.972, "birth_date": 0.991, "sex": 0.999, "nkk": 0.998, "address": 0.884, "rt": 0.95, "rw": 0.96, "tps": 0.91,
			},
			FieldClose: map[string]float64{
				"name": 0.994, "birth_date": 0.998, "sex": 0.999, "nkk": 0.998, "address": 0.921, "rt": 0.98, "rw": 0.985, "tps": 0.97,
			},
			FieldCompared: map[string]int64{
				"name": 1198402, "birth_date": 1197110, "sex": 1198120, "nkk": 1150338, "address": 1196004, "rt": 1195870, "rw": 1195870, "tps": 1190552,
			},
			ReferenceRows:        4812930,
			ReferenceRowsMatched: 1197955,
			Pairs:                3412877,
		},
		Coverage: verify.Coverage{
			Unplaced: 8312,
			Provinces: []verify.RegionCoverage{
				{Code: "12", Name: "Sumatera Utara", LeakRows: 40512, MatchedRows: 38122, ReferenceRows: 160000, MatchRate: 0.9410, ReferenceShare: 0.2383},
				{Code: "31", Name: "DKI Jakarta", LeakRows: 98120, MatchedRows: 93116, ReferenceRows: 420000, MatchRate: 0.9490, ReferenceShare: 0.2217},
				{Code: "32", Name: "Jawa Barat", LeakRows: 516210, MatchedRows: 499691, ReferenceRows: 1650000, MatchRate: 0.9680, ReferenceShare: 0.3028},
				{Code: "33", Name: "Jawa Tengah", LeakRows: 288440, MatchedRows: 277479, ReferenceRows: 1190000, MatchRate: 0.9620, ReferenceShare: 0.2332},
				{Code: "35", Name: "Jawa Timur", LeakRows: 201337, MatchedRows: 192881, ReferenceRows: 980000, MatchRate: 0.9580, ReferenceShare: 0.1968},
				{Code: "36", Name: "Banten", LeakRows: 71004, MatchedRows: 67809, ReferenceRows: 310000, MatchRate: 0.9550, ReferenceShare: 0.2187},
				{Code: "73", Name: "Sulawesi Selatan", LeakRows: 22065, MatchedRows: 20565, ReferenceRows: 82000, MatchRate: 0.9320, ReferenceShare: 0.2508},
				{Code: "91", Name: "Papua", LeakRows: 1312, MatchedRows: 1143, ReferenceRows: 20930, MatchRate: 0.8712, ReferenceShare: 0.0546},
			},
			Regencies: []verify.RegionCoverage{
				{Code: "1275", Name: "Kota Medan", LeakRows: 18390, MatchedRows: 17287, ReferenceRows: 70000, MatchRate: 0.9400, ReferenceShare: 0.2470},
				{Code: "3171", Name: "Kota Administrasi Jakarta Pusat", LeakRows: 19530, MatchedRows: 18573, ReferenceRows: 60000, MatchRate: 0.9510, ReferenceShare: 0.3095},
				{Code: "3174", Name: "Kota Administrasi Jakarta Selatan", LeakRows: 26402, MatchedRows: 25029, ReferenceRows: 120000, MatchRate: 0.9480, ReferenceShare: 0.2086},
				{Code: "3175", Name: "Kota Administrasi Jakarta Timur", LeakRows: 13650, MatchedRows: 12954, ReferenceRows: 110000, MatchRate: 0.9490, ReferenceShare: 0.1178},
				{Code: "3201", Name: "Kabupaten Bogor", LeakRows: 58811, MatchedRows: 56811, ReferenceRows: 200000, MatchRate: 0.9660, ReferenceShare: 0.2841},
				{Code: "3203", Name: "Kabupaten Cianjur", LeakRows: 16980, MatchedRows: 16386, ReferenceRows: 66000, MatchRate: 0.9650, ReferenceShare: 0.2483},
				{Code: "3204", Name: "Kabupaten Bandung", LeakRows: 61220, MatchedRows: 59383, ReferenceRows: 190000, MatchRate: 0.9700, ReferenceShare: 0.3125},
				{Code: "3216", Name: "Kabupaten Bekasi", LeakRows: 44507, MatchedRows: 43127, ReferenceRows: 150000, MatchRate: 0.9690, ReferenceShare: 0.2875},
				{Code: "3217", Name: "Kabupaten Bandung Barat", LeakRows: 24018, MatchedRows: 23225, ReferenceRows: 80000, MatchRate: 0.9670, ReferenceShare: 0.2903},
				{Code: "3273", Name: "Kota Bandung", LeakRows: 33870, MatchedRows: 32922, ReferenceRows: 110000, MatchRate: 0.9720, ReferenceShare: 0.2993},
				{Code: "3275", Name: "Kota Bekasi", LeakRows: 38990, MatchedRows: 37859, ReferenceRows: 130000, MatchRate: 0.9710, ReferenceShare: 0.2912},
				{Code: "3302", Name: "Kabupaten Banyumas", LeakRows: 17210, MatchedRows: 16539, ReferenceRows: 68000, MatchRate: 0.9610, ReferenceShare: 0.2432},
				{Code: "3310", Name: "Kabupaten Klaten", LeakRows: 14870, MatchedRows: 14320, ReferenceRows: 56000, MatchRate: 0.9630, ReferenceShare: 0.2557},
				{Code: "3318", Name: "Kabupaten Pati", LeakRows: 12400, MatchedRows: 11929, ReferenceRows: 51000, MatchRate: 0.9620, ReferenceShare: 0.2339},
				{Code: "3374", Name: "Kota Semarang", LeakRows: 27210, MatchedRows: 26230, ReferenceRows: 88000, MatchRate: 0.9640, ReferenceShare: 0.2981},
				{Code: "3515", Name: "Kabupaten Sidoarjo", LeakRows: 18420, MatchedRows: 17665, ReferenceRows: 75000, MatchRate: 0.9590, ReferenceShare: 0.2355},
				{Code: "3522", Name: "Kabupaten Bojonegoro", LeakRows: 12990, MatchedRows: 12418, ReferenceRows: 52000, MatchRate: 0.9560, ReferenceShare: 0.2388},
				{Code: "3525", Name: "Kabupaten Gresik", LeakRows: 15002, MatchedRows: 14357, ReferenceRows: 58000, MatchRate: 0.9570, ReferenceShare: 0.2475},
				{Code: "3578", Name: "Kota Surabaya", LeakRows: 36104, MatchedRows: 34588, ReferenceRows: 160000, MatchRate: 0.9580, ReferenceShare: 0.2162},
				{Code: "3603", Name: "Kabupaten Tangerang", LeakRows: 16640, MatchedRows: 15858, ReferenceRows: 90000, MatchRate: 0.9530, ReferenceShare: 0.1762},
				{Code: "3671", Name: "Kota Tangerang", LeakRows: 29530, MatchedRows: 28201, ReferenceRows: 95000, MatchRate: 0.9550, ReferenceShare: 0.2969},
				{Code: "7371", Name: "Kota Makassar", LeakRows: 14010, MatchedRows: 13071, ReferenceRows: 50000, MatchRate: 0.9330, ReferenceShare: 0.2614},
				{Code: "9171", Name: "Kota Jayapura", LeakRows: 1312, MatchedRows: 1143, ReferenceRows: 20930, MatchRate: 0.8712, ReferenceShare: 0.0546},
			},
		},
		Verdict: verify.Verdict{Label: verify.Consistent, Score: 0.94, Reasons: reasons},
		Samples: []verify.SampleRow{
			{Row: 1042, Matched: true, Pass: "exact_nik", NIK: "3204**********01", Name: "S. R.", BirthYear: 1978, Sex: "P", Region: "Kabupaten Bandung",
				Fields: map[string]string{"name": "equal", "birth_date": "equal", "sex": "equal", "address": "equal"}},
			{Row: 88310, Matched: true, Pass: "exact_nik", NIK: "3578**********12", Name: "A. W.", BirthYear: 1991, Sex: "L", Region: "Kota Surabaya",
				Fields: map[string]string{"name": "close", "birth_date": "equal", "sex": "equal", "address": "differs"}},
			{Row: 402117, Matched: true, Pass: "nik_typo", NIK: "3374**********07", Name: "M. F. H.", BirthYear: 1965, Sex: "L", Region: "Kota Semarang",
				Fields: map[string]string{"name": "equal", "birth_date": "equal", "sex": "equal"}},
			{Row: 977501, Matched: true, Pass: "name_dob", NIK: "", Name: "N. K.", BirthYear: 2001, Sex: "P", Region: "Kabupaten Bogor",
				Fields: map[string]string{"name": "equal", "birth_date": "equal", "rt": "close"},
				Score:  21.5, Evidence: map[string]float64{"birth_date": 8, "region_code": 8, "rt": 0.5, "rw": 2, "address": 6, "sex": 1, "nik": -4}},
			{Row: 5120, Matched: false, NIK: "3273**********44", Name: "D. P.", BirthYear: 1983, Sex: "L", Region: "Kota Bandung"},
			{Row: 640002, Matched: false, NIK: "1275**********90", Name: "R. S.", BirthYear: 1957, Sex: "P", Region: "Kota Medan",
				Candidate: true, Fields: map[string]string{"birth_date": "differs", "sex": "equal", "address": "differs"},
				Score: -6, Evidence: map[string]float64{"birth_date": -6, "sex": 1, "address": -1}},
			{Row: 1200713, Matched: false, NIK: "9171**********03", Name: "Y. W.", Sex: "L"},
		},
		Params: verify.Params{
			ConsistentMin:     0.9,
			PartialMin:        0.3,
			AgreementMin:      0.95,
			FabricationMax:    0.5,
			FabricationChecks: []string{"nik_valid", "nik_region_known", "nik_dob", "nik_sex", "nik_duplicates"},
			RefDate:           time.Date(2023, 7, 2, 0, 0, 0, 0, time.UTC),
			Samples:           7,
		},
	}
}
