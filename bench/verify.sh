#!/usr/bin/env bash
# Exact verify of a leak against a reference, against DuckDB's join of the
# same tables.
#   bench/verify.sh [REF_ROWS [LEAK_ROWS]]     defaults 20000000 1000000
# Generates a registry with `telusur synth` (or reuses BENCH_REG, a folder
# written by `telusur synth registry`), ingests its latest snapshot as the
# reference and a LEAK_ROWS genuine leak, then times:
#   - telusur verify, first run (builds the reference index) and RUNS more
#     (default 3; index reused: the join step, authenticity, coverage and
#     report);
#   - DuckDB (duckdb-go, in the separate module bench/duckdb) loading the
#     same Parquet parts into tables, then joining them on NIK and counting
#     field agreement (the same figures verify reports) RUNS times;
# and prints seconds, peak RSS and the ratio of the join steps, best of the
# runs (the machine's other load only ever slows a run down).
set -euo pipefail
cd "$(dirname "$0")/.."
ref_rows=${1:-20000000}
leak_rows=${2:-1000000}
dir=${BENCH_DIR:-/tmp/telusur-bench}
mkdir -p "$dir"
go build -o "$dir/telusur" ./cmd/telusur
(cd bench/duckdb && go build -o "$dir/duckdb-join" ./join)
t=$dir/telusur
reg=${BENCH_REG:-$dir/reg-verify-$ref_rows}
if [ ! -f "$reg/registry.json" ]; then
  "$t" synth registry --quiet --size "$ref_rows" --snapshots 1 --seed 11 --out "$reg" >/dev/null
fi
snap=$(ls -d "$reg"/*/ | sort | tail -1)
leak="$dir/leak-verify-$leak_rows-$(basename "$reg")"
if [ ! -f "$leak/dpt_genuine.csv" ]; then
  "$t" synth leak --quiet --registry "$reg" --scenario genuine --rows "$leak_rows" --seed 12 --out "$leak" >/dev/null
fi
ws="$dir/ws-verify-$(basename "$reg")"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; reference $snap; leak $(($(wc -l <"$leak/dpt_genuine.csv") - 1)) rows"
if [ ! -d "$ws" ]; then
  /usr/bin/time -f 'ingest reference: %e s, peak RSS %M KiB' "$t" ingest --quiet --workspace "$ws" --name ref --role reference "$snap" | tail -1
  /usr/bin/time -f 'ingest leak: %e s, peak RSS %M KiB' "$t" ingest --quiet --workspace "$ws" --name leak --role leak "$leak/dpt_genuine.csv" | tail -1
fi
rm -rf "$ws/index"
echo "--- telusur verify, first run (builds the reference index)"
/usr/bin/time -f 'verify (index build included): %e s, peak RSS %M KiB' "$t" verify --quiet --workspace "$ws" --reference ref --leak leak --out "$dir/report-verify" | grep -E 'verdict:|matched|index|RSS'
runs=${RUNS:-3}
echo "--- telusur verify, $runs runs with the index reused"
ours=
for i in $(seq "$runs"); do
  out=$( { /usr/bin/time -f 'verify: %e s, peak RSS %M KiB' "$t" verify --quiet --workspace "$ws" --reference ref --leak leak --out "$dir/report-verify"; } 2>&1 )
  [ "$i" = 1 ] && echo "$out" | grep -E 'verdict:|matched|index|RSS|verify:'
  ours="$ours $(echo "$out" | sed -n 's/.*leak linked and checked in \([0-9.]*\) s.*/\1/p')"
done
best=$(echo $ours | tr ' ' '\n' | sort -n | head -1)
echo "leak linked and checked in:$ours s (best $best s)"
echo "--- duckdb"
duck=$(JOIN_RUNS=$runs "$dir/duckdb-join" "$ws/datasets/ref/*.parquet" "$ws/datasets/leak/*.parquet")
echo "$duck"
dj=$(echo "$duck" | sed -n 's/.*join \([0-9.]*\) s.*/\1/p')
printf 'join step, best of %d: telusur %.2f s (leak read, exact + scored linkage, field agreement, authenticity, coverage), duckdb %.2f s (hash join + agreement sums on loaded tables); ratio duckdb/telusur %.2f (above 1: telusur faster)\n' "$runs" "$best" "$dj" "$(echo "$dj / $best" | bc -l)"
