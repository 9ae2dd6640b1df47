#!/usr/bin/env bash
# Benchmark (not a test): uncached grid-layer tiles of the city at zooms 12–16, p50 and p95 per zoom,
# drawn by wangge (MVT and PNG, bench/tile_bench.cpp) beside PostGIS ST_AsMVT on the same tiles in
# the same run; and the size of the vector tiles at zooms 9–11. PostGIS gets every advantage: grids already in EPSG:3857 with a GiST index, joined to
# their results once beforehand.
# Usage: bench/tiles_postgis.sh WORKSPACE PERIOD [BUILD_DIR] [TILES_PER_ZOOM]
# (the workspace needs the period assessed: wangge assess --workspace WS --period P)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ws=$1
period=$2
build=${3:-build}
per_zoom=${4:-100}
work=$(mktemp -d /tmp/wangge-tiles-bench.XXXXXX)

echo "== wangge (engine, uncached; a vector tile of thousands of regions drawn in parts on the cores) =="
"$build/bench/tile_bench" "$ws" "$period" "$per_zoom" "$work/tiles.txt" | tee "$work/ours.txt"

. tests/pg_throwaway.sh
WANGGE_PG_OPTIONS="-c shared_buffers=1GB -c work_mem=128MB" pg_throwaway_start wangge_tiles
ogr2ogr -f PostgreSQL PG:"$WANGGE_PG_DSN" "$ws" grids -lco GEOMETRY_NAME=geom -lco FID=fid -nlt PROMOTE_TO_MULTI \
  --config PG_USE_COPY YES
ogr2ogr -f PostgreSQL PG:"$WANGGE_PG_DSN" "$ws" -sql "SELECT * FROM assessment_results WHERE period = '$period' AND level = 'grid'" \
  -nln results --config PG_USE_COPY YES
psql -qAt -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE grid_tiles AS
  SELECT g.code, g.name, 'grid'::text AS level, 'composite'::text AS indicator, r.composite AS value, r.grade,
         r.colour, r.grids, r.filed, r.due, r.closed, r.closed_on_time, r.overdue_open, r.composite,
         ST_Transform(g.geom, 3857) AS geom
  FROM grids g LEFT JOIN results r ON r.code = g.code;
CREATE INDEX ON grid_tiles USING gist (geom);
ANALYZE grid_tiles;
CREATE TABLE tile_list (z int, x int, y int);
CREATE TABLE timing (z int, ms double precision, bytes int);
SQL
psql -qAt -v ON_ERROR_STOP=1 -c "\copy tile_list FROM '$work/tiles.txt' WITH (FORMAT text, DELIMITER ' ')"
psql -qAt -v ON_ERROR_STOP=1 <<'SQL'
DO $$
DECLARE t record; started timestamptz; tile bytea;
BEGIN
  FOR t IN SELECT * FROM tile_list LOOP
    started := clock_timestamp();
    SELECT ST_AsMVT(q, 'grid', 4096, 'geom') INTO tile FROM (
      SELECT code, name, level, indicator, value, grade, colour, grids, filed, due, closed, closed_on_time,
             overdue_open, composite,
             ST_AsMVTGeom(geom, ST_TileEnvelope(t.z, t.x, t.y), 4096, 64, true) AS geom
      FROM grid_tiles WHERE geom && ST_TileEnvelope(t.z, t.x, t.y, margin => 64.0 / 4096)) q;
    INSERT INTO timing VALUES (t.z, extract(epoch FROM clock_timestamp() - started) * 1000, length(tile));
  END LOOP;
END $$;
SQL
echo "== PostGIS ST_AsMVT (same tiles) =="
printf "%-4s %-7s %8s %8s %8s\n" zoom format "p50 ms" "p95 ms" "mean ms"
psql -qAt -F ' ' -c "SELECT z, 'st_asmvt', round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2),
  round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 2), round(avg(ms)::numeric, 2)
  FROM timing GROUP BY z ORDER BY z" | awk '{printf "%-4s %-7s %8s %8s %8s\n", $1, $2, $3, $4, $5}' |
  tee "$work/postgis.txt"
for z in 12 13 14 15 16; do
  mvt=$(awk -v z=$z '$1 == z && $2 == "mvt" {print $3}' "$work/ours.txt")
  png=$(awk -v z=$z '$1 == z && $2 == "png" {print $3}' "$work/ours.txt")
  pg=$(awk -v z=$z '$1 == z {print $3}' "$work/postgis.txt")
  ratio=$(echo "$pg $mvt" | awk '{printf "%.1f", $1 / $2}')
  result "mvt_z$z" "grid MVT p50, zoom $z (ms)" "$mvt" "$pg" ms "< 5 ms, ≥ 3 × ST_AsMVT (${ratio} ×)" \
    "$(met "$mvt < 5 && $ratio >= 3")"
  result "png_z$z" "grid PNG p50, zoom $z (ms)" "$png" "" ms "< 20 ms" "$(met "$png < 20")"
done
# Below zoom 12 a city's grids are under two pixels across: the size of the tile a client must
# parse, beside ST_AsMVT's grid by grid for the same tiles; at most tippecanoe's default limit.
for z in 9 10 11; do
  kb=$(awk -v z=$z '$1 == z && $2 == "mvt_low" {print $5}' "$work/ours.txt")
  pg=$(psql -qAt -c "SELECT round(max(bytes) / 1024.0, 1) FROM timing WHERE z = $z")
  result "mvt_kb_z$z" "grid MVT, largest of zoom $z (KB)" "$kb" "$pg" KB "≤ 500 KB (tippecanoe's limit)" \
    "$(met "$kb <= 500")"
done
rm -rf "$work"
