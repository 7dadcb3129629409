// Package dpt holds the voter-list record as the election commission (KPU)
// keeps it, and the shared words every stage uses for its fields: sex,
// marital status, the column roles. It has no logic beyond formatting and
// depends on nothing else in telusur, so every stage may import it.
//
// The record follows the elements of KPU's Model A-Daftar Pemilih plus the
// region codes its exports carry. Overseas voters (DPTLN) have a passport
// number and an overseas post instead of Indonesian region codes.
package dpt
