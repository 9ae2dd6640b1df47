#!/usr/bin/env bash
# Benchmark (not a test): `wangge assess` of a year of the Shenzhen-size city, all levels, beside the
# same spatial join and grouping in PostGIS SQL (tests/bench/assess_checks.sql), in one run; and
# point location alone (`WANGGE_TIMING=1` prints it).
# Usage: tests/bench/assess_postgis.sh [BUILD_DIR] [WORK_DIR]  (WORK_DIR may hold data/ already)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
period=2026

if [ ! -f "$work/data/grids.shp" ]; then
  "$wangge" generate --out "$work/data" --grids 100000 --components 2000000 --cases 3000000 --seed 1 --as-of 2026-11-27 >/dev/null
fi
if [ ! -f "$work/assess.gpkg" ]; then
  "$wangge" init --workspace "$work/assess.gpkg" --crs EPSG:4547 >/dev/null
  "$wangge" import grids "$work/data/grids.shp" --workspace "$work/assess.gpkg" >/dev/null
  "$wangge" import cases "$work/data/cases.csv" --workspace "$work/assess.gpkg" --srs EPSG:4490 >/dev/null
  "$wangge" import roster "$work/data/roster.csv" --workspace "$work/assess.gpkg" >/dev/null
fi

now() { date +%s.%N; }
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
psql -qAt -v s=2026-01-01T00:00:00 -v e=2027-01-01T00:00:00 -f tests/bench/assess_checks.sql >"$work/assess_postgis.log"
t1=$(now)
pg=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
echo "PostGIS SQL: ${pg} s"
sed 's/^/  /' "$work/assess_postgis.log"
echo "ratio PostGIS / wangge: $(echo "$pg $best" | awk '{printf "%.1f", $1 / $2}') (target ≥ 10, wangge < 10 s)"
