#!/usr/bin/env bash
# Benchmark (not a test): `wangge validate` of the Shenzhen-size city beside the same checks in
# PostGIS SQL (tests/bench/census_checks.sql) on the same data, in one run.
# Usage: tests/bench/census_postgis.sh [BUILD_DIR] [WORK_DIR]
# WORK_DIR may already hold data/ from tests/bench/import_grids.sh; it is generated otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
as_of=2026-11-27

if [ ! -f "$work/data/grids.shp" ]; then
  "$wangge" generate --out "$work/data" --grids 100000 --components 2000000 --cases 3000000 --seed 1 --as-of $as_of >/dev/null
fi
rm -f "$work/census.gpkg"
"$wangge" init --workspace "$work/census.gpkg" --crs EPSG:4547 >/dev/null
"$wangge" import grids "$work/data/grids.shp" --workspace "$work/census.gpkg" >/dev/null
"$wangge" import components "$work/data/components.shp" --workspace "$work/census.gpkg" >/dev/null

now() { date +%s.%N; }

t0=$(now)
WANGGE_TIMING=1 "$wangge" validate --workspace "$work/census.gpkg" --as-of $as_of --json "$work/census.json" >"$work/validate.log"
t1=$(now)
wangge_s=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
echo "wangge validate: ${wangge_s} s"

. tests/pg_throwaway.sh
WANGGE_PG_OPTIONS="-c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB" pg_throwaway_start wangge_bench
ogr2ogr -f PostgreSQL PG:"$WANGGE_PG_DSN" "$work/census.gpkg" grids components -lco GEOMETRY_NAME=geom \
  -lco FID=fid -nlt PROMOTE_TO_MULTI --config PG_USE_COPY YES
psql -qAt -v ON_ERROR_STOP=1 -c "CREATE TABLE catalog (kind text, code text, major_name text, name text, accuracy text,
  limit_hours real, limit_clock text)" -c "\copy catalog FROM 'data/catalog.csv' CSV HEADER" \
  -c "DELETE FROM catalog WHERE kind <> 'component'" -c "CREATE INDEX ON grids (code)" \
  -c "CREATE INDEX ON components (grid_code)" -c "VACUUM ANALYZE"

t0=$(now)
psql -qAt -v as_of=$as_of -f tests/bench/census_checks.sql >"$work/postgis.log"
t1=$(now)
postgis_s=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
echo "PostGIS SQL:     ${postgis_s} s"
cat "$work/postgis.log" | sed 's/^/  /'
echo "ratio PostGIS / wangge: $(echo "$postgis_s $wangge_s" | awk '{printf "%.1f", $1 / $2}') (target ≥ 5, wangge < 60 s)"
