package dpt

import (
	"strconv"
	"time"
)

// Sex as written in the list: L (laki-laki) or P (perempuan).
type Sex = string

// Marital status as written in the list: B belum kawin (never married),
// S sudah kawin (married), P pernah kawin (widowed or divorced).
type Marital = string

// The codes of Sex and Marital.
const (
	Male            Sex     = "L"
	Female          Sex     = "P"
	Single          Marital = "B"
	Married         Marital = "S"
	FormerlyMarried Marital = "P"
)

// EKTP status: whether the voter has recorded an electronic ID card.
const (
	EKTPRecorded    = "S" // sudah rekam
	EKTPNotRecorded = "B" // belum rekam
)

// Disability categories as KPU codes them since 2023 (0 = none).
var Disabilities = [...]string{
	0: "",
	1: "fisik",           // physical
	2: "intelektual",     // intellectual
	3: "mental",          // mental
	4: "sensorik wicara", // speech
	5: "sensorik rungu",  // hearing
	6: "sensorik netra",  // sight
}

// Remarks (keterangan) used between list versions.
const (
	RemarkNew     = "B" // pemilih baru: not in the previous version
	RemarkChanged = "U" // ubah: data changed since the previous version
)

// Record is one row of the voter list. Column names (the parquet tags) are
// the stable role names of telusur's datasets.
type Record struct {
	// PersonID identifies a synthetic person across snapshots and leaks; it
	// is the ground truth of generated data and 0 in real lists.
	PersonID        uint64  `parquet:"person_id"`
	NKK             string  `parquet:"nkk"`
	NIK             string  `parquet:"nik"`
	Name            string  `parquet:"name"`
	BirthPlace      string  `parquet:"birth_place"`
	BirthDate       Date    `parquet:"birth_date,date"`
	MaritalStatus   Marital `parquet:"marital_status,dict"`
	Sex             Sex     `parquet:"sex,dict"`
	Address         string  `parquet:"address"`
	RT              int32   `parquet:"rt"`
	RW              int32   `parquet:"rw"`
	Disability      int32   `parquet:"disability"`
	EKTP            string  `parquet:"ektp,dict"`
	Remarks         string  `parquet:"remarks,dict"`
	ProvinceCode    string  `parquet:"province_code,dict"`
	Province        string  `parquet:"province,dict"`
	RegencyCode     string  `parquet:"regency_code,dict"`
	Regency         string  `parquet:"regency,dict"`
	DistrictCode    string  `parquet:"district_code,dict"`
	District        string  `parquet:"district,dict"`
	VillageCode     string  `parquet:"village_code,dict"`
	Village         string  `parquet:"village,dict"`
	TPS             int32   `parquet:"tps"`
	Passport        string  `parquet:"passport"`
	OverseasPost    string  `parquet:"overseas_post,dict"`
	OverseasCountry string  `parquet:"overseas_country,dict"`
}

// Overseas reports whether the record is of an overseas voter (DPTLN).
func (r *Record) Overseas() bool { return r.OverseasPost != "" }

// Columns are the CSV column names of a Record, in order; Strings gives the
// values in the same order.
var Columns = []string{
	"person_id", "nkk", "nik", "name", "birth_place", "birth_date", "marital_status", "sex",
	"address", "rt", "rw", "disability", "ektp", "remarks",
	"province_code", "province", "regency_code", "regency", "district_code", "district",
	"village_code", "village", "tps", "passport", "overseas_post", "overseas_country",
}

// Strings appends the record's values as text, in Columns order, to dst.
// Dates are ISO 8601; RT and RW are three digits as KPU prints them; zero
// numbers of overseas voters are empty.
func (r *Record) Strings(dst []string) []string {
	num := func(n int32, width int) string {
		if n == 0 {
			return ""
		}
		return Pad(int(n), width)
	}
	return append(dst,
		strconv.FormatUint(r.PersonID, 10), r.NKK, r.NIK, r.Name, r.BirthPlace,
		r.BirthDate.String(), r.MaritalStatus, r.Sex,
		r.Address, num(r.RT, 3), num(r.RW, 3), strconv.Itoa(int(r.Disability)), r.EKTP, r.Remarks,
		r.ProvinceCode, r.Province, r.RegencyCode, r.Regency, r.DistrictCode, r.District,
		r.VillageCode, r.Village, num(r.TPS, 0), r.Passport, r.OverseasPost, r.OverseasCountry,
	)
}

// Pad formats n with at least width digits, zero-padded.
func Pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// AgeAt returns the age in whole years on day ref of someone born on birth.
func AgeAt(birth, ref time.Time) int {
	age := ref.Year() - birth.Year()
	if ref.Month() < birth.Month() || (ref.Month() == birth.Month() && ref.Day() < birth.Day()) {
		age--
	}
	return age
}

// Date is a calendar day counted from 1970-01-01, the Parquet DATE type.
// Compact (4 bytes, no zone) because registries hold hundreds of millions.
type Date int32

// DateOf returns the Date of t's calendar day (t's own zone).
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// NewDate returns the Date of year, month, day.
func NewDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// YMD returns the date's year, month and day without a time.Time
// (Howard Hinnant's days-to-civil algorithm): the per-row checks of verify
// call it millions of times.
func (d Date) YMD() (y, m, day int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, day
}

// Time returns the day as midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the day as YYYY-MM-DD.
func (d Date) String() string { return d.Time().Format(time.DateOnly) }
