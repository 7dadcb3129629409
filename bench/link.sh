#!/usr/bin/env bash
# bench/link.sh: probabilistic linkage of N synthetic leak rows with masked
# NIKs against an N-row registry (default 1,000,000 × 1,000,000): pairs
# compared per second, total time and peak RSS of `telusur link`.
#   N=1000000 DIR=/tmp/telusur-link-bench bench/link.sh
set -euo pipefail
N=${N:-1000000}
DIR=${DIR:-/tmp/telusur-link-bench}
cd "$(dirname "$0")/.."
go build -o "$DIR/telusur" ./cmd/telusur
T="$DIR/telusur"
export TELUSUR_WORKSPACE="$DIR/ws"
if [ ! -d "$DIR/reg" ]; then
  "$T" synth registry --size "$N" --seed 1 --snapshots 1 --out "$DIR/reg" -q
fi
if [ ! -d "$DIR/leak" ]; then
  "$T" synth leak --registry "$DIR/reg" --scenario masked --rows "$N" --seed 2 --out "$DIR/leak" -q
fi
"$T" datasets 2>/dev/null | grep -q '^reg ' || "$T" ingest "$DIR/reg/1-DPT" --name reg --role reference -q
"$T" datasets 2>/dev/null | grep -q '^masked ' || "$T" ingest "$DIR/leak/dpt_masked.csv" --name masked -q
echo "== telusur link --left masked --right reg (GOMAXPROCS=${GOMAXPROCS:-$(nproc)})"
"$T" link --left masked --right reg --truth person_id --left-truth-csv "$DIR/leak/truth.csv" --ref-date 2023-07-02 -q
