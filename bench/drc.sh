#!/usr/bin/env bash
# Times `layoutmig drc` beside KLayout running the same rules, in one run.
# Builds the benchmark layouts first if they are missing: every
# sky130_fd_sc_hd cell of ../shared/pdk placed on one sheet, arrayed 10 x 10,
# flattened (sheet_flat.gds, about 415 MB, 5.6 M shapes) and as a hierarchy
# (sheet_array.gds, 4 MB). The rules are the sky130 rules of the DRC
# benchmark (see bench/drc/main.go); both tools use two threads.
#
# 1. The flat sheet: layoutmig beside KLayout flat (and deep with -deep).
# 2. The hierarchical sheet: layoutmig (hierarchical where it pays, its
#    default) and `layoutmig drc --flat` beside KLayout's deep mode.
# Usage: bash bench/drc.sh [rounds] [extra flags of bench/drc for the flat
# sheet, e.g. -deep]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
go build -o bench/out/layoutmig ./cmd/layoutmig
if [ ! -f bench/out/sheet_flat.gds ] || [ ! -f bench/out/sheet_array.gds ]; then
  go run ./bench/mksheet -in ../shared/pdk/sky130/sky130_fd_sc_hd -out bench/out
fi
rounds="${1:-3}"
shift || true
go run ./bench/drc -n "$rounds" -file bench/out/sheet_flat.gds -layoutmig bench/out/layoutmig "$@"
echo
go run ./bench/drc -n "$rounds" -file bench/out/sheet_array.gds -layoutmig bench/out/layoutmig \
  -klayout-flat=false -deep -flat -json bench/out/drc_hier.json
