// Package link finds the rows of a leak in a reference dataset. A
// reference Index, built once per reference and kept in the workspace,
// holds its NIKs in a hash table, its blocking keys sorted, and each row's
// compared fields in one 64-byte record, memory-mapped; Link walks the
// leak against it, exactly on NIK
// first, then through the passes that tolerate what leaks do to
// identifiers (a mistyped digit, masked digits, no NIK at all), and
// measures field by field how the linked rows agree.
package link
