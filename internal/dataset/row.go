package dataset

import "github.com/telusur/telusur/internal/dpt"

// Row is one accepted row of a dataset: for each role, the normalized value
// beside the raw text it came from (Raw*), so evidence can always show what
// the file said. A Raw* field is empty when the raw text equals the
// normalized value (most rows of a clean file), which keeps datasets small
// and ingest fast; region names are stored as written (upper-cased), and
// RawRegionCode keeps a code cell as written. Optional numbers are pointers (null in Parquet) so "absent"
// differs from zero.
type Row struct {
	RowID  int64 `parquet:"row_id"`   // 1-based within the dataset
	Source int32 `parquet:"source"`   // catalogue source id
	Line   int64 `parquet:"line"`     // line or row number in the source table
	Table  int32 `parquet:"table_no"` // table number within the source (sheets, SQL tables)

	NIK        string    `parquet:"nik"` // digits, '*' for masked digits
	NIKMasked  bool      `parquet:"nik_masked"`
	NKK        string    `parquet:"nkk"`
	NKKMasked  bool      `parquet:"nkk_masked"`
	Passport   string    `parquet:"passport"`
	Name       string    `parquet:"name"`        // clean, titles removed
	NameKey    string    `parquet:"name_key"`    // comparison key (old spellings folded)
	NameTitles string    `parquet:"name_titles"` // removed titles, space separated
	BirthPlace string    `parquet:"birth_place"`
	BirthDate  *dpt.Date `parquet:"birth_date,date,optional"`
	DateFormat string    `parquet:"birth_date_format,dict"`
	Age        *int32    `parquet:"age,optional"`
	Sex        string    `parquet:"sex,dict"`
	Marital    string    `parquet:"marital_status,dict"`
	Address    string    `parquet:"address"`
	RT         *int32    `parquet:"rt,optional"`
	RW         *int32    `parquet:"rw,optional"`
	Village    string    `parquet:"village,dict"`
	District   string    `parquet:"district,dict"`
	Regency    string    `parquet:"regency,dict"`
	Province   string    `parquet:"province,dict"`
	RegionCode string    `parquet:"region_code,dict"` // most precise code resolved: village, district, regency or province
	TPS        *int32    `parquet:"tps,optional"`
	Disability string    `parquet:"disability,dict"`
	EKTP       string    `parquet:"ektp,dict"`
	Remarks    string    `parquet:"remarks,dict"`

	RawNIK        string `parquet:"raw_nik"`
	RawNKK        string `parquet:"raw_nkk"`
	RawName       string `parquet:"raw_name"`
	RawBirthDate  string `parquet:"raw_birth_date"`
	RawSex        string `parquet:"raw_sex"`
	RawRTRW       string `parquet:"raw_rt_rw"`
	RawRegionCode string `parquet:"raw_region_code"`
	// Other holds the columns with role other, as "header=value" joined by
	// a tab, so nothing a leak carried is lost.
	Other string `parquet:"other"`
}
