// Package region holds Indonesia's administrative areas (provinces,
// regencies, districts and villages with their Kemendagri codes), embedded
// in the binary, and answers two questions: what is the area with this code,
// and which area does this written name mean.
//
// The table is derived by `go generate` from shared/data/idn-area, which
// comes from the idn-area-data package built on the government's area-code
// regulation. It is licensed under the Open Database License 1.0
// (LICENSE-ODbL.md beside this file); Attribution returns the notice that
// must travel with anything derived from it.
//
// Codes are handled as digit strings without dots: "32" (province), "3204"
// (regency), "320411" (district), "3204112001" (village). Lookup also takes
// the dotted form. The table is loaded on first use and is read-only after.
package region

//go:generate go run ./internal/gen -src ../../../shared/data/idn-area -out areas.tsv.zst
