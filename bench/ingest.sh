#!/usr/bin/env bash
# Ingest throughput against DuckDB's read_csv on the same file.
#   bench/ingest.sh [ROWS]      default 5000000
# Generates a registry with `telusur synth`, writes a ROWS-row leak as CSV,
# then times `telusur ingest` (detection + normalisation + Parquet) and
# DuckDB's read_csv (all columns as text, into an in-memory table), and
# prints for both the wall time, rows/s, MB/s and peak RSS, and the ratio.
# DuckDB comes from the Go module proxy (duckdb-go, cgo) in bench/duckdb, a
# separate module: never in telusur.
#   BENCH_DIR  where the data and binaries go (default /tmp/telusur-bench)
#   KEEP=1     keep the workspace ingested into
#   RUNS=N     run each side N times and keep the fastest (default 1); on a
#              shared machine this filters out other people's load
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-5000000}
dir=${BENCH_DIR:-/tmp/telusur-bench}
runs=${RUNS:-1}
mkdir -p "$dir"
go build -o "$dir/telusur" ./cmd/telusur
(cd bench/duckdb && go build -o "$dir/duckdb-peer" .)
reg="$dir/reg-ingest-$rows"
leak="$dir/leak-ingest-$rows"
if [ ! -f "$leak/dpt_genuine.csv" ]; then
  "$dir/telusur" synth registry --quiet --size "$rows" --snapshots 1 --seed 7 --out "$reg" >/dev/null
  # The leak is the whole snapshot (rows = size) re-exported as KPU's CSV.
  "$dir/telusur" synth leak --quiet --registry "$reg" --scenario genuine --rows "$rows" --out "$leak" >/dev/null
fi
csv="$leak/dpt_genuine.csv"
n=$(($(wc -l <"$csv") - 1))
bytes=$(stat -c %s "$csv")
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg); file: $(du -h "$csv" | cut -f1), $n rows"
ws="$dir/ws-ingest"

# measure LABEL CMD...: runs CMD $runs times (after SETUP, if set) and sets
# wall (s) and rss (KiB) of the fastest run, whose own output is kept in
# $dir/LABEL.out.
measure() {
  local label=$1
  shift
  wall="" rss=""
  for _ in $(seq "$runs"); do
    if [ -n "${SETUP:-}" ]; then eval "$SETUP"; fi
    sync
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$dir/$label.rss" "$@" >"$dir/$label.run"
    end=$(date +%s.%N)
    local t
    t=$(echo "$end - $start" | bc)
    if [ -z "$wall" ] || [ "$(echo "$t < $wall" | bc)" = 1 ]; then
      wall=$t rss=$(tail -1 "$dir/$label.rss")
      mv "$dir/$label.run" "$dir/$label.out"
    fi
  done
}

report() { # LABEL WALL RSS
  printf '%-16s %d rows in %6.2f s: %8.0f rows/s, %6.1f MB/s; peak RSS %5d MiB\n' "$1" "$n" "$2" \
    "$(echo "$n / $2" | bc -l)" "$(echo "$bytes / 1000000 / $2" | bc -l)" "$(($3 / 1024))"
}

SETUP="rm -rf '$ws'" measure telusur "$dir/telusur" ingest --quiet --workspace "$ws" --name bench "$csv"
t_ours=$wall rss_ours=$rss
SETUP="" measure duckdb "$dir/duckdb-peer" csv "$csv"
t_duck=$wall rss_duck=$rss
sed 's/^/  /' "$dir/telusur.out" "$dir/duckdb.out"
report "telusur ingest" "$t_ours" "$rss_ours"
report "duckdb read_csv" "$t_duck" "$rss_duck"
printf 'ratio duckdb/telusur %.2f (wall; above 1: telusur faster); best of %d run(s) each\n' "$(echo "$t_duck / $t_ours" | bc -l)" "$runs"
[ "${KEEP:-0}" = 1 ] || rm -rf "$ws"
