// Package nik parses and validates the two identity numbers of Indonesia's
// civil registry: the NIK (Nomor Induk Kependudukan, a person's number) and
// the NKK (Nomor Kartu Keluarga, a family card's number).
//
// In: one string per call, as found in a claimed leak, with surrounding
// whitespace allowed. Nothing else is normalised (no dots, dashes or inner
// spaces are removed): that is package normalize's job, so that a number
// reported as valid here is exactly the one that was read. Digits may be
// hidden with the mask characters '*', 'x', 'X' and '#'.
//
// Out: the decoded fields (district code, birth or issue date, sex, serial)
// and a list of Findings, each a stable Code with a Severity. A number is
// valid when no Finding has Severity Error ([Valid]); warnings mark numbers
// that are possible but unusual (an area code no longer in the current
// table, a holder too young or too old to vote). A masked number carries an
// Info finding and is checked only where its digits are visible.
//
// What holds afterwards:
//   - A Finding's Message names the rule that was broken and never any part of
//     the number: digits, dates and days are personal data and may end up in
//     logs and reports.
//   - For a valid, unmasked NIK, Make(District, BirthDate, Female, Serial)
//     gives back Digits; likewise MakeNKK for an NKK.
//   - Parse and ParseNKK do not allocate for a valid number (the findings
//     slice is nil) nor for one that breaks a single rule (the one-element
//     slice is shared, so callers must not modify findings), since a
//     national run calls them some 200 million times.
//
// Region codes are checked against package region, the current Kemendagri
// table, through a bitmap of its codes built on first use.
package nik
