#!/usr/bin/env bash
# Times `layoutmig batch` on the whole gf180mcu 7-track library of
# ../shared/pdk (229 cells, one file each) with each shipped recipe, two
# cells at a time (--jobs 2), into a fresh output folder per round, and
# prints every round and the median per recipe (target: at most 15 s each).
# A run with cells left with violations ends with status 2: that counts as
# a finished run; status 1 stops the benchmark.
# Usage: bash bench/batch.sh [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
lib="$(cd .. && pwd)/shared/pdk/gf180mcu/gf180mcu_fd_sc_mcu7t5v0"
[ -d "$lib" ] || { echo "bench/batch.sh: no library at $lib" >&2; exit 1; }
mkdir -p bench/out
go build -o bench/out/layoutmig ./cmd/layoutmig
out="bench/out/batch"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for recipe in gf180mcu-to-sky130 gf180mcu-to-ihp-sg13g2; do
  times=()
  for ((i = 1; i <= rounds; i++)); do
    rm -rf "$out"
    sync
    t0=$(date +%s.%N)
    status=0
    bench/out/layoutmig batch "$lib" --recipe "$recipe" --out "$out" --jobs 2 -q > "$out.txt" 2> "$out.err" || status=$?
    t1=$(date +%s.%N)
    if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
      echo "bench/batch.sh: $recipe: layoutmig batch failed (status $status):" >&2
      cat "$out.err" >&2
      exit 1
    fi
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    times+=("$t")
    printf '%-24s round %d: %6.2f s  (%s)\n' "$recipe" "$i" "$t" "$(tail -n 1 "$out.txt")"
  done
  printf '%-24s median of %d: %.2f s\n' "$recipe" "$rounds" "$(printf '%s\n' "${times[@]}" | median)"
done
rm -rf "$out" "$out.txt" "$out.err"
