#!/usr/bin/env bash
# Benchmark (not a test): `wangge assess` of a year of the city, all levels, beside the same spatial
# join and grouping in PostGIS SQL (bench/assess_checks.sql), in one run; and point location alone
# (`WANGGE_TIMING=1` prints it).
# Usage: bench/assess_postgis.sh [BUILD_DIR] [WORK_DIR]  (WORK_DIR/data is generated when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
period=2026
bench_city "$work" "$wangge"
if [ ! -f "$work/assess.gpkg" ]; then
  "$wangge" init --workspace "$work/assess.gpkg" --crs EPSG:4547 >/dev/null
  "$wangge" import grids "$work/data/grids.shp" --workspace "$work/assess.gpkg" >/dev/null
  "$wangge" import cases "$work/data/cases.csv" --workspace "$work/assess.gpkg" --srs EPSG:4490 >/dev/null
  "$wangge" import roster "$work/data/roster.csv" --workspace "$work/assess.gpkg" >/dev/null
fi

best=999999
for run in 1 2; do
  t0=$(now)
  WANGGE_TIMING=1 "$wangge" assess --workspace "$work/assess.gpkg" --period $period --json "$work/assess.json" \
    >"$work/assess.log" 2>"$work/assess.timing"
  t1=$(now)
  s=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
  echo "wangge assess (run $run): ${s} s"
  best=$(echo "$s $best" | awk '{print ($1 < $2) ? $1 : $2}')
done
sed 's/^/  /' "$work/assess.timing"

. tests/pg_throwaway.sh
WANGGE_PG_OPTIONS="-c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB" pg_throwaway_start wangge_bench
ogr2ogr -f PostgreSQL PG:"$WANGGE_PG_DSN" "$work/assess.gpkg" grids cases -lco GEOMETRY_NAME=geom -lco FID=fid \
  -nlt PROMOTE_TO_MULTI --config PG_USE_COPY YES
psql -qAt -v ON_ERROR_STOP=1 -c "ALTER TABLE cases ALTER COLUMN geom TYPE geometry(Point, 4547) USING ST_GeometryN(geom, 1)" \
  -c "ALTER TABLE cases ALTER COLUMN voided TYPE boolean USING voided::int::boolean" -c "VACUUM ANALYZE"

t0=$(now)
psql -qAt -v s=2026-01-01T00:00:00 -v e=2027-01-01T00:00:00 -f bench/assess_checks.sql >"$work/assess_postgis.log"
t1=$(now)
pg=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
echo "PostGIS SQL: ${pg} s"
sed 's/^/  /' "$work/assess_postgis.log"
ratio=$(echo "$pg $best" | awk '{printf "%.1f", $1 / $2}')
result assess_time "assessment of a year, all levels (s)" "$best" "" s "< 10 s" "$(met "$best < 10")"
result assess_postgis "assessment vs PostGIS SQL (s)" "$best" "$pg" s "≥ 10 × faster (${ratio} ×)" "$(met "$ratio >= 10")"
