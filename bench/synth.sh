#!/usr/bin/env bash
# Measures `telusur synth registry` and `synth leak`: rows/s and peak RSS.
#   bench/synth.sh [SIZE...]        default: 1000000
# Output goes to ${BENCH_DIR:-/tmp/telusur-bench} and is removed afterwards
# unless KEEP=1. A 20M run needs about 4 GB of disk; 205M about 40 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp/telusur-bench}
mkdir -p "$dir"
go build -o "$dir/telusur" ./cmd/telusur
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(go version)"
for n in "${sizes[@]}"; do
  out="$dir/reg-$n"
  rm -rf "$out"
  echo "== synth registry --size $n --snapshots 3 (parquet)"
  "$dir/telusur" synth registry --quiet --size "$n" --seed 1 --snapshots 3 --out "$out"
  echo "   on disk: $(du -sh "$out" | cut -f1)"
  echo "== synth leak: every scenario, 100000 rows"
  for sc in genuine masked typos fabricated older-snapshot recipient-copy mixed; do
    start=$(date +%s.%N)
    "$dir/telusur" synth leak --quiet --registry "$out" --scenario "$sc" --rows 100000 --out "$dir/leak-$n-$sc" >/dev/null
    printf '   %-15s %6.2f s\n' "$sc" "$(echo "$(date +%s.%N) - $start" | bc)"
  done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$out" "$dir"/leak-"$n"-*
done
