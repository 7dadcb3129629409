// Command duckdb-peer times DuckDB on the same work telusur's benchmarks
// do, so bench/*.sh can print the ratio. It lives in its own module so the
// cgo DuckDB library never reaches telusur's binary.
//
//	duckdb-peer csv FILE      load FILE with read_csv into a table
//	duckdb-peer sql QUERY     run QUERY and print the rows (e.g. over telusur's Parquet)
package main

import (
	"database/sql"
	"fmt"
	"os"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	if len(os.Args) < 3 || (os.Args[1] != "csv" && os.Args[1] != "sql") {
		fmt.Fprintln(os.Stderr, "usage: duckdb-peer csv FILE | duckdb-peer sql QUERY")
		os.Exit(2)
	}
	run := loadCSV
	if os.Args[1] == "sql" {
		run = query
	}
	if err := run(os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "duckdb-peer:", err)
		os.Exit(1)
	}
}

func loadCSV(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	// all_varchar: telusur keeps every value as text before normalising;
	// asking DuckDB to infer types would make it do less work than us.
	// The quote is given: DuckDB's sniffer looks at the first 20,480 rows
	// and, when none of them is quoted (a KPU export quotes only the few
	// village names with commas), decides the file has no quoting and then
	// fails on the first quoted row. telusur reads such files as they are.
	if _, err := db.Exec(`CREATE TABLE leak AS SELECT * FROM read_csv(?, header = true, all_varchar = true, quote = '"', escape = '"')`, path); err != nil {
		return err
	}
	var n int64
	if err := db.QueryRow(`SELECT count(*) FROM leak`).Scan(&n); err != nil {
		return err
	}
	el := time.Since(start)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("duckdb read_csv: %d rows in %.2f s: %.0f rows/s, %.1f MB/s; peak RSS %d MiB\n",
		n, el.Seconds(), float64(n)/el.Seconds(), float64(st.Size())/1e6/el.Seconds(), ru.Maxrss/1024)
	return nil
}

func query(q string) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	fmt.Println(cols)
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		fmt.Println(vals...)
	}
	return rows.Err()
}
