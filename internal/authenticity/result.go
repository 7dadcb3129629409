package authenticity

// Status grades one check: whether what the leak shows is what a real
// voter list shows.
type Status string

// The statuses of a Check.
const (
	OK   Status = "ok"   // as a real list looks
	Warn Status = "warn" // unusual, not damning alone
	Fail Status = "fail" // a real list does not look like this
	NA   Status = "n/a"  // the leak lacks the columns to tell
)

// Result is what the leak shows about itself, without any reference.
// Rates are shares in [0, 1]; a rate whose denominator is zero is 0 and its
// check is NA.
type Result struct {
	Rows int64 `json:"rows"` // rows examined (the accepted rows)

	NIKRows         int64   `json:"nik_rows"`        // rows with a complete (unmasked) NIK
	NIKMaskedRows   int64   `json:"nik_masked_rows"` // rows whose NIK is partly masked
	NIKValidRate    float64 `json:"nik_valid_rate"`  // of nik_rows: structurally valid against the region table and the calendar
	RegionKnownRate float64 `json:"region_known_rate"`
	// NIKDOBAgreement is, of rows with a valid NIK and a birth date, the
	// share whose NIK digits 7–12 encode that birth date.
	NIKDOBAgreement float64 `json:"nik_dob_agreement"`
	NIKDOBCompared  int64   `json:"nik_dob_compared"`
	// NIKSexAgreement is, of rows with a valid NIK and a sex, the share
	// whose NIK day (+40 for women) encodes that sex.
	NIKSexAgreement float64 `json:"nik_sex_agreement"`
	NIKSexCompared  int64   `json:"nik_sex_compared"`
	// DuplicateNIKRate is the share of nik_rows whose NIK also appears on
	// another row.
	DuplicateNIKRate float64 `json:"duplicate_nik_rate"`
	DuplicateNIKRows int64   `json:"duplicate_nik_rows"`
	PatternNIKRate   float64 `json:"pattern_nik_rate"` // repeated or sequential digit runs
	// NIKRegionAgreement is, of rows with a valid NIK and a region column,
	// the share whose NIK district (or regency) is the row's.
	NIKRegionAgreement float64 `json:"nik_region_agreement"`
	NIKRegionCompared  int64   `json:"nik_region_compared"`

	Findings []Finding `json:"nik_findings"` // every NIK finding code seen, with counts

	AgeRows    int64     `json:"age_rows"`  // rows with a birth date or age
	UnderAge   int64     `json:"under_age"` // younger than 17 at the reference date
	AgeBands   []Band    `json:"age_bands"` // leak share by age band, beside a real list's
	SexRows    int64     `json:"sex_rows"`
	MaleShare  float64   `json:"male_share"` // of sex_rows
	SerialTail []float64 `json:"-"`

	Schema Schema  `json:"schema"`
	Checks []Check `json:"checks"`
	// Score is 1 when every check is as a real list looks, 0 when every
	// one fails; NA checks do not count.
	Score float64 `json:"score"`
}

// Finding counts one NIK finding code (see internal/nik).
type Finding struct {
	Code     string  `json:"code"`
	Severity string  `json:"severity"`
	Rows     int64   `json:"rows"`
	Rate     float64 `json:"rate"` // of nik_rows
}

// Band is one age band: the leak's share and a real list's.
type Band struct {
	Label    string  `json:"label"` // "17-24", …, "75+"
	Rows     int64   `json:"rows"`
	Share    float64 `json:"share"`
	Expected float64 `json:"expected"`
}

// Check is one authenticity test with its outcome, for people.
type Check struct {
	ID       string  `json:"id"`       // stable: nik_valid, nik_dob, …
	Value    float64 `json:"value"`    // the measured rate
	Expected string  `json:"expected"` // what a real list shows, e.g. "≥ 99%"
	Status   Status  `json:"status"`
	Detail   string  `json:"detail"` // English, one sentence, no personal data
}

// Schema compares the leak's columns with known export formats.
type Schema struct {
	Format  string   `json:"format"`  // best-matching known format, "" if none is close
	Score   float64  `json:"score"`   // Jaccard similarity of the column sets
	Matched []string `json:"matched"` // header names found in the format
	Missing []string `json:"missing"` // the format's columns the leak lacks
	Extra   []string `json:"extra"`   // the leak's columns the format lacks
	Notes   []string `json:"notes"`   // e.g. "has an 'usia' column no official export has"
}
