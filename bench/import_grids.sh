#!/usr/bin/env bash
# Benchmark (not a test): `wangge import grids` of the city's grids beside `ogr2ogr -f GPKG` copying
# the same file, best of three runs each. Usage: bench/import_grids.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
bench_city "$work" "$wangge"

seconds() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
best_w=999999 best_o=999999
for run in 1 2 3; do
  rm -f "$work/import.gpkg" "$work/ogr.gpkg"
  "$wangge" init --workspace "$work/import.gpkg" --crs EPSG:4547 >/dev/null
  w=$(seconds "$wangge" import grids "$work/data/grids.shp" --workspace "$work/import.gpkg")
  o=$(seconds ogr2ogr -f GPKG "$work/ogr.gpkg" "$work/data/grids.shp")
  echo "run $run: wangge import grids ${w} s, ogr2ogr -f GPKG ${o} s"
  best_w=$(echo "$w $best_w" | awk '{print ($1 < $2) ? $1 : $2}')
  best_o=$(echo "$o $best_o" | awk '{print ($1 < $2) ? $1 : $2}')
done
rm -f "$work/import.gpkg" "$work/ogr.gpkg"
ratio=$(echo "$best_w $best_o" | awk '{printf "%.2f", $1 / $2}')
result import_grids "import of $bench_grids grids (s)" "$best_w" "$best_o" s "≤ 1.5 × ogr2ogr (${ratio} ×)" \
  "$(met "$ratio <= 1.5")"
