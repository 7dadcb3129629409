#!/usr/bin/env bash
# Ingest throughput against DuckDB's read_csv on the same file.
#   bench/ingest.sh [ROWS]      default 5000000
# Generates a registry with `telusur synth`, writes a ROWS-row leak as CSV,
# then times `telusur ingest` (detection + normalisation + Parquet) and
# DuckDB's read_csv (all columns as text, into an in-memory table), and
# prints both and the ratio. DuckDB comes from the Go module proxy
# (duckdb-go, cgo) in bench/duckdb, a separate module: never in telusur.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-5000000}
dir=${BENCH_DIR:-/tmp/telusur-bench}
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
echo "machine: $(nproc) cores; file: $(du -h "$csv" | cut -f1), $(($(wc -l <"$csv") - 1)) rows"
ws="$dir/ws-ingest"
rm -rf "$ws"
start=$(date +%s.%N)
"$dir/telusur" ingest --quiet --workspace "$ws" --name bench "$csv"
t_ours=$(echo "$(date +%s.%N) - $start" | bc)
sync
start=$(date +%s.%N)
"$dir/duckdb-peer" csv "$csv"
t_duck=$(echo "$(date +%s.%N) - $start" | bc)
printf 'wall: telusur ingest %.2f s, duckdb %.2f s; ratio duckdb/telusur %.2f (above 1: telusur faster)\n' "$t_ours" "$t_duck" "$(echo "$t_duck / $t_ours" | bc -l)"
[ "${KEEP:-0}" = 1 ] || rm -rf "$ws"
