package verify

import (
	"time"

	"github.com/telusur/telusur/internal/authenticity"
	"github.com/telusur/telusur/internal/link"
)

// The verdict labels.
const (
	Consistent          = "consistent"
	PartiallyConsistent = "partially-consistent"
	Inconsistent        = "inconsistent"
	LikelyFabricated    = "likely-fabricated"
)

// Document is report.json: everything verify found. Keys are stable and
// documented in the README; fields are only ever added.
type Document struct {
	Tool      string    `json:"tool"`
	Lang      string    `json:"lang"` // language of the texts: "en" or "id"
	Generated time.Time `json:"generated"`

	Leak      DatasetSummary `json:"leak"`
	Reference DatasetSummary `json:"reference"`

	Authenticity authenticity.Result `json:"authenticity"`
	Linkage      link.Result         `json:"linkage"`
	Coverage     Coverage            `json:"coverage"`
	Verdict      Verdict             `json:"verdict"`
	Samples      []SampleRow         `json:"samples"`
	Params       Params              `json:"parameters"`
}

// DatasetSummary describes one side.
type DatasetSummary struct {
	Name         string           `json:"name"`
	Role         string           `json:"role"`
	RowsRead     int64            `json:"rows_read"`
	RowsAccepted int64            `json:"rows_accepted"`
	RowsRejected int64            `json:"rows_rejected"`
	Rejects      map[string]int64 `json:"rejects"` // reason → rows
	Sources      []Source         `json:"sources"`
	Columns      []Column         `json:"columns"`
}

// Source is one input of a dataset.
type Source struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Rows   int64  `json:"rows_read"`
}

// Column is one column with its detected role.
type Column struct {
	Name       string  `json:"name"`
	Role       string  `json:"role"`
	Confidence float64 `json:"confidence"`
	Table      string  `json:"table,omitempty"` // when the dataset has several tables
}

// Coverage is where the leak's rows are from and how much of the
// reference each region's leak covers.
type Coverage struct {
	// Unplaced counts leak rows with no region (no region columns, and no
	// NIK or a NIK with an unknown region).
	Unplaced  int64            `json:"unplaced_rows"`
	Provinces []RegionCoverage `json:"provinces"`
	Regencies []RegionCoverage `json:"regencies"`
}

// RegionCoverage is one region's counts. A leak row is placed by its region
// columns, else by its NIK's region digits.
type RegionCoverage struct {
	Code           string  `json:"code"`
	Name           string  `json:"name"`
	LeakRows       int64   `json:"leak_rows"`
	MatchedRows    int64   `json:"matched_rows"`
	ReferenceRows  int64   `json:"reference_rows"`
	MatchRate      float64 `json:"match_rate"`      // matched_rows / leak_rows
	ReferenceShare float64 `json:"reference_share"` // matched_rows / reference_rows
}

// Verdict is the conclusion with what drove it.
type Verdict struct {
	Label   string   `json:"label"`
	Score   float64  `json:"score"` // 0–1: how strongly the leak is the reference's data
	Reasons []Reason `json:"reasons"`
}

// Reason is one sentence of the verdict, in the document's language, with a
// stable code for programs.
type Reason struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

// SampleRow is one leak row shown as evidence, masked: NIK as
// 3171**********01, names as initials, birth dates as the year.
type SampleRow struct {
	Row       int64             `json:"row"` // row_id in the leak dataset
	Matched   bool              `json:"matched"`
	Pass      string            `json:"pass,omitempty"` // which pass matched it
	NIK       string            `json:"nik"`
	Name      string            `json:"name"`
	BirthYear int               `json:"birth_year,omitempty"`
	Sex       string            `json:"sex,omitempty"`
	Region    string            `json:"region,omitempty"` // region name
	Fields    map[string]string `json:"fields,omitempty"` // role → "equal" | "close" | "differs"
	// Candidate is set on an unmatched row whose best candidate was
	// scored and rejected; Fields and Evidence are then that candidate's.
	Candidate bool `json:"candidate,omitempty"`
	// Score is the pair's weight of evidence in bits and Evidence its
	// parts per field (the waterfall); see linkage.weights.
	Score    float64            `json:"score,omitempty"`
	Evidence map[string]float64 `json:"evidence,omitempty"`
}

// Params are the settings of the run, so it can be repeated.
type Params struct {
	ConsistentMin  float64 `json:"consistent_min"`  // match rate from which the leak is consistent
	PartialMin     float64 `json:"partial_min"`     // match rate from which it is partially consistent
	AgreementMin   float64 `json:"agreement_min"`   // field agreement the matched rows need for "consistent"
	FabricationMax float64 `json:"fabrication_max"` // authenticity score below which a non-matching leak is fabricated
	// FabricationChecks are the authenticity checks any one of which,
	// failed, makes a non-matching leak fabricated.
	FabricationChecks []string  `json:"fabrication_checks"`
	RefDate           time.Time `json:"ref_date"`
	Samples           int       `json:"samples"`
	// FixedWeights scores candidates with the default weights instead of
	// weights estimated (EM) from the leak and the reference.
	FixedWeights bool `json:"fixed_weights"`
}
