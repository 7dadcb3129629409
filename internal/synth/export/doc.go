// Package export writes synthetic voter-list tables in the file formats that
// real leaked dumps come in, so that telusur's ingest code can be tested on
// them.
//
// Every format is produced by a streaming [Writer]: a header, then rows of
// strings, in order; rows are never held in memory. The formats are
//
//   - CSV ([NewCSV]) with a choice of delimiter, encoding (UTF-8 with or
//     without BOM, windows-1252, UTF-16LE with BOM), line ending and quoting;
//   - NDJSON ([NewNDJSON]) and a JSON array of objects ([NewJSONArray]),
//     keys in column order, every value a string;
//   - SQL dumps ([NewSQL]) in the style of mysqldump (multi-row INSERT) and
//     pg_dump (COPY ... FROM stdin);
//   - XLSX ([NewXLSX]) through excelize's StreamWriter, continuing on a new
//     sheet when a sheet is full;
//   - a zip of CSV files, one entry per part key such as a province
//     ([NewZipSplit]).
//
// [New] and [Ext] map the format names used on the command line to writers
// and file extensions.
//
// Output is byte-for-byte deterministic for the same input: nothing depends on
// the clock, map order or the environment; zip entries and dump trailers carry
// [DefaultModTime]. Files are created with mode 0600. Error messages carry
// the format, the path where there is one and a cause, never cell values, as
// those may be personal data.
package export
