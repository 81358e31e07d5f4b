#!/usr/bin/env bash
# Times `layoutmig drc` beside KLayout running the same rules, in one run.
# Builds the benchmark layout first if it is missing: every sky130_fd_sc_hd
# cell of ../shared/pdk placed on one sheet, arrayed 10 x 10, flattened
# (about 415 MB, 5.6 M shapes). The rules are the sky130 rules of the DRC
# benchmark (see bench/drc/main.go); both tools use two threads.
# Usage: bash bench/drc.sh [rounds] [extra flags of bench/drc, e.g. -deep]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
go build -o bench/out/layoutmig ./cmd/layoutmig
if [ ! -f bench/out/sheet_flat.gds ]; then
  go run ./bench/mksheet -in ../shared/pdk/sky130/sky130_fd_sc_hd -out bench/out
fi
rounds="${1:-3}"
shift || true
go run ./bench/drc -n "$rounds" -file bench/out/sheet_flat.gds -layoutmig bench/out/layoutmig "$@"
