// Package ingest runs the first stages of the pipeline on leaked files:
// source (find and read tables) → schema (column roles) → normalize
// (canonical values) → dataset (Parquet parts and the catalogue).
//
// In: paths to files, folders and archives, a dataset name and role.
// Out: a dataset in the workspace, Parquet parts per source path (one per
// worker), and catalogue entries for every source and table with their
// column roles, counts and rejects.
//
// What holds: for every table, source and dataset, rows read = rows
// accepted + rows rejected, each reject counted under a reason; a source
// whose SHA-256 is already in the dataset is not read twice; no personal
// value reaches an error, a log or the catalogue unmasked (reject samples
// are masked); row ids number rows in reading order whatever the number of
// workers.
//
// How it runs: the reading goroutine cuts delimited text into chunks of
// whole lines (source.Chunked) and numbers their rows; workers parse,
// normalise and encode them, each into its own Parquet part; the source
// is hashed beside reading unless its hash decides whether to read it.
package ingest
