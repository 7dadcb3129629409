package schema

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/telusur/telusur/internal/dpt"
	"github.com/telusur/telusur/internal/nik"
	"github.com/telusur/telusur/internal/synth/names"
)

func TestHeaderRole(t *testing.T) {
	tests := []struct {
		header string
		want   dpt.Role
	}{
		{"NIK", dpt.RoleNIK}, {"nik", dpt.RoleNIK}, {"No. KTP", dpt.RoleNIK}, {"NO_KTP", dpt.RoleNIK}, {"NOMOR KTP", dpt.RoleNIK},
		{"no_nik", dpt.RoleNIK}, {"KTP", dpt.RoleNIK}, {"id_number", dpt.RoleNIK}, {"National ID", dpt.RoleNIK}, {"NIK Pemilih", dpt.RoleNIK},
		{"NKK", dpt.RoleNKK}, {"No. KK", dpt.RoleNKK}, {"NOMOR_KK", dpt.RoleNKK}, {"kk", dpt.RoleNKK}, {"Family Card", dpt.RoleNKK},
		{"NAMA", dpt.RoleName}, {"Nama Lengkap", dpt.RoleName}, {"NM", dpt.RoleName}, {"name", dpt.RoleName}, {"full_name", dpt.RoleName},
		{"NAMA PEMILIH", dpt.RoleName},
		{"TEMPAT LAHIR", dpt.RoleBirthPlace}, {"tmp_lahir", dpt.RoleBirthPlace}, {"TPT. LAHIR", dpt.RoleBirthPlace},
		{"birth_place", dpt.RoleBirthPlace}, {"POB", dpt.RoleBirthPlace},
		{"TGL LAHIR", dpt.RoleBirthDate}, {"Tanggal Lahir", dpt.RoleBirthDate}, {"TTL", dpt.RoleBirthDate}, {"T.T.L", dpt.RoleBirthDate},
		{"Tempat/Tgl Lahir", dpt.RoleBirthDate}, {"birth_date", dpt.RoleBirthDate}, {"DOB", dpt.RoleBirthDate}, {"Date of Birth", dpt.RoleBirthDate},
		{"JK", dpt.RoleSex}, {"JENIS KELAMIN", dpt.RoleSex}, {"Kelamin", dpt.RoleSex}, {"L/P", dpt.RoleSex}, {"sex", dpt.RoleSex}, {"Gender", dpt.RoleSex},
		{"STATUS KAWIN", dpt.RoleMaritalStatus}, {"STS KAWIN", dpt.RoleMaritalStatus}, {"Status Perkawinan", dpt.RoleMaritalStatus},
		{"KAWIN", dpt.RoleMaritalStatus}, {"marital_status", dpt.RoleMaritalStatus},
		{"ALAMAT", dpt.RoleAddress}, {"Alamat Lengkap", dpt.RoleAddress}, {"JALAN", dpt.RoleAddress}, {"DUKUH", dpt.RoleAddress},
		{"DUSUN", dpt.RoleAddress}, {"address", dpt.RoleAddress}, {"Street", dpt.RoleAddress},
		{"RT", dpt.RoleRT}, {"rt", dpt.RoleRT}, {"RT/RW", dpt.RoleRT}, {"RT_RW", dpt.RoleRT}, {"RW", dpt.RoleRW}, {"rw", dpt.RoleRW},
		{"KELURAHAN", dpt.RoleVillage}, {"DESA", dpt.RoleVillage}, {"KEL", dpt.RoleVillage}, {"desa_kel", dpt.RoleVillage},
		{"Kelurahan/Desa", dpt.RoleVillage}, {"village", dpt.RoleVillage}, {"Nama Kel", dpt.RoleVillage},
		{"KECAMATAN", dpt.RoleDistrict}, {"KEC", dpt.RoleDistrict}, {"District", dpt.RoleDistrict}, {"subdistrict", dpt.RoleDistrict},
		{"KABUPATEN", dpt.RoleRegency}, {"KOTA", dpt.RoleRegency}, {"kab_kota", dpt.RoleRegency}, {"Kabupaten/Kota", dpt.RoleRegency},
		{"regency", dpt.RoleRegency}, {"city", dpt.RoleRegency},
		{"PROVINSI", dpt.RoleProvince}, {"PROV", dpt.RoleProvince}, {"province", dpt.RoleProvince},
		{"KODE KEL", dpt.RoleRegionCode}, {"KODE_WILAYAH", dpt.RoleRegionCode}, {"Kode Desa", dpt.RoleRegionCode}, {"KD_KEL", dpt.RoleRegionCode},
		{"region_code", dpt.RoleRegionCode}, {"KODE KEC", dpt.RoleRegionCode},
		{"TPS", dpt.RoleTPS}, {"NO TPS", dpt.RoleTPS}, {"polling_station", dpt.RoleTPS},
		{"DISABILITAS", dpt.RoleDisability}, {"difabel", dpt.RoleDisability}, {"Disability", dpt.RoleDisability}, {"JENIS DISABILITAS", dpt.RoleDisability},
		{"KTP-EL", dpt.RoleEKTP}, {"EKTP", dpt.RoleEKTP}, {"e-KTP", dpt.RoleEKTP}, {"KTPEL", dpt.RoleEKTP},
		{"KETERANGAN", dpt.RoleRemarks}, {"KET", dpt.RoleRemarks}, {"Remarks", dpt.RoleRemarks}, {"notes", dpt.RoleRemarks}, {"Catatan", dpt.RoleRemarks},
		{"USIA", dpt.RoleAge}, {"umur", dpt.RoleAge}, {"AGE", dpt.RoleAge},
		{"PASPOR", dpt.RolePassport}, {"NO PASPOR", dpt.RolePassport}, {"Passport", dpt.RolePassport},
		{"\ufeffNIK", dpt.RoleNIK}, {`"NAMA"`, dpt.RoleName},
		{"id", ""}, {"NO", ""}, {"foo", ""}, {"", ""}, {"KODE", ""},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			got, conf := headerRole(tt.header)
			if got != tt.want {
				t.Errorf("headerRole(%q) = %q, want %q", tt.header, got, tt.want)
			}
			if (got != "") != (conf > 0) || conf > 1 {
				t.Errorf("headerRole(%q) confidence %v", tt.header, conf)
			}
		})
	}
}

// person is one synthetic voter for hand-made samples.
type person struct {
	nik, nkk, name, dob, sex, marital, address, rt, rw, tps, age string
}

// people makes n voters in a few households of one village.
func people(n int, seed uint64) []person {
	r := rand.New(rand.NewPCG(seed, 1))
	g := names.New()
	ref := time.Date(2023, 7, 2, 0, 0, 0, 0, time.UTC)
	var out []person
	var nkk string
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			issued := time.Date(2005+r.IntN(18), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			nkk, _ = nik.MakeNKK("320411", issued, 1+r.IntN(9999))
		}
		female := r.IntN(2) == 0
		birth := time.Date(1940+r.IntN(65), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		id, _ := nik.Make("320411", birth, female, 1+r.IntN(9999))
		sex := "L"
		if female {
			sex = "P"
		}
		out = append(out, person{
			nik: id, nkk: nkk,
			name:    g.Name(r, names.Sundanese, female, birth.Year(), 1+r.IntN(3), ""),
			dob:     birth.Format("02-01-2006"),
			sex:     sex,
			marital: []string{"B", "S", "S", "P"}[r.IntN(4)],
			address: "KP. " + []string{"SUKAMAJU", "CIBODAS", "PASIRJATI"}[r.IntN(3)],
			rt:      dpt.Pad(1+r.IntN(8), 3),
			rw:      dpt.Pad(1+r.IntN(3), 3),
			tps:     strconv.Itoa(1 + r.IntN(12)),
			age:     strconv.Itoa(dpt.AgeAt(birth, ref)),
		})
	}
	return out
}

func rowsOf(ps []person, cols ...func(person) string) [][]string {
	var rows [][]string
	for _, p := range ps {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = c(p)
		}
		rows = append(rows, row)
	}
	return rows
}

var (
	colNIK     = func(p person) string { return p.nik }
	colNKK     = func(p person) string { return p.nkk }
	colName    = func(p person) string { return p.name }
	colDOB     = func(p person) string { return p.dob }
	colSex     = func(p person) string { return p.sex }
	colMarital = func(p person) string { return p.marital }
	colAddress = func(p person) string { return p.address }
	colRT      = func(p person) string { return p.rt }
	colRW      = func(p person) string { return p.rw }
	colTPS     = func(p person) string { return p.tps }
	colAge     = func(p person) string { return p.age }
	colTTL     = func(p person) string { return "BANDUNG, " + p.dob }
	colRTRW    = func(p person) string { return p.rt + "/" + p.rw }
	colMaskDOB = func(p person) string { return p.nik[:6] + "******" + p.nik[12:] }
	colMaskKK  = func(p person) string { return p.nkk[:6] + "******" + p.nkk[12:] }
)

func roles(s Schema) []dpt.Role {
	out := make([]dpt.Role, len(s.Columns))
	for i, c := range s.Columns {
		out[i] = c.Role
	}
	return out
}

func TestDetectHeaderless(t *testing.T) {
	ps := people(300, 7)
	tests := []struct {
		name string
		cols []func(person) string
		want []dpt.Role
	}{
		{"kpu order", []func(person) string{colNKK, colNIK, colName, colDOB, colMarital, colSex, colAddress, colRT, colRW, colTPS},
			[]dpt.Role{dpt.RoleNKK, dpt.RoleNIK, dpt.RoleName, dpt.RoleBirthDate, dpt.RoleMaritalStatus, dpt.RoleSex, dpt.RoleAddress, dpt.RoleRT, dpt.RoleRW, dpt.RoleTPS}},
		{"shuffled", []func(person) string{colSex, colRT, colRW, colName, colNIK, colAge, colNKK},
			[]dpt.Role{dpt.RoleSex, dpt.RoleRT, dpt.RoleRW, dpt.RoleName, dpt.RoleNIK, dpt.RoleAge, dpt.RoleNKK}},
		{"masked dates: uniqueness decides", []func(person) string{colMaskKK, colName, colMaskDOB},
			[]dpt.Role{dpt.RoleNKK, dpt.RoleName, dpt.RoleNIK}},
		{"ttl and combined rt/rw", []func(person) string{colName, colTTL, colRTRW},
			[]dpt.Role{dpt.RoleName, dpt.RoleBirthDate, dpt.RoleRT}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Detect(nil, false, rowsOf(ps, tt.cols...), nil)
			checkInvariants(t, s, len(tt.cols))
			for i, want := range tt.want {
				if c := s.Columns[i]; c.Role != want || c.By != ByContent {
					t.Errorf("column %d: %s by %s (%.2f), want %s by content", i, c.Role, c.By, c.Confidence, want)
				}
			}
		})
	}
}

func TestDetectHeaderlessFirstRowAsHeader(t *testing.T) {
	// A header-less file whose first row is handed over as the header.
	rows := rowsOf(people(100, 3), colNIK, colName, colSex)
	s := Detect(rows[0], false, rows[1:], nil)
	checkInvariants(t, s, 3)
	if got := roles(s); got[0] != dpt.RoleNIK || got[1] != dpt.RoleName || got[2] != dpt.RoleSex {
		t.Errorf("roles %v", got)
	}
	for _, c := range s.Columns {
		if c.Name != "" {
			t.Errorf("column %d named %q without a header", c.Index, c.Name)
		}
	}
}

func TestDetectMisleadingHeader(t *testing.T) {
	ps := people(200, 11)
	header := []string{"NIK", "NAMA", "TGL LAHIR", "JK"}
	// The NIK and name columns are swapped under their headers; the sex
	// column really holds marital status.
	rows := rowsOf(ps, colName, colNIK, colDOB, colMarital)
	s := Detect(header, true, rows, nil)
	checkInvariants(t, s, 4)
	want := []struct {
		role dpt.Role
		by   string
	}{{dpt.RoleName, ByContent}, {dpt.RoleNIK, ByContent}, {dpt.RoleBirthDate, ByHeaderContent}, {dpt.RoleMaritalStatus, ByContent}}
	for i, w := range want {
		if c := s.Columns[i]; c.Role != w.role || c.By != w.by {
			t.Errorf("column %d %q: %s by %s, want %s by %s", i, c.Name, c.Role, c.By, w.role, w.by)
		}
	}
}

func TestDetectHeaderOnly(t *testing.T) {
	header := []string{"NIK", "NAMA", "foo", "KETERANGAN"}
	s := Detect(header, true, nil, nil)
	checkInvariants(t, s, 4)
	for i, want := range []dpt.Role{dpt.RoleNIK, dpt.RoleName, dpt.RoleOther, dpt.RoleRemarks} {
		c := s.Columns[i]
		wantBy := ByHeader
		if want == dpt.RoleOther {
			wantBy = ByNone
		}
		if c.Role != want || c.By != wantBy || c.Name != header[i] {
			t.Errorf("column %d: %+v, want %s by %s", i, c, want, wantBy)
		}
	}
}

func TestDetectDuplicateHeaders(t *testing.T) {
	ps := people(100, 5)
	s := Detect([]string{"NAMA", "NAMA", "NIK"}, true, rowsOf(ps, colName, colAddress, colNIK), nil)
	checkInvariants(t, s, 3)
	if got := roles(s); got[0] != dpt.RoleName || got[1] == dpt.RoleName || got[2] != dpt.RoleNIK {
		t.Errorf("roles %v", got)
	}
}

func TestDetectOverrides(t *testing.T) {
	ps := people(100, 9)
	header := []string{"A", "B", "Nama Ibu", "D"}
	rows := rowsOf(ps, colNIK, colName, colName, colSex)
	tests := []struct {
		name      string
		overrides map[string]dpt.Role
		want      []dpt.Role
		by        []string
	}{
		{"none", nil,
			[]dpt.Role{dpt.RoleNIK, dpt.RoleName, dpt.RoleOther, dpt.RoleSex}, []string{ByContent, ByContent, ByNone, ByContent}},
		{"by header", map[string]dpt.Role{"Nama Ibu": dpt.RoleName},
			[]dpt.Role{dpt.RoleNIK, dpt.RoleOther, dpt.RoleName, dpt.RoleSex}, []string{ByContent, ByNone, ByMap, ByContent}},
		{"by folded header", map[string]dpt.Role{"nama_ibu": dpt.RoleName, "b": dpt.RoleOther},
			[]dpt.Role{dpt.RoleNIK, dpt.RoleOther, dpt.RoleName, dpt.RoleSex}, []string{ByContent, ByMap, ByMap, ByContent}},
		{"by column number", map[string]dpt.Role{"1": dpt.RoleNKK},
			[]dpt.Role{dpt.RoleNKK, dpt.RoleName, dpt.RoleOther, dpt.RoleSex}, []string{ByMap, ByContent, ByNone, ByContent}},
		{"same role twice: leftmost wins", map[string]dpt.Role{"2": dpt.RoleName, "3": dpt.RoleName},
			[]dpt.Role{dpt.RoleNIK, dpt.RoleName, dpt.RoleOther, dpt.RoleSex}, []string{ByContent, ByMap, ByNone, ByContent}},
		{"unknown role and column ignored", map[string]dpt.Role{"1": "shoe_size", "99": dpt.RoleNKK, "ZZZ": dpt.RoleNKK},
			[]dpt.Role{dpt.RoleNIK, dpt.RoleName, dpt.RoleOther, dpt.RoleSex}, []string{ByContent, ByContent, ByNone, ByContent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Detect(header, true, rows, tt.overrides)
			checkInvariants(t, s, 4)
			for i := range tt.want {
				if c := s.Columns[i]; c.Role != tt.want[i] || c.By != tt.by[i] {
					t.Errorf("column %d %q: %s by %s, want %s by %s", i, c.Name, c.Role, c.By, tt.want[i], tt.by[i])
				}
			}
		})
	}
}

func TestDetectRowNumber(t *testing.T) {
	ps := people(100, 13)
	rows := rowsOf(ps, colName, colSex)
	for i := range rows {
		rows[i] = append([]string{strconv.Itoa(i + 1)}, rows[i]...)
	}
	s := Detect(nil, false, rows, nil)
	checkInvariants(t, s, 3)
	if c := s.Columns[0]; c.Role != dpt.RoleOther || c.By != ByContent {
		t.Errorf("row numbers: %s by %s", c.Role, c.By)
	}
}

func TestDetectEmpty(t *testing.T) {
	if s := Detect(nil, false, nil, nil); len(s.Columns) != 0 || s.Index(dpt.RoleNIK) != -1 {
		t.Errorf("empty table: %+v", s)
	}
	// Ragged rows and empty cells.
	rows := [][]string{{"", "x"}, {}, {"-", "NULL", ""}}
	s := Detect([]string{"NIK"}, true, rows, nil)
	checkInvariants(t, s, 3)
	if s.Columns[0].Role != dpt.RoleNIK || s.Columns[0].By != ByHeader {
		t.Errorf("header with no values: %+v", s.Columns[0])
	}
}

func TestIndex(t *testing.T) {
	s := Schema{Columns: []Column{{Index: 0, Role: dpt.RoleOther}, {Index: 1, Role: dpt.RoleNIK}, {Index: 2, Role: dpt.RoleOther}}}
	if s.Index(dpt.RoleNIK) != 1 || s.Index(dpt.RoleName) != -1 || s.Index(dpt.RoleOther) != 0 {
		t.Errorf("Index wrong")
	}
}
