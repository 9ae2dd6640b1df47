#!/usr/bin/env bash
# Benchmark (not a test): the same city imported, validated and assessed on both stores in one run
# — the GeoPackage file and a PostGIS schema on a throwaway local server — with each step's time.
# Usage: bench/stores.sh [BUILD_DIR] [WORK_DIR]  (WORK_DIR/data is generated when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
bench_city "$work" "$wangge"

. tests/pg_throwaway.sh
WANGGE_PG_OPTIONS="-c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB -c max_wal_size=8GB" \
  pg_throwaway_start wangge_stores

# timed STORE STEP COMMAND…: runs a command, prints and records its time.
declare -A took
timed() {
  local store=$1 step=$2
  shift 2
  local t0 t1
  t0=$(now)
  "$@" >/dev/null 2>&1 || { echo "bench/stores.sh: $store $step failed: $*" >&2; "$@"; exit 1; }
  t1=$(now)
  took[$store.$step]=$(elapsed "$t0" "$t1")
  printf '  %-8s %-10s %8s s\n' "$store" "$step" "${took[$store.$step]}"
}

for store in gpkg postgis; do
  if [ $store = gpkg ]; then ws=$work/stores.gpkg && rm -f "$ws"; else ws="$WANGGE_PG_URI?schema=bench"; fi
  "$wangge" init --workspace "$ws" --crs EPSG:4547 >/dev/null
  t0=$(now)
  timed $store grids "$wangge" import grids "$work/data/grids.shp" --workspace "$ws"
  timed $store components "$wangge" import components "$work/data/components.shp" --workspace "$ws"
  timed $store cases "$wangge" import cases "$work/data/cases.csv" --workspace "$ws" --srs EPSG:4490
  timed $store roster "$wangge" import roster "$work/data/roster.csv" --workspace "$ws"
  took[$store.import]=$(elapsed "$t0" "$(now)")
  timed $store validate "$wangge" validate --workspace "$ws" --as-of $bench_as_of --json "$work/$store-census.json"
  timed $store assess "$wangge" assess --workspace "$ws" --period 2026 --json "$work/$store-assess.json"
done
cmp -s "$work/gpkg-census.json" "$work/postgis-census.json" && same_census=yes || same_census=no
cmp -s "$work/gpkg-assess.json" "$work/postgis-assess.json" && same_assess=yes || same_assess=no
echo "  validate JSON identical on both stores: $same_census; assess JSON: $same_assess"
for step in import validate assess; do
  g=${took[gpkg.$step]} p=${took[postgis.$step]}
  result store_$step "$step on PostGIS, GeoPackage beside it (s)" "$p" "$g" s "same answers" "$(
    [ $step = import ] && echo yes || { [ $step = validate ] && echo $same_census || echo $same_assess; }
  )"
done
