// Package dataset keeps telusur's workspace: a folder holding every
// ingested dataset as Parquet files (readable by DuckDB, Spark and pandas)
// and a SQLite catalogue of datasets, their sources with SHA-256 hashes,
// column roles, row counts and rejects, and an append-only audit log of the
// commands run.
//
// In: normalized rows (Row) and facts about them from the ingest stage.
// Out: files under the workspace, created 0600 in folders 0700, and the
// catalogue to find them again.
//
// What holds: for every dataset and every source, rows_read equals
// rows_accepted plus rows_rejected; the audit log is only ever appended to.
package dataset
