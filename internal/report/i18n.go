package report

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/telusur/telusur/internal/verify"
)

// Languages lists the languages HTML writes.
var Languages = []string{"en", "id"}

// text is one piece of text in English and in Indonesian.
type text struct{ en, id string }

func (x text) in(lang string) string {
	if lang == "id" {
		return x.id
	}
	return x.en
}

// messages are the fixed texts of the page, by key.
var messages = map[string]text{
	"title":         {"Data Leak Verification Report", "Laporan Verifikasi Kebocoran Data"},
	"subtitle":      {"Comparison of a claimed leak of the voter list (DPT) with the reference registry", "Perbandingan data yang diklaim bocor dari Daftar Pemilih Tetap (DPT) dengan registri rujukan"},
	"leak":          {"Leaked data", "Data bocoran"},
	"reference":     {"Reference registry", "Registri rujukan"},
	"generated":     {"Generated", "Dibuat"},
	"tool":          {"Tool", "Perangkat"},
	"contents_note": {"All figures below are computed by telusur from the two datasets named above.", "Semua angka di bawah dihitung oleh telusur dari kedua set data di atas."},

	"verdict":              {"Verdict", "Kesimpulan"},
	"score":                {"Score", "Skor"},
	"score_scale":          {"0 = unrelated to the reference, 1 = certainly the reference's data", "0 = tidak berkaitan dengan rujukan, 1 = pasti data rujukan"},
	"reasons":              {"Reasons", "Alasan"},
	"reasons_other_lang":   {"The reasons below were written by the verification step in Indonesian.", "Alasan di bawah ditulis oleh tahap verifikasi dalam bahasa Inggris."},
	"no_reasons":           {"No reasons were recorded.", "Tidak ada alasan yang dicatat."},
	"verdict_consistent":   {"Consistent", "Konsisten"},
	"verdict_partial":      {"Partially consistent", "Sebagian konsisten"},
	"verdict_inconsistent": {"Inconsistent", "Tidak konsisten"},
	"verdict_fabricated":   {"Likely fabricated", "Kemungkinan besar palsu/fabrikasi"},
	"verdict_unknown":      {"No verdict", "Tanpa kesimpulan"},
	"verdict_consistent_desc": {
		"The leaked rows are found in the reference registry and agree with it field by field.",
		"Baris data bocoran ditemukan dalam registri rujukan dan sesuai dengannya kolom demi kolom."},
	"verdict_partial_desc": {
		"A substantial part of the leaked rows is found in the reference registry, but not enough, or not in enough agreement, to call the leak consistent.",
		"Sebagian besar baris data bocoran ditemukan dalam registri rujukan, tetapi belum cukup banyak atau belum cukup sesuai untuk dinyatakan konsisten."},
	"verdict_inconsistent_desc": {
		"Few of the leaked rows are found in the reference registry; the leak is not shown to come from it.",
		"Hanya sedikit baris data bocoran yang ditemukan dalam registri rujukan; tidak terbukti bahwa data berasal dari registri tersebut."},
	"verdict_fabricated_desc": {
		"The leaked rows are not found in the reference registry and the data itself does not look like a real voter list.",
		"Baris data bocoran tidak ditemukan dalam registri rujukan dan datanya sendiri tidak menyerupai daftar pemilih yang sebenarnya."},

	"key_figures":      {"Key figures", "Angka utama"},
	"rows_read":        {"Rows read", "Baris dibaca"},
	"rows_accepted":    {"Rows accepted", "Baris diterima"},
	"rows_rejected":    {"Rows rejected", "Baris ditolak"},
	"of_leak":          {"leak", "data bocoran"},
	"reference_rows":   {"Reference rows", "Baris rujukan"},
	"matched_rows":     {"Matched rows", "Baris cocok"},
	"match_rate":       {"Match rate", "Tingkat kecocokan"},
	"ci95":             {"95% confidence interval", "selang kepercayaan 95%"},
	"linkage_method":   {"Linkage method", "Metode pencocokan"},
	"ref_rows_matched": {"Distinct reference rows matched", "Baris rujukan berbeda yang cocok"},
	"pairs_compared":   {"Candidate pairs compared", "Pasangan kandidat yang dibandingkan"},
	"unplaced_rows":    {"Leak rows without a known region", "Baris bocoran tanpa wilayah yang dikenali"},
	"of_accepted":      {"of accepted leak rows", "dari baris bocoran yang diterima"},

	"match_chart":      {"Match with the reference", "Kecocokan dengan rujukan"},
	"match_chart_note": {"Each accepted leak row either matched a reference row (by the first pass that found it) or matched none.", "Setiap baris bocoran yang diterima cocok dengan satu baris rujukan (menurut tahap pertama yang menemukannya) atau tidak cocok sama sekali."},
	"matched":          {"matched", "cocok"},
	"unmatched":        {"Not matched", "Tidak cocok"},
	"pass_other":       {"Matched, pass not recorded", "Cocok, tahap tidak tercatat"},
	"passes_run":       {"Passes run", "Tahap yang dijalankan"},

	"field_agreement":      {"Field agreement", "Kesesuaian per kolom"},
	"field_agreement_note": {"Of the matched rows that carry a field on both sides, the share whose values are equal after normalisation (exact) and equal or close (close: names nearly the same, dates with day and month swapped or one digit off, RT/RW and TPS ±1).", "Dari baris cocok yang memiliki kolom tersebut di kedua sisi, porsi yang nilainya sama setelah normalisasi (identik) dan sama atau mirip (mirip: nama hampir sama, tanggal dengan hari dan bulan tertukar atau selisih satu digit, RT/RW dan TPS ±1)."},
	"exact":                {"exact", "identik"},
	"close":                {"exact or close", "identik atau mirip"},
	"compared":             {"compared", "dibandingkan"},
	"no_fields":            {"No fields were compared.", "Tidak ada kolom yang dibandingkan."},

	"authenticity":      {"Authenticity checks", "Pemeriksaan keaslian"},
	"authenticity_note": {"These checks look at the leak alone, without the reference: whether it looks like a real voter list.", "Pemeriksaan ini hanya melihat data bocoran, tanpa rujukan: apakah data tersebut menyerupai daftar pemilih yang sebenarnya."},
	"auth_score":        {"Authenticity score", "Skor keaslian"},
	"rows_examined":     {"Rows examined", "Baris diperiksa"},
	"nik_rows":          {"Rows with a complete NIK", "Baris dengan NIK lengkap"},
	"nik_masked_rows":   {"Rows with a masked NIK", "Baris dengan NIK tersamar"},
	"under_age":         {"Younger than 17", "Berusia di bawah 17 tahun"},
	"male_share":        {"Men among rows with sex", "Laki-laki di antara baris berjenis kelamin"},
	"check":             {"Check", "Pemeriksaan"},
	"value":             {"Value", "Nilai"},
	"expected":          {"Expected in a real list", "Nilai wajar pada data asli"},
	"status":            {"Status", "Status"},
	"no_checks":         {"No checks were run.", "Tidak ada pemeriksaan yang dijalankan."},
	"age_chart":         {"Age distribution", "Sebaran kelompok umur"},
	"age_leak":          {"Leak", "Data bocoran"},
	"age_expected":      {"Expected (real voter list)", "Acuan (daftar pemilih sebenarnya)"},
	"age_axis":          {"Age group (year of birth)", "Kelompok umur (tahun lahir)"},
	"age_rows":          {"rows with a birth date or age", "baris dengan tanggal lahir atau usia"},
	"nik_findings":      {"NIK findings", "Temuan pada NIK"},
	"finding":           {"Finding", "Temuan"},
	"severity":          {"Severity", "Tingkat"},
	"rows":              {"Rows", "Baris"},
	"share_of_nik_rows": {"Share of NIK rows", "Porsi baris ber-NIK"},
	"no_findings":       {"No NIK findings.", "Tidak ada temuan pada NIK."},
	"status_ok":         {"OK", "Baik"},
	"status_warn":       {"Warning", "Perlu perhatian"},
	"status_fail":       {"Fail", "Gagal"},
	"status_na":         {"n/a", "t/a"},
	"severity_error":    {"error", "kesalahan"},
	"severity_warning":  {"warning", "peringatan"},
	"severity_info":     {"info", "info"},

	"schema":         {"Schema comparison", "Perbandingan struktur kolom"},
	"schema_note":    {"The leak's columns compared with the column sets of known official exports.", "Kolom data bocoran dibandingkan dengan susunan kolom ekspor resmi yang dikenal."},
	"schema_format":  {"Closest known format", "Format terdekat yang dikenal"},
	"schema_none":    {"none close", "tidak ada yang mirip"},
	"schema_score":   {"Similarity (Jaccard)", "Kemiripan (Jaccard)"},
	"schema_matched": {"Columns found in the format", "Kolom yang ada dalam format"},
	"schema_missing": {"Format columns the leak lacks", "Kolom format yang tidak ada pada data bocoran"},
	"schema_extra":   {"Leak columns the format lacks", "Kolom data bocoran yang tidak ada dalam format"},
	"schema_notes":   {"Notes", "Catatan"},
	"none":           {"none", "tidak ada"},

	"coverage":          {"Region coverage", "Cakupan wilayah"},
	"coverage_note":     {"Leak rows are placed by their region columns, else by the region digits of their NIK. Match rate: matched rows of the region's leak rows. Reference covered: matched rows of the region's reference rows.", "Baris bocoran ditempatkan menurut kolom wilayahnya, atau bila tidak ada, menurut digit wilayah NIK-nya. Tingkat kecocokan: baris cocok dibagi baris bocoran wilayah itu. Porsi rujukan tercakup: baris cocok dibagi baris rujukan wilayah itu."},
	"provinces":         {"Provinces", "Provinsi"},
	"province":          {"Province", "Provinsi"},
	"regency":           {"Regency / city", "Kabupaten/kota"},
	"top_regencies":     {"Top 20 regencies and cities by leak rows", "20 kabupaten/kota teratas menurut jumlah baris bocoran"},
	"leak_rows":         {"Leak rows", "Baris bocoran"},
	"matched_col":       {"Matched", "Cocok"},
	"reference_covered": {"Reference covered", "Porsi rujukan tercakup"},
	"total":             {"Total", "Jumlah"},
	"no_regions":        {"No region could be determined for the leak rows.", "Wilayah baris bocoran tidak dapat ditentukan."},
	"unplaced_note":     {"Leak rows without a known region, not in the table:", "Baris bocoran tanpa wilayah yang dikenali, tidak termasuk dalam tabel:"},

	"samples":           {"Sample rows (masked)", "Contoh baris (disamarkan)"},
	"samples_note":      {"A few leak rows as evidence, masked by the verification step: NIK with only the first four and last two digits visible, names as initials, birth dates as the year.", "Beberapa baris bocoran sebagai bukti, disamarkan oleh tahap verifikasi: NIK hanya memperlihatkan empat digit pertama dan dua digit terakhir, nama sebagai inisial, tanggal lahir sebagai tahun."},
	"samples_matched":   {"Matched rows", "Baris yang cocok"},
	"samples_unmatched": {"Rows not matched", "Baris yang tidak cocok"},
	"row":               {"Row", "Baris"},
	"pass":              {"Pass", "Tahap"},
	"nik":               {"NIK", "NIK"},
	"name":              {"Name", "Nama"},
	"birth_year":        {"Birth year", "Tahun lahir"},
	"sex":               {"Sex", "Jenis kelamin"},
	"region":            {"Region", "Wilayah"},
	"fields":            {"Fields against the reference", "Kolom dibandingkan dengan rujukan"},
	"field_equal":       {"equal", "sama"},
	"evidence":          {"Evidence (bits)", "Bukti (bit)"},
	"waterfall_title":   {"The pair's score, field by field", "Skor pasangan, kolom demi kolom"},
	"waterfall_total":   {"score", "skor"},
	"waterfall_accept":  {"accept at", "diterima pada"},
	"samples_candidate": {"best candidate, rejected", "kandidat terbaik, ditolak"},
	"field_close":       {"close", "mirip"},
	"field_differs":     {"differs", "berbeda"},
	"no_samples":        {"No rows of this kind.", "Tidak ada baris jenis ini."},

	"columns":      {"Columns of the leak", "Kolom data bocoran"},
	"columns_note": {"Each column with the role detected from its header and values.", "Setiap kolom beserta peran yang dikenali dari judul dan isinya."},
	"column":       {"Column", "Kolom"},
	"role":         {"Role", "Peran"},
	"confidence":   {"Confidence", "Keyakinan"},
	"table":        {"Table", "Tabel"},
	"no_columns":   {"No columns recorded.", "Tidak ada kolom yang tercatat."},

	"rejects":    {"Rejected rows by reason", "Baris ditolak menurut alasan"},
	"reason":     {"Reason", "Alasan"},
	"share_read": {"Share of rows read", "Porsi dari baris dibaca"},
	"no_rejects": {"No rows were rejected.", "Tidak ada baris yang ditolak."},

	"parameters":        {"Parameters", "Parameter"},
	"param_consistent":  {"Match rate from which the leak is consistent", "Tingkat kecocokan minimum untuk konsisten"},
	"param_partial":     {"Match rate from which it is partially consistent", "Tingkat kecocokan minimum untuk sebagian konsisten"},
	"param_agreement":   {"Field agreement matched rows need for consistent", "Kesesuaian kolom minimum baris cocok untuk konsisten"},
	"param_fabrication": {"Authenticity score below which a non-matching leak is fabricated", "Skor keaslian di bawah mana data yang tidak cocok dinilai fabrikasi"},
	"param_ref_date":    {"Reference date", "Tanggal acuan"},
	"param_samples":     {"Sample rows shown", "Jumlah contoh baris"},
	"param_fab_checks":  {"Checks any of which, failed, makes a non-matching leak fabricated", "Pemeriksaan yang bila salah satunya gagal membuat data yang tidak cocok dinilai fabrikasi"},
	"inputs":            {"Input files", "Berkas masukan"},
	"dataset":           {"Dataset", "Set data"},
	"path":              {"Path", "Lokasi berkas"},
	"size":              {"Size", "Ukuran"},
	"sha256":            {"SHA-256", "SHA-256"},
	"no_inputs":         {"No input files recorded.", "Tidak ada berkas masukan yang tercatat."},

	"privacy_note": {"This report contains no unmasked personal data: NIKs are shown masked, names as initials and birth dates as the year only.", "Laporan ini tidak memuat data pribadi yang tidak disamarkan: NIK ditampilkan tersamar, nama hanya sebagai inisial, dan tanggal lahir hanya sebagai tahun."},
	"attribution":  {"Region names", "Nama wilayah"},
	"yes":          {"yes", "ya"},
	"no":           {"no", "tidak"},
}

// verdictKey returns the message key stem and CSS class of a verdict label.
func verdictKey(label string) (key, class string) {
	switch label {
	case verify.Consistent:
		return "verdict_consistent", "consistent"
	case verify.PartiallyConsistent:
		return "verdict_partial", "partial"
	case verify.Inconsistent:
		return "verdict_inconsistent", "inconsistent"
	case verify.LikelyFabricated:
		return "verdict_fabricated", "fabricated"
	}
	return "verdict_unknown", "unknown"
}

// checkLabels name the authenticity checks by their stable id (see
// internal/authenticity, check.go), with a few aliases.
var checkLabels = map[string]text{
	"nik_valid":        {"NIKs well formed (known province, possible date, non-zero serial)", "NIK berstruktur benar (provinsi dikenal, tanggal mungkin, nomor urut bukan nol)"},
	"nik_region_known": {"NIK regency and district codes that exist", "Kode kabupaten/kota dan kecamatan NIK yang terdaftar"},
	"nik_duplicates":   {"Rows whose NIK repeats on another row", "Baris dengan NIK yang muncul juga di baris lain"},
	"nik_patterns":     {"NIKs with long runs of one digit or sequences", "NIK berisi deretan digit yang sama atau berurutan"},
	"nik_dob":          {"NIK encodes the row's birth date", "NIK memuat tanggal lahir baris tersebut"},
	"nik_sex":          {"NIK encodes the row's sex (day + 40 for women)", "NIK memuat jenis kelamin baris tersebut (tanggal + 40 untuk perempuan)"},
	"nik_region":       {"NIK region agrees with the row's region", "Wilayah NIK sesuai dengan wilayah baris"},
	"age_distribution": {"Distance of the ages from the 2024 list's generations", "Selisih sebaran umur terhadap generasi pada DPT 2024"},
	"under_age":        {"Unmarried people under 17, who cannot be voters", "Belum kawin dan berusia di bawah 17 tahun, yang tidak dapat menjadi pemilih"},
	"sex_ratio":        {"Share of men", "Porsi laki-laki"},
	"region_known":     {"NIK regency and district codes that exist", "Kode kabupaten/kota dan kecamatan NIK yang terdaftar"},
	"duplicate_nik":    {"Rows whose NIK repeats on another row", "Baris dengan NIK yang muncul juga di baris lain"},
	"pattern_nik":      {"NIKs with long runs of one digit or sequences", "NIK berisi deretan digit yang sama atau berurutan"},
}

// bandLabels name the age bands of authenticity.Result.AgeBands (the
// generations of the 2024 list); other labels are shown as they are.
var bandLabels = map[string]text{
	"gen-z":      {"Gen Z (1997+)", "Gen Z (1997+)"},
	"millennial": {"Millennials (1981–96)", "Milenial (1981–96)"},
	"gen-x":      {"Gen X (1965–80)", "Gen X (1965–80)"},
	"boomer":     {"Boomers (1946–64)", "Baby boomer (1946–64)"},
	"pre-boomer": {"Before 1946", "Sebelum 1946"},
}

// expectedWords translate the words that authenticity puts beside a
// numeric bound in Check.Expected.
var expectedWords = map[string]string{"distance": "jarak", "men": "laki-laki", "women": "perempuan"}

// findingLabels name the NIK finding codes of internal/nik.
var findingLabels = map[string]text{
	"bad_length":        {"Wrong number of characters", "Jumlah karakter salah"},
	"not_digits":        {"Characters other than digits", "Memuat karakter selain angka"},
	"masked":            {"Some digits masked", "Sebagian digit disamarkan"},
	"repeated_digits":   {"Long run of one repeated digit", "Deretan digit yang sama"},
	"sequential_digits": {"Long run of sequential digits", "Deretan digit berurutan"},
	"unknown_province":  {"Unknown province code", "Kode provinsi tidak dikenal"},
	"unknown_regency":   {"Unknown regency code", "Kode kabupaten/kota tidak dikenal"},
	"unknown_district":  {"Unknown district code", "Kode kecamatan tidak dikenal"},
	"impossible_date":   {"Impossible birth date", "Tanggal lahir mustahil"},
	"too_young":         {"Too young to vote", "Terlalu muda untuk memilih"},
	"too_old":           {"Implausibly old", "Usia tidak wajar (terlalu tua)"},
	"future_date":       {"Birth date in the future", "Tanggal lahir di masa depan"},
	"issued_too_early":  {"Born before NIKs were issued in the region", "Lahir sebelum NIK diterbitkan di wilayah itu"},
	"serial_zero":       {"Serial number 0000", "Nomor urut 0000"},
}

// passLabels name the linkage passes (link.Result.MatchedBy keys).
var passLabels = map[string]text{
	"exact_nik":      {"Same NIK", "NIK sama"},
	"exact_nkk_name": {"Same family card (NKK) and name", "NKK dan nama sama"},
	"exact_passport": {"Same passport number", "Nomor paspor sama"},
	"nik_typo":       {"NIK one digit off, name and birth date equal", "NIK beda satu angka, nama dan tgl. lahir sama"},
	"masked_nik":     {"Masked NIK with name and birth date", "NIK tersamar dengan nama dan tanggal lahir"},
	"name_dob":       {"Name and birth date", "Nama dan tanggal lahir"},
	"name_age":       {"Name, age and address", "Nama, usia, dan alamat"},
}

// passOrder is the order in which the passes run.
var passOrder = []string{"exact_nik", "exact_nkk_name", "exact_passport", "nik_typo", "masked_nik", "name_dob", "name_age"}

// methodLabels name link.Result.Method.
var methodLabels = map[string]text{
	"exact":               {"Exact identifiers (NIK, NKK with name, passport)", "Identitas persis (NIK, NKK dengan nama, paspor)"},
	"exact+nik-typo":      {"Exact identifiers, then NIKs with one mistyped digit", "Identitas persis, lalu NIK dengan satu digit salah ketik"},
	"exact+probabilistic": {"Exact identifiers, then probabilistic matching on other fields", "Identitas persis, lalu pencocokan probabilistik pada kolom lain"},
	"probabilistic":       {"Probabilistic matching on names, dates and places", "Pencocokan probabilistik pada nama, tanggal, dan tempat"},
}

// roleLabels name the column roles of internal/dpt.
var roleLabels = map[string]text{
	"nik":            {"NIK", "NIK"},
	"nkk":            {"Family card number (NKK)", "Nomor KK (NKK)"},
	"passport":       {"Passport number", "Nomor paspor"},
	"name":           {"Name", "Nama"},
	"birth_place":    {"Place of birth", "Tempat lahir"},
	"birth_date":     {"Date of birth", "Tanggal lahir"},
	"age":            {"Age", "Usia"},
	"sex":            {"Sex", "Jenis kelamin"},
	"marital_status": {"Marital status", "Status perkawinan"},
	"address":        {"Address", "Alamat"},
	"rt":             {"RT", "RT"},
	"rw":             {"RW", "RW"},
	"village":        {"Village", "Desa/kelurahan"},
	"district":       {"District", "Kecamatan"},
	"regency":        {"Regency / city", "Kabupaten/kota"},
	"province":       {"Province", "Provinsi"},
	"region_code":    {"Region code", "Kode wilayah"},
	"tps":            {"Polling station (TPS)", "TPS"},
	"disability":     {"Disability", "Disabilitas"},
	"ektp":           {"e-KTP status", "Status e-KTP"},
	"remarks":        {"Remarks", "Keterangan"},
	"other":          {"Other", "Lainnya"},
}

// rejectLabels name the reasons for which ingest rejects a row (the part
// of the problem before its first colon).
var rejectLabels = map[string]text{
	"empty row":       {"Empty row", "Baris kosong"},
	"repeated header": {"Header repeated inside the data", "Judul kolom berulang di tengah data"},
	"ragged":          {"Number of fields differs from the header", "Jumlah kolom tidak sama dengan judul"},
	"unexpected key":  {"Unexpected key in a JSON record", "Kunci tak terduga pada rekaman JSON"},
	"duplicate key":   {"Duplicate key in a JSON record", "Kunci ganda pada rekaman JSON"},
	"malformed value": {"Malformed value in an SQL dump", "Nilai rusak pada dump SQL"},
}

// label returns the text of key in m for lang, or fallback(key) when m
// does not know key.
func label(m map[string]text, key, lang string) string {
	if x, ok := m[key]; ok {
		return x.in(lang)
	}
	return humanize(key)
}

// humanize turns an unknown stable id into something readable:
// "nik_foo-bar" gives "Nik foo bar".
func humanize(id string) string {
	s := strings.NewReplacer("_", " ", "-", " ").Replace(strings.TrimSpace(id))
	if s == "" {
		return "–"
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
