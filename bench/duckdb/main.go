// Command duckdb-peer times DuckDB on the same work telusur's benchmarks
// do, so bench/*.sh can print the ratio. It lives in its own module so the
// cgo DuckDB library never reaches telusur's binary.
//
//	duckdb-peer csv FILE      load FILE with read_csv into a table
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
	if len(os.Args) < 3 || os.Args[1] != "csv" {
		fmt.Fprintln(os.Stderr, "usage: duckdb-peer csv FILE")
		os.Exit(2)
	}
	if err := loadCSV(os.Args[2]); err != nil {
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
	if _, err := db.Exec(`CREATE TABLE leak AS SELECT * FROM read_csv(?, header = true, all_varchar = true)`, path); err != nil {
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
