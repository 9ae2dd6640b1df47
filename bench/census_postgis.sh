#!/usr/bin/env bash
# Benchmark (not a test): `wangge validate` of the city beside the same checks in PostGIS SQL
# (bench/census_checks.sql) on the same data, in one run.
# Usage: bench/census_postgis.sh [BUILD_DIR] [WORK_DIR]  (WORK_DIR/data is generated when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
as_of=$bench_as_of
bench_city "$work" "$wangge"
bench_census "$wangge" "$work" "$work/census.gpkg"

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
psql -qAt -v as_of=$as_of -f bench/census_checks.sql >"$work/postgis.log"
t1=$(now)
postgis_s=$(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}')
echo "PostGIS SQL:     ${postgis_s} s"
cat "$work/postgis.log" | sed 's/^/  /'
ratio=$(echo "$postgis_s $wangge_s" | awk '{printf "%.1f", $1 / $2}')
result validate_time "census validation of the city (s)" "$wangge_s" "" s "< 60 s" "$(met "$wangge_s < 60")"
result validate_postgis "census validation vs PostGIS SQL (s)" "$wangge_s" "$postgis_s" s "≥ 5 × faster (${ratio} ×)" \
  "$(met "$ratio >= 5")"
