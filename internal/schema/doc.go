// Package schema decides which column of a leaked table holds what: the
// NIK, the name, the birth date, the RT … (the roles of dpt.Role).
//
// In: the header row (if the table has one), a sample of the first rows,
// and the user's overrides (`--map col=role`). Out: a Schema, one Column
// per column with its role, a confidence and what decided it.
//
// How:
//   - Headers are looked up in a dictionary of Indonesian and English
//     names and abbreviations (NIK, NO_KTP, NKK, NAMA, TGL_LAHIR, TTL, JK,
//     STS_KAWIN, KEL, KAB_KOTA, KODE_KEL, KTP-EL, KET, USIA, PASPOR …),
//     ignoring case, spaces, underscores, dots and other punctuation. A
//     few headers name columns that hold no role (PERSON_ID,
//     OVERSEAS_POST, NEGARA …): other, unless the values clearly say more. TTL
//     (tempat, tanggal lahir: "BANDUNG, 12-01-1980") is a birth_date column;
//     normalize.BirthDate skips the place and normalize.SplitTTL returns it.
//     RT_RW, a combined "001/002" cell, is an rt column; normalize.RTRW
//     reads both numbers from it.
//   - Every column's sample is scored against every role with the
//     validators of packages normalize, nik and region: sixteen-digit
//     numbers (masked or valid), whose date digits tell a NIK (a birth date,
//     +40 for women) from an NKK (a recent issue date); name-shaped text
//     with many distinct values; dates giving ages of 0–120; whole numbers
//     17–110 (age); two sex codes; B/S/P; small numbers (RT and RW as an
//     adjacent pair, RT first; a lone one is a TPS); names of provinces,
//     regencies, districts and villages; existing region codes; passport
//     numbers; addresses (JL., DUSUN, KP., GG., NO.); e-KTP, remark and
//     disability codes; a row counter (other).
//   - Header and content are combined per column: when they agree the
//     confidence is high (By "header+content"); a header with too few
//     values to judge stands alone ("header"); when under 20% of at least
//     ten values fit the header's role while over 80% fit another, the
//     values win ("content"); a column without a known header gets its best
//     content role when that is convincing enough ("content"), else other
//     ("none").
//   - Conflicts are resolved greedily: all (column, role) candidates are
//     sorted by confidence (ties: leftmost column, then dpt.Roles order)
//     and taken in turn when neither column nor role is taken yet (a
//     Shared role is never taken). Two sixteen-digit columns whose dates
//     are hidden are told apart by uniqueness: the distinct one is the
//     NIK, the repeating one (family members share a card) the NKK.
//     Overrides are applied first and win.
//
// What holds afterwards:
//   - Schema.Columns has exactly one Column per column of the table (the
//     longer of the header and the longest sampled row), in order, with
//     Index equal to its position.
//   - Each column has exactly one role from dpt.Roles; each role other than
//     dpt.RoleOther and dpt.RoleRegionCode (see Shared) is held by at most
//     one column, so Schema.Index is unambiguous for them. Several columns
//     may hold region_code: lists give the province, regency, district and
//     village codes in separate columns, and ingest takes the most precise
//     code of each row. A role may be held by none.
//   - Confidence is within [0, 1]; By is one of "header", "content",
//     "header+content", "map", "none", and "none" only with role other.
//   - Detect does not modify its arguments and is deterministic for given
//     arguments, apart from ages being counted from today.
package schema
