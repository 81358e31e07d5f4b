#!/usr/bin/env bash
# Times layoutmig's GDSII read and round trip beside KLayout's, in one run.
# Builds the benchmark layout first if it is missing: every sky130_fd_sc_hd
# cell of ../shared/pdk placed on one sheet, arrayed 10 x 10, flattened
# (about 415 MB, 5.6 M shapes). Usage: bash bench/codec.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
go build -o bench/out/layoutmig ./cmd/layoutmig
if [ ! -f bench/out/sheet_flat.gds ]; then
  go run ./bench/mksheet -in ../shared/pdk/sky130/sky130_fd_sc_hd -out bench/out
fi
go run ./bench/codec -n "${1:-5}" -file bench/out/sheet_flat.gds -layoutmig bench/out/layoutmig
