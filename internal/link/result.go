package link

// Result is how a leak links to a reference.
type Result struct {
	// Method names the passes that ran: "exact" (identifiers),
	// "exact+nik-typo", "exact+probabilistic", "probabilistic".
	Method   string   `json:"method"`
	Passes   []string `json:"passes"`
	LeakRows int64    `json:"leak_rows"` // rows considered (accepted rows of the leak)

	MatchedRows   int64      `json:"matched_rows"`
	MatchRate     float64    `json:"match_rate"`      // matched_rows / leak_rows
	MatchRateCI95 [2]float64 `json:"match_rate_ci95"` // Wilson score interval
	// MatchedBy counts matched rows per pass: exact_nik, exact_nkk_name,
	// exact_passport, nik_typo, masked_nik, name_dob, name_age.
	MatchedBy map[string]int64 `json:"matched_by"`
	// FieldAgreement is, per role, the share of matched rows carrying the
	// field on both sides whose normalised values are equal.
	FieldAgreement map[string]float64 `json:"field_agreement"`
	// FieldClose is the share equal or close (names: Jaro-Winkler ≥ 0.9 on
	// the comparison key; dates: day/month swapped or one digit off; RT/RW
	// and TPS: ±1).
	FieldClose    map[string]float64 `json:"field_close"`
	FieldCompared map[string]int64   `json:"field_compared"`

	ReferenceRows int64 `json:"reference_rows"`
	// ReferenceRowsMatched is the number of distinct reference rows that
	// some leak row matched.
	ReferenceRowsMatched int64 `json:"reference_rows_matched"`
	// Pairs is the number of candidate pairs scored by the passes that
	// compare fields (0 for exact only).
	Pairs int64 `json:"pairs_compared"`
	// The scored passes' parameters: a candidate is accepted with Accept
	// bits of evidence and a lead of Margin over the next.
	Accept  float64     `json:"accept_bits"`
	Margin  float64     `json:"margin_bits"`
	Weights WeightTable `json:"weights"`
	// WeightsFrom is "em" when the weights were estimated from this leak
	// and reference (see Training), else "default" with the reason.
	WeightsFrom string     `json:"weights_from"`
	Training    *TrainInfo `json:"training,omitempty"`
}
