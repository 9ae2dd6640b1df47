#!/usr/bin/env bash
# Benchmark (not a test): generates the Shenzhen-size city of design.md, then times
# `wangge import grids` of its 100,000 grids beside `ogr2ogr -f GPKG` copying the same file, in one
# run. Usage: tests/bench/import_grids.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
mkdir -p "$work"

seconds() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }

echo "generate (100,000 grids, 2,000,000 components, 3,000,000 cases):"
gen=$(seconds "$wangge" generate --out "$work/data" --grids 100000 --components 2000000 --cases 3000000 \
      --seed 1 --as-of 2026-11-27)
echo "  ${gen} s"

best_w=999999 best_o=999999
for run in 1 2 3; do
  rm -f "$work/ws.gpkg" "$work/ogr.gpkg"
  "$wangge" init --workspace "$work/ws.gpkg" --crs EPSG:4547 >/dev/null
  w=$(seconds "$wangge" import grids "$work/data/grids.shp" --workspace "$work/ws.gpkg")
  o=$(seconds ogr2ogr -f GPKG "$work/ogr.gpkg" "$work/data/grids.shp")
  echo "run $run: wangge import grids ${w} s, ogr2ogr -f GPKG ${o} s"
  best_w=$(echo "$w $best_w" | awk '{print ($1 < $2) ? $1 : $2}')
  best_o=$(echo "$o $best_o" | awk '{print ($1 < $2) ? $1 : $2}')
done
echo "best: wangge ${best_w} s, ogr2ogr ${best_o} s, ratio $(echo "$best_w $best_o" | awk '{printf "%.2f", $1 / $2}') (target ≤ 1.5)"
echo "data left in $work"
