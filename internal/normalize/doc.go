// Package normalize turns the text of one cell, as a leak writes it, into
// the canonical value of its role: identity numbers as sixteen characters,
// names as a display form plus a comparison key, birth dates as dpt.Date,
// sex and marital status as KPU's one-letter codes, RT/RW and ages as
// numbers, region names as Kemendagri codes.
//
// In: one raw string per call (and, for dates, a reference day; for region
// names, the parent's code). Out: the canonical value and whether it could
// be read. The raw value is never changed or discarded here: callers keep it
// beside the canonical one, because the way a value was damaged is evidence
// too (an Excel serial date, a scientific-notation NIK).
//
// What holds afterwards:
//   - Every function is pure and safe for concurrent use; none panics on any
//     input, and every string returned is valid UTF-8.
//   - The hot-path functions (ID, PersonName, BirthDate, Sex, Marital, RT,
//     RTRW, Age) use neither regexp nor fmt. BirthDate, Sex, Marital, RT,
//     RTRW and Age never allocate; ID allocates only when it has to change
//     the value (separators, masks). PersonName allocates once for a
//     typical name (Clean, Key and Initials share one backing array), plus
//     the Titles slice when titles were removed. A national run calls them
//     some 200 million times.
//   - PersonName is idempotent: PersonName(n.Clean).Clean == n.Clean and
//     PersonName(n.Key).Key == n.Key for every n = PersonName(raw).
//   - BirthDate reports OK only for a real calendar day between 1850-01-01
//     and 2100-12-31.
//   - ID reports ok only for exactly sixteen characters, each a digit or
//     '*' (every mask character is written '*').
//
// RegionCode calls package region, which allocates; callers should cache
// its answers per distinct (level, parent, raw), as region columns hold few
// distinct values.
package normalize
