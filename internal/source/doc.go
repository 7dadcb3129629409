// Package source opens leaked dumps as they really come and hands them on as
// tables of text rows.
//
// In: paths to files, folders and archives (zip, gzip, zstd, bzip2, xz, tar,
// 7z, rar, nested), holding delimited text (any delimiter, quoting, BOM or
// legacy encoding), JSON or NDJSON, SQL dumps (MySQL INSERT, PostgreSQL
// COPY), XLSX workbooks or Parquet files. Walk finds the entries;
// OpenTables reads each entry's tables.
//
// Out: Tables whose rows are string slices with their line numbers. Nothing
// is dropped silently: a malformed row comes back marked with a Problem, a
// file that cannot be read is an *Error naming the entry and line.
// Delimited tables can also hand out their rows as chunks of text that
// other goroutines parse (Chunked), with the same rows as Next.
//
// What holds: memory is bounded whatever the input size (a single
// gigabyte-long INSERT line is streamed, a Parquet file is read a page per
// column at a time), archives cannot write outside their folder, neither
// archives nor Parquet pages expand beyond Options' limits, and no error
// message holds a cell value.
package source
