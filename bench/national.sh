#!/usr/bin/env bash
# National scale on one machine, against DuckDB, in one run on the same files.
#   bench/national.sh [REF_ROWS [LEAK_ROWS [MASKED_ROWS]]]   defaults 20000000 5000000 1000000
# With BENCH_REG=DIR it reuses a registry written by `telusur synth registry`
# (e.g. the 205 M one); otherwise it generates one of REF_ROWS voters.
# Measures, printing seconds, rows/s, MB/s and peak RSS of each step:
#   1. ingest of the reference (its latest snapshot, Parquet);
#   2. ingest of a LEAK_ROWS genuine leak (CSV), on 1 and on 2 cores, and
#      DuckDB's read_csv of the same file;
#   3. the reference index build (`telusur index --rebuild`);
#   4. exact verify of the LEAK_ROWS leak, on 1 and on 2 cores;
#   5. probabilistic verify of a MASKED_ROWS leak with masked NIKs;
#   6. DuckDB loading the same Parquet datasets and joining them on NIK with
#      the field-agreement sums verify reports;
# and the ratios to DuckDB. DuckDB comes from the separate module
# bench/duckdb (duckdb-go, cgo), never from telusur's binary.
set -euo pipefail
cd "$(dirname "$0")/.."
ref_rows=${1:-20000000}
leak_rows=${2:-5000000}
masked_rows=${3:-1000000}
dir=${BENCH_DIR:-/tmp/telusur-bench}
mkdir -p "$dir"
go build -o "$dir/telusur" ./cmd/telusur
(cd bench/duckdb && go build -o "$dir/duckdb-peer" . && go build -o "$dir/duckdb-join" ./join)
t=$dir/telusur
reg=${BENCH_REG:-$dir/reg-national-$ref_rows}
if [ ! -f "$reg/registry.json" ]; then
  "$t" synth registry --quiet --size "$ref_rows" --snapshots 1 --seed 31 --out "$reg" >/dev/null
fi
snap=$(ls -d "$reg"/*/ | sort | tail -1)
tag=$(basename "$reg")
genuine="$dir/leak-national-genuine-$leak_rows-$tag"
masked="$dir/leak-national-masked-$masked_rows-$tag"
[ -f "$genuine/dpt_genuine.csv" ] || "$t" synth leak --quiet --registry "$reg" --scenario genuine --rows "$leak_rows" --seed 32 --out "$genuine" >/dev/null
[ -f "$masked/dpt_masked.csv" ] || "$t" synth leak --quiet --registry "$reg" --scenario masked --rows "$masked_rows" --seed 33 --out "$masked" >/dev/null
csv="$genuine/dpt_genuine.csv"
ws="$dir/ws-national-$tag"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); reference $snap"

# step NAME CMD...: runs CMD under /usr/bin/time, prints its last line and
# the wall time and peak RSS; sets $wall.
step() {
  local name=$1; shift
  local out
  out=$( { /usr/bin/time -f 'TIME %e %M' "$@"; } 2>&1 )
  wall=$(echo "$out" | awk '/^TIME/{print $2}')
  local rss=$(echo "$out" | awk '/^TIME/{printf "%.0f MiB", $3/1024}')
  echo "$out" | grep -v '^TIME' | tail -2 | sed 's/^/    /'
  printf '%-44s %8.2f s   peak RSS %s\n' "$name" "$wall" "$rss"
}

echo "--- 1. reference ingest"
if [ ! -d "$ws/datasets/ref" ]; then
  step "ingest reference (Parquet)" "$t" ingest --quiet --workspace "$ws" --name ref --role reference "$snap"
else
  echo "    (reference already in $ws)"
fi
echo "--- 2. leak ingest, $(du -h "$csv" | cut -f1) CSV"
for procs in 1 2; do
  rm -rf "$ws.leak-$procs"
  step "ingest leak, GOMAXPROCS=$procs" env GOMAXPROCS=$procs "$t" ingest --quiet --workspace "$ws.leak-$procs" --name leak --role leak "$csv"
  eval "ingest_$procs=$wall"
done
step "duckdb read_csv (all_varchar)" "$dir/duckdb-peer" csv "$csv"
duck_csv=$wall
rm -rf "$ws.leak-1" "$ws.leak-2"
[ -d "$ws/datasets/leak" ] || "$t" ingest --quiet --workspace "$ws" --name leak --role leak "$csv" >/dev/null
[ -d "$ws/datasets/masked" ] || "$t" ingest --quiet --workspace "$ws" --name masked --role leak "$masked/dpt_masked.csv" >/dev/null
echo "--- 3. index build"
step "telusur index --rebuild" "$t" index --quiet --workspace "$ws" --rebuild ref
echo "--- 4. exact verify, $leak_rows rows"
step "verify leak, GOMAXPROCS=1" env GOMAXPROCS=1 "$t" verify --quiet --workspace "$ws" --reference ref --leak leak --out "$dir/report-national"
verify_1=$wall
verify_2=
for i in 1 2 3; do # best of three: other load only ever slows a run
  step "verify leak, GOMAXPROCS=2, run $i" "$t" verify --quiet --workspace "$ws" --reference ref --leak leak --out "$dir/report-national"
  verify_2=$(printf '%s\n' $verify_2 $wall | sort -n | head -1)
done
echo "--- 5. probabilistic verify, $masked_rows rows with masked NIKs"
step "verify masked leak" "$t" verify --quiet --workspace "$ws" --reference ref --leak masked --out "$dir/report-national-masked"
echo "--- 6. duckdb join"
out=$(JOIN_RUNS=3 "$dir/duckdb-join" "$ws/datasets/ref/*.parquet" "$ws/datasets/leak/*.parquet")
echo "    $out"
duck_join=$(echo "$out" | sed -n 's/.*join \([0-9.]*\) s.*/\1/p')
echo "--- summary"
printf 'ingest scaling 1→2 cores: %.2fx; verify scaling 1→2 cores: %.2fx\n' "$(echo "$ingest_1 / $ingest_2" | bc -l)" "$(echo "$verify_1 / $verify_2" | bc -l)"
printf 'ingest vs duckdb read_csv: ratio %.2f (duckdb time / telusur time; above 1: telusur faster)\n' "$(echo "$duck_csv / $ingest_2" | bc -l)"
printf 'exact verify (whole command, leak read to report; best of 3: %.2f s) vs duckdb join on loaded tables (best of 3: %.2f s): ratio %.2f\n' "$verify_2" "$duck_join" "$(echo "$duck_join / $verify_2" | bc -l)"
