package synth

import (
	"strconv"
	"strings"
	"time"

	"github.com/telusur/telusur/internal/dpt"
)

// leakRow is one row on its way into a leak: the registry record (possibly
// altered) and the text forms a layout writes.
type leakRow struct {
	rec   dpt.Record
	dob   string // birth date as written
	sex   string // sex as written
	age   int    // age on the snapshot date
	file  string // registry part the row came from
	truth dpt.Record
	real  bool
	tags  []string
}

// column is one column of an export layout: its header and the role it
// has (the ground truth for column-role detection).
type column struct {
	header string
	role   string
	value  func(*leakRow) string
}

// layout is the column set of one kind of export: whose export a file
// looks like is part of its provenance.
type layout struct {
	name    string
	columns []column
	dates   string // date style
}

func (l layout) headers() []string {
	h := make([]string, len(l.columns))
	for i, c := range l.columns {
		h[i] = c.header
	}
	return h
}

func (l layout) values(dst []string, lr *leakRow) []string {
	for _, c := range l.columns {
		dst = append(dst, c.value(lr))
	}
	return dst
}

func num3(n int32) string {
	if n == 0 {
		return ""
	}
	return dpt.Pad(int(n), 3)
}

func itoa(n int32) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(int(n))
}

func overseasOr(lr *leakRow, home, abroad string) string {
	if lr.rec.Overseas() {
		return abroad
	}
	return home
}

// kpuLayout imitates the commission's own list export: upper-case Indonesian
// headers, dates as dd|mm|yyyy, region codes and names, overseas voters
// under LUAR NEGERI with their post.
var kpuLayout = layout{name: "kpu-sidalih", dates: "pipe", columns: []column{
	{"NKK", "nkk", func(r *leakRow) string { return r.rec.NKK }},
	{"NIK", "nik", func(r *leakRow) string { return r.rec.NIK }},
	{"NAMA", "name", func(r *leakRow) string { return r.rec.Name }},
	{"TEMPAT LAHIR", "birth_place", func(r *leakRow) string { return r.rec.BirthPlace }},
	{"TANGGAL LAHIR", "birth_date", func(r *leakRow) string { return r.dob }},
	{"STS KAWIN", "marital_status", func(r *leakRow) string { return r.rec.MaritalStatus }},
	{"JENIS KELAMIN", "sex", func(r *leakRow) string { return r.sex }},
	{"ALAMAT", "address", func(r *leakRow) string { return r.rec.Address }},
	{"RT", "rt", func(r *leakRow) string { return num3(r.rec.RT) }},
	{"RW", "rw", func(r *leakRow) string { return num3(r.rec.RW) }},
	{"DISABILITAS", "disability", func(r *leakRow) string { return strconv.Itoa(int(r.rec.Disability)) }},
	{"KTP-EL", "ektp", func(r *leakRow) string { return r.rec.EKTP }},
	{"KETERANGAN", "remarks", func(r *leakRow) string { return r.rec.Remarks }},
	{"TPS", "tps", func(r *leakRow) string { return itoa(r.rec.TPS) }},
	{"KODE KEL", "region_code", func(r *leakRow) string { return r.rec.VillageCode }},
	{"KELURAHAN", "village", func(r *leakRow) string { return overseasOr(r, r.rec.Village, r.rec.OverseasPost) }},
	{"KECAMATAN", "district", func(r *leakRow) string { return overseasOr(r, r.rec.District, r.rec.OverseasPost) }},
	{"KABUPATEN", "regency", func(r *leakRow) string { return overseasOr(r, r.rec.Regency, r.rec.OverseasCountry) }},
	{"PROVINSI", "province", func(r *leakRow) string { return overseasOr(r, r.rec.Province, "LUAR NEGERI") }},
	{"NO PASPOR", "passport", func(r *leakRow) string { return r.rec.Passport }},
}}

// retypeLayout is a hand-kept spreadsheet, the kind re-typed from printed
// lists: lower-case abbreviated headers, a "difabel" column where KPU says
// "disabilitas", an "usia" column no official export has.
var retypeLayout = layout{name: "retyped", dates: "mixed", columns: []column{
	{"no_kk", "nkk", func(r *leakRow) string { return r.rec.NKK }},
	{"no_ktp", "nik", func(r *leakRow) string { return r.rec.NIK }},
	{"nama_lengkap", "name", func(r *leakRow) string { return r.rec.Name }},
	{"tmp_lahir", "birth_place", func(r *leakRow) string { return r.rec.BirthPlace }},
	{"tgl_lahir", "birth_date", func(r *leakRow) string { return r.dob }},
	{"usia", "age", func(r *leakRow) string { return strconv.Itoa(r.age) }},
	{"jk", "sex", func(r *leakRow) string { return r.sex }},
	{"status_kawin", "marital_status", func(r *leakRow) string { return r.rec.MaritalStatus }},
	{"alamat", "address", func(r *leakRow) string { return r.rec.Address }},
	{"rt", "rt", func(r *leakRow) string { return itoa(r.rec.RT) }},
	{"rw", "rw", func(r *leakRow) string { return itoa(r.rec.RW) }},
	{"desa_kel", "village", func(r *leakRow) string { return r.rec.Village }},
	{"kecamatan", "district", func(r *leakRow) string { return r.rec.District }},
	{"kab_kota", "regency", func(r *leakRow) string { return r.rec.Regency }},
	{"provinsi", "province", func(r *leakRow) string { return r.rec.Province }},
	{"tps", "tps", func(r *leakRow) string { return itoa(r.rec.TPS) }},
	{"difabel", "disability", func(r *leakRow) string {
		if r.rec.Disability == 0 {
			return ""
		}
		return strings.ToUpper(dpt.Disabilities[r.rec.Disability])
	}},
}}

// sellerLayout is a reseller's database dump with English column names,
// identifiers partly masked in the sample shown to buyers.
var sellerLayout = layout{name: "seller-db", dates: "iso", columns: []column{
	{"id", "other", func(r *leakRow) string { return "" }}, // filled with the row number
	{"nik", "nik", func(r *leakRow) string { return r.rec.NIK }},
	{"kk", "nkk", func(r *leakRow) string { return r.rec.NKK }},
	{"full_name", "name", func(r *leakRow) string { return r.rec.Name }},
	{"birth_place", "birth_place", func(r *leakRow) string { return r.rec.BirthPlace }},
	{"birth_date", "birth_date", func(r *leakRow) string { return r.dob }},
	{"gender", "sex", func(r *leakRow) string { return r.sex }},
	{"address", "address", func(r *leakRow) string { return r.rec.Address }},
	{"rt", "rt", func(r *leakRow) string { return num3(r.rec.RT) }},
	{"rw", "rw", func(r *leakRow) string { return num3(r.rec.RW) }},
	{"village", "village", func(r *leakRow) string { return r.rec.Village }},
	{"district", "district", func(r *leakRow) string { return r.rec.District }},
	{"city", "regency", func(r *leakRow) string { return r.rec.Regency }},
	{"province", "province", func(r *leakRow) string { return r.rec.Province }},
	{"tps", "tps", func(r *leakRow) string { return itoa(r.rec.TPS) }},
}}

// recipientLayout is the 7-field copy of the list handed to parties and
// oversight bodies: no NIK, no birth date, age instead.
var recipientLayout = layout{name: "recipient-copy", dates: "", columns: []column{
	{"NAMA", "name", func(r *leakRow) string { return r.rec.Name }},
	{"JENIS KELAMIN", "sex", func(r *leakRow) string { return r.sex }},
	{"USIA", "age", func(r *leakRow) string { return strconv.Itoa(r.age) }},
	{"ALAMAT", "address", func(r *leakRow) string { return r.rec.Address }},
	{"RT", "rt", func(r *leakRow) string { return num3(r.rec.RT) }},
	{"RW", "rw", func(r *leakRow) string { return num3(r.rec.RW) }},
	{"KET", "remarks", func(r *leakRow) string { return r.rec.Remarks }},
}}

var bulan = [...]string{"", "JANUARI", "FEBRUARI", "MARET", "APRIL", "MEI", "JUNI", "JULI", "AGUSTUS", "SEPTEMBER", "OKTOBER", "NOVEMBER", "DESEMBER"}

// DateStyles are the ways a birth date is written in leaks.
var DateStyles = []string{"pipe", "dmy-dash", "dmy-slash", "iso", "dmy-compact", "indonesian", "excel"}

// formatDate writes d in one of DateStyles.
func formatDate(d dpt.Date, style string) string {
	t := d.Time()
	y, m, day := t.Date()
	dd, mm, yyyy := dpt.Pad(day, 2), dpt.Pad(int(m), 2), dpt.Pad(y, 4)
	switch style {
	case "pipe":
		return dd + "|" + mm + "|" + yyyy
	case "dmy-dash":
		return dd + "-" + mm + "-" + yyyy
	case "dmy-slash":
		return dd + "/" + mm + "/" + yyyy
	case "dmy-compact":
		return dd + mm + yyyy
	case "indonesian":
		return strconv.Itoa(day) + " " + bulan[m] + " " + yyyy
	case "excel":
		// Days since 1899-12-30, Excel's serial numbers for dates.
		return strconv.Itoa(int(d) + 25569)
	}
	return t.Format(time.DateOnly)
}
