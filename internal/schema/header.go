package schema

import "github.com/telusur/telusur/internal/dpt"

// headerKey folds a header to the form the dictionary is keyed on: ASCII
// letters and digits only, upper case ("No. KTP", "no_ktp" and "NOKTP" are
// one header). A byte-order mark or quotes around the header vanish too.
func headerKey(h string) string {
	b := make([]byte, 0, len(h))
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c >= 'a' && c <= 'z':
			b = append(b, c-('a'-'A'))
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}

// headerWord is a dictionary entry: the role a header names and how sure
// the name alone makes us.
type headerWord struct {
	role dpt.Role
	conf float64
}

// Header confidences: an exact dictionary word, a word found after
// removing a common prefix or suffix ("NAMA_KEL", "NIK_PEMILIH"), and the
// coarser region-code headers (a file may hold several code columns, and
// all of them are region_code; ingest takes the finest code of each row).
const (
	confExact = 0.8
	confFuzzy = 0.7
)

// headerDict maps folded headers to roles. Sources: KPU's own exports,
// Dukcapil field names, hand-made spreadsheets, resellers' English dumps.
var headerDict = func() map[string]headerWord {
	m := map[string]headerWord{}
	add := func(r dpt.Role, conf float64, names ...string) {
		for _, n := range names {
			m[headerKey(n)] = headerWord{r, conf}
		}
	}
	add(dpt.RoleNIK, confExact, "NIK", "NO_KTP", "NOMOR_KTP", "NO_NIK", "NOMOR_NIK", "KTP", "NIK_KTP", "ID_NUMBER",
		"NATIONAL_ID", "NOMOR_INDUK_KEPENDUDUKAN", "NO_INDUK_KEPENDUDUKAN", "NIK_PEMILIH", "ID_CARD", "IDENTITY_NUMBER")
	add(dpt.RoleNKK, confExact, "NKK", "NO_KK", "NOMOR_KK", "KK", "FAMILY_CARD", "FAMILY_CARD_NUMBER", "NO_KARTU_KELUARGA",
		"NOMOR_KARTU_KELUARGA", "KARTU_KELUARGA", "NKK_PEMILIH", "FAMILY_ID", "KK_NUMBER")
	add(dpt.RoleName, confExact, "NAMA", "NAMA_LENGKAP", "NM", "NAME", "FULL_NAME", "FULLNAME", "NAMA_PEMILIH", "NAMA_PENDUDUK",
		"NM_LENGKAP", "NAMA_KTP", "VOTER_NAME", "PERSON_NAME", "NM_PEMILIH")
	add(dpt.RoleBirthPlace, confExact, "TEMPAT_LAHIR", "TMP_LAHIR", "TPT_LAHIR", "TMPT_LAHIR", "TEMPAT_LHR", "TMP_LHR",
		"BIRTH_PLACE", "BIRTHPLACE", "PLACE_OF_BIRTH", "POB", "TEMPAT")
	add(dpt.RoleBirthDate, confExact, "TGL_LAHIR", "TANGGAL_LAHIR", "TGL_LHR", "TANGGAL_LHR", "TTL", "TEMPAT_TANGGAL_LAHIR",
		"TEMPAT_TGL_LAHIR", "TMP_TGL_LAHIR", "BIRTH_DATE", "BIRTHDATE", "DOB", "DATE_OF_BIRTH", "BIRTHDAY")
	add(dpt.RoleBirthDate, 0.6, "TANGGAL", "TGL")
	add(dpt.RoleAge, confExact, "USIA", "UMUR", "AGE", "USIA_TAHUN", "UMUR_THN")
	add(dpt.RoleSex, confExact, "JK", "JENIS_KELAMIN", "KELAMIN", "L/P", "SEX", "GENDER", "JNS_KELAMIN", "J_KEL", "JKEL", "JNS_KEL")
	add(dpt.RoleMaritalStatus, confExact, "STATUS_KAWIN", "STS_KAWIN", "STATUS_PERKAWINAN", "KAWIN", "MARITAL_STATUS",
		"MARITAL", "PERKAWINAN", "STS_KWN", "STATUS_NIKAH", "STATUS_PERNIKAHAN", "STAT_KAWIN", "STATUS_KWN")
	add(dpt.RoleAddress, confExact, "ALAMAT", "ALAMAT_LENGKAP", "JALAN", "DUKUH", "DUSUN", "ADDRESS", "STREET", "ALAMAT_RUMAH",
		"JLN", "ALAMAT_PEMILIH", "FULL_ADDRESS", "ADDRESS_LINE")
	add(dpt.RoleRT, confExact, "RT", "RT_RW", "NO_RT", "NOMOR_RT")
	add(dpt.RoleRW, confExact, "RW", "NO_RW", "NOMOR_RW")
	add(dpt.RoleVillage, confExact, "KELURAHAN", "DESA", "KEL", "DESA_KEL", "KELURAHAN_DESA", "DESA_KELURAHAN", "KEL_DESA",
		"VILLAGE", "NAMA_KEL", "NAMA_DESA", "NAMA_KELURAHAN", "NM_KEL", "KELDES", "DESAKEL", "GAMPONG", "NAGARI", "SUBDISTRICT_VILLAGE")
	add(dpt.RoleDistrict, confExact, "KECAMATAN", "KEC", "DISTRICT", "SUBDISTRICT", "NAMA_KEC", "NAMA_KECAMATAN", "NM_KEC", "DISTRIK")
	add(dpt.RoleRegency, confExact, "KABUPATEN", "KOTA", "KAB_KOTA", "KABUPATEN_KOTA", "KOTA_KABUPATEN", "REGENCY", "CITY",
		"KAB", "KABKOT", "KOTA_KAB", "NAMA_KAB", "NAMA_KABUPATEN", "NM_KAB", "REGENCY_CITY")
	add(dpt.RoleProvince, confExact, "PROVINSI", "PROV", "PROVINCE", "PROPINSI", "NAMA_PROV", "NAMA_PROVINSI", "NM_PROV")
	add(dpt.RoleRegionCode, confExact, "KODE_KEL", "KODE_WILAYAH", "KODE_DESA", "KD_KEL", "REGION_CODE", "KODE_KELURAHAN",
		"KD_DESA", "KODE_WIL", "KD_WIL", "VILLAGE_CODE", "KODE_DESA_KEL", "KODE_KEL_DESA", "AREA_CODE")
	add(dpt.RoleRegionCode, 0.7, "KODE_KEC", "KD_KEC", "KODE_KECAMATAN", "DISTRICT_CODE")
	add(dpt.RoleRegionCode, 0.65, "KODE_KAB", "KD_KAB", "KODE_KABUPATEN", "KODE_KAB_KOTA", "REGENCY_CODE", "CITY_CODE")
	add(dpt.RoleRegionCode, 0.6, "KODE_PROV", "KD_PROV", "KODE_PROVINSI", "PROVINCE_CODE")
	// Known columns that hold none of the roles: identifiers of a
	// database and the post abroad of an overseas voter (DPTLN).
	add(dpt.RoleOther, confExact, "PERSON_ID", "OVERSEAS_POST", "OVERSEAS_COUNTRY", "PPLN", "NEGARA", "COUNTRY")
	add(dpt.RoleTPS, confExact, "TPS", "NO_TPS", "NOMOR_TPS", "POLLING_STATION", "POLLING_STATION_NUMBER", "TPS_NO")
	add(dpt.RoleDisability, confExact, "DISABILITAS", "DIFABEL", "DISABILITY", "JENIS_DISABILITAS", "DISABLED", "PENYANDANG_DISABILITAS",
		"KET_DISABILITAS", "JNS_DISABILITAS", "CACAT")
	add(dpt.RoleEKTP, confExact, "KTP_EL", "EKTP", "E_KTP", "KTPEL", "STATUS_KTP_EL", "STATUS_EKTP", "REKAM_KTP_EL", "KTP_ELEKTRONIK",
		"PEREKAMAN_KTP_EL", "REKAM_EKTP")
	add(dpt.RoleRemarks, confExact, "KETERANGAN", "KET", "REMARKS", "REMARK", "NOTES", "NOTE", "CATATAN", "KETERANGAN_PEMILIH")
	add(dpt.RolePassport, confExact, "PASPOR", "NO_PASPOR", "NOMOR_PASPOR", "PASSPORT", "PASSPORT_NO", "PASSPORT_NUMBER")
	return m
}()

// headerRole returns the role a header names, with the header's own
// confidence, or "" when the header is unknown.
func headerRole(h string) (dpt.Role, float64) {
	k := headerKey(h)
	if k == "" {
		return "", 0
	}
	if w, ok := headerDict[k]; ok {
		return w.role, w.conf
	}
	// Common decorations: a prefix naming the kind of field, a suffix
	// naming whose it is.
	for _, p := range []string{"NOMOR", "NO", "NAMA", "NM", "DATA"} {
		if len(k) > len(p)+1 && k[:len(p)] == p {
			if w, ok := headerDict[k[len(p):]]; ok && w.role != dpt.RoleRegionCode {
				return w.role, confFuzzy
			}
		}
	}
	for _, s := range []string{"PEMILIH", "PENDUDUK", "ANGGOTA", "WARGA", "VOTER"} {
		if len(k) > len(s)+1 && k[len(k)-len(s):] == s {
			if w, ok := headerDict[k[:len(k)-len(s)]]; ok {
				return w.role, confFuzzy
			}
		}
	}
	return "", 0
}
