#!/usr/bin/env bash
# Times the geometry kernel beside KLayout on the 5.6 M-shape flat sheet (see
# bench/codec.sh), in one run. Usage: bash bench/region.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
if [ ! -f bench/out/sheet_flat.gds ]; then
  go run ./bench/mksheet -in ../shared/pdk/sky130/sky130_fd_sc_hd -out bench/out
fi
go build -o bench/out/regionbench ./bench/region
bench/out/regionbench -n "${1:-3}" -file bench/out/sheet_flat.gds
