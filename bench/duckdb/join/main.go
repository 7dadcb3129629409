// Command join times DuckDB on verify's exact-linkage step: the leak's rows
// joined to the reference on NIK, with per-field agreement counted over the
// joined rows — the same figures telusur verify reports. Both datasets are
// read from telusur's own Parquet parts, loaded into DuckDB tables first
// (timed apart), so the join is DuckDB's in-memory hash join. The join
// runs JOIN_RUNS times (default 1) on the loaded tables; it prints each
// time and the best.
//
//	join REFERENCE_GLOB LEAK_GLOB
package main

import (
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strconv"
	"syscall"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

const cols = `nik, nik_masked, nkk, name_key, birth_date, sex, address, rt, rw, region_code`

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: join REFERENCE_GLOB LEAK_GLOB")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "join:", err)
		os.Exit(1)
	}
}

func run(refGlob, leakGlob string) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	for _, t := range []struct{ name, glob string }{{"ref", refGlob}, {"leak", leakGlob}} {
		if _, err := db.Exec(`CREATE TABLE ` + t.name + ` AS SELECT ` + cols + ` FROM read_parquet('` + t.glob + `')`); err != nil {
			return err
		}
	}
	load := time.Since(start)
	runs, _ := strconv.Atoi(os.Getenv("JOIN_RUNS"))
	runs = max(runs, 1)
	var times []float64
	var matched, name, dob, sex, addr, rt, rw, region, nkk sql.NullInt64
	for range runs {
		start = time.Now()
		err = db.QueryRow(`SELECT count(*),
		sum((l.name_key = r.name_key)::int), sum((l.birth_date = r.birth_date)::int), sum((l.sex = r.sex)::int),
		sum((l.address = r.address)::int), sum((l.rt = r.rt)::int), sum((l.rw = r.rw)::int),
		sum((l.region_code = r.region_code)::int), sum((l.nkk = r.nkk)::int)
		FROM leak l JOIN ref r ON l.nik = r.nik
		WHERE NOT l.nik_masked AND length(l.nik) = 16`).Scan(&matched, &name, &dob, &sex, &addr, &rt, &rw, &region, &nkk)
		if err != nil {
			return err
		}
		times = append(times, time.Since(start).Seconds())
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	all := ""
	for _, t := range times {
		all += fmt.Sprintf(" %.2f", t)
	}
	fmt.Printf("duckdb: load %.2f s; join %.2f s (best of%s): %d matched (name %d, birth date %d, sex %d, address %d); peak RSS %d MiB\n",
		load.Seconds(), slices.Min(times), all, matched.Int64, name.Int64, dob.Int64, sex.Int64, addr.Int64, ru.Maxrss/1024)
	return nil
}
