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
#   RUNS=N     run each side N times, taking turns, and keep the fastest
#              (default 1); on a shared machine this filters out other load
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

# once LABEL CMD...: runs CMD once and keeps in best_LABEL the wall time (s)
# and peak RSS (KiB) of the fastest run so far, whose own output is kept in
# $dir/LABEL.out.
once() {
  local label=$1
  shift
  sync
  local start end t
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$dir/$label.rss" "$@" >"$dir/$label.run"
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  local best="best_$label"
  if [ -z "${!best:-}" ] || [ "$(echo "$t < ${!best% *}" | bc)" = 1 ]; then
    printf -v "$best" '%s %s' "$t" "$(tail -1 "$dir/$label.rss")"
    mv "$dir/$label.run" "$dir/$label.out"
  fi
}

report() { # LABEL WALL RSS
  printf '%-16s %d rows in %6.2f s: %8.0f rows/s, %6.1f MB/s; peak RSS %5d MiB\n' "$1" "$n" "$2" \
    "$(echo "$n / $2" | bc -l)" "$(echo "$bytes / 1000000 / $2" | bc -l)" "$(($3 / 1024))"
}

# The two sides take turns, so load from elsewhere hits both alike.
best_telusur="" best_duckdb=""
for _ in $(seq "$runs"); do
  rm -rf "$ws"
  once telusur "$dir/telusur" ingest --quiet --workspace "$ws" --name bench "$csv"
  once duckdb "$dir/duckdb-peer" csv "$csv"
done
read -r t_ours rss_ours <<<"$best_telusur"
read -r t_duck rss_duck <<<"$best_duckdb"
sed 's/^/  /' "$dir/telusur.out" "$dir/duckdb.out"
report "telusur ingest" "$t_ours" "$rss_ours"
report "duckdb read_csv" "$t_duck" "$rss_duck"
printf 'ratio duckdb/telusur %.2f (wall; above 1: telusur faster); best of %d run(s) each\n' "$(echo "$t_duck / $t_ours" | bc -l)" "$runs"
[ "${KEEP:-0}" = 1 ] || rm -rf "$ws"
