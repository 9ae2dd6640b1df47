#!/usr/bin/env bash
# Benchmark (not a test): a city of many grids and few cases (WANGGE_BENCH_SCALE=many_grids: 225,000
# grids, 200,000 components, 200,000 cases of a year), where storing and writing the results, not
# counting the cases, is most of an assessment's work. Records, each beside its reference:
#   - census validation: its time, the overlap step's (WANGGE_TIMING) beside GEOS 3.13.1's
#     coverage validator on a city of this shape (1.10 s on one core, measured outside: Debian 12
#     ships GEOS 3.11, which has none), and the peak memory;
#   - the assessment of the year with --json beside the PostGIS SQL (bench/assess_postgis.sh), and
#     the store of its region rows beside SQLite's own time to write the same rows into a new file
#     (bench/store_floor.cpp: no rows to make, no old rows to delete, no journal).
# The census checks in PostGIS SQL take minutes at this shape (403 s once): not run here.
# Usage: bench/many_grids.sh [BUILD_DIR] [WORK_DIR]  (WORK_DIR/data is generated when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
export WANGGE_BENCH_SCALE=many_grids
. bench/lib.sh
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
bench_city "$work" "$wangge"

ws=$work/census.gpkg
bench_census "$wangge" "$work" "$ws"
best=999999 overlap=999999 peak=0
for run in 1 2; do
  t0=$(now)
  WANGGE_TIMING=1 /usr/bin/time -f "%M" -o "$work/validate.time" "$wangge" validate --workspace "$ws" \
    --as-of $bench_as_of --json "$work/census.json" >"$work/validate.log" 2>"$work/validate.timing"
  t1=$(now)
  s=$(elapsed "$t0" "$t1")
  o=$(awk '$1 == "grid" && $2 == "overlaps" {print $3}' "$work/validate.timing")
  m=$(peak_mb "$work/validate.time")
  echo "wangge validate (run $run): ${s} s, the overlap step ${o} s, peak ${m} MB"
  best=$(echo "$s $best" | awk '{print ($1 < $2) ? $1 : $2}')
  overlap=$(echo "$o $overlap" | awk '{print ($1 < $2) ? $1 : $2}')
  peak=$(echo "$m $peak" | awk '{print ($1 > $2) ? $1 : $2}')
done
sed 's/^/  /' "$work/validate.timing"
findings=$(findings_in "$work/validate.log")
geos_313=1.10
result validate_time "census validation of the city (s)" "$best" "" s "< 60 s" "$(met "$best < 60")"
result overlap_step "validate's overlap step, 2 cores (s)" "$overlap" "$geos_313" s \
  "≤ 0.28 s: 2 × GEOS 3.13.1's one core" "$(met "$overlap <= 0.28")"
result validate_peak "validate peak memory, ${findings:-?} findings (MB)" "$peak" "" MB "≤ 400 MB" \
  "$(met "$peak <= 400")"

bench/assess_postgis.sh "$build" "$work"
# The store alone: the step's lap also waits for the JSON written beside it.
store=$(sed -n 's/.*store results.*(the store alone \([0-9.]*\) s.*/\1/p' "$work/assess.timing")
regions=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["regions"]))' \
  "$work/assess.json" 2>/dev/null || echo "?")
floor=$("$build/bench/store_floor" "$work/assess.gpkg" 2026 "$work/store_floor.sqlite")
echo "SQLite alone, the same rows into a new file: ${floor} s"
# The departments' and staff's few hundred rows go in the same transaction.
result store_regions "store of the assessment's $regions region rows (s)" "$store" "$floor" s "< 0.3 s" \
  "$(met "$store < 0.3")"
