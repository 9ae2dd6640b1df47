#!/usr/bin/env bash
# The benchmark suite: every target of design.md measured beside its reference in one run, and the
# micro-benchmarks of the hot paths. Writes BENCHMARKS.md (the table) and BENCHMARKS.json (every
# figure and the micro-benchmarks' raw output) at the project's root.
#
# Usage: bench/run.sh [--quick]
#   full (default): the Shenzhen-size city of design.md; takes up to 30 minutes on 2 cores.
#   --quick: a city of 5,000 grids, in about 2 minutes, to check a change while developing (its
#   figures are not the targets' figures).
# Run as root after the README's set-up (install.sh): it starts a throwaway PostgreSQL + PostGIS.
# The generated city is kept in $WANGGE_BENCH_CACHE (default ~/.cache/wangge-bench), keyed by the
# generator's sources, the seed and the scale, and reused by later runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export WANGGE_BENCH_SCALE=full
if [ "${1:-}" = "--quick" ]; then export WANGGE_BENCH_SCALE=quick; fi
. bench/lib.sh

# What the README's set-up (install.sh) does not bring: the HTTP load generator and curl.
missing=()
for p in wrk curl; do dpkg-query -W -f='${Status}' $p 2>/dev/null | grep -q "install ok installed" || missing+=($p); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "bench/run.sh: run as root to install ${missing[*]}" >&2; exit 2; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in wrk ogr2ogr psql python3 curl; do
  command -v $tool >/dev/null || { echo "bench/run.sh: $tool is missing; run ./install.sh first" >&2; exit 2; }
done

echo "== build (Release, benchmarks) =="
build=build-bench
cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DWANGGE_BUILD_TESTS=OFF -DWANGGE_BUILD_BENCHMARKS=ON >/dev/null
cmake --build $build -j"$(nproc)" >/dev/null
wangge=$build/wangge

# The city, generated once per generator version (its sources' tree), seed and scale.
generator=$(git rev-parse HEAD:src/generate 2>/dev/null || sha1sum src/generate/* | sha1sum | cut -c1-40)
cache=${WANGGE_BENCH_CACHE:-$HOME/.cache/wangge-bench}/city-${generator:0:12}-seed$bench_seed-$bench_scale
echo "== city: $cache =="
bench_city "$cache" "$wangge"
work=$(mktemp -d /tmp/wangge-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
ln -s "$cache/data" "$work/data"
export WANGGE_BENCH_RESULTS=$work/results.jsonl
: >"$WANGGE_BENCH_RESULTS"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "== import =="
bench/import_grids.sh $build "$work"
echo "== census validation =="
bench/census_postgis.sh $build "$work"
bench/validate_memory.sh $build "$work"
echo "== assessment =="
bench/assess_postgis.sh $build "$work"
echo "== the same city on both stores: GeoPackage and PostGIS =="
bench/stores.sh $build "$work"

if [ "$bench_scale" = full ]; then
  echo "== a city of many grids and few cases =="
  many=${WANGGE_BENCH_CACHE:-$HOME/.cache/wangge-bench}/city-${generator:0:12}-seed$bench_seed-many_grids
  mkdir -p "$work/many_grids"
  WANGGE_BENCH_SCALE=many_grids bash -c '. bench/lib.sh && bench_city "$1" "$2"' _ "$many" "$wangge"
  ln -s "$many/data" "$work/many_grids/data"
  bench/many_grids.sh $build "$work/many_grids"
fi

echo "== point location, coverage, MVT and PNG micro-benchmarks =="
# Five repetitions and their median: a shared host's neighbours slow a single run of a
# memory-bound loop by up to four times (1.3 to 5.3 M/s for the same binary, back to back).
$build/bench/point_location_bench --benchmark_format=json --benchmark_out="$work/point_location.json" \
  --benchmark_out_format=json --benchmark_repetitions=5 --benchmark_report_aggregates_only=true >/dev/null
$build/bench/micro_bench --benchmark_out="$work/micro.json" --benchmark_out_format=json
# With the case's grid code as a hint (how assess locates a case that names its grid), and without.
rate() {
  python3 -c 'import json,sys
b=[x for x in json.load(open(sys.argv[1]))["benchmarks"] if x["name"] == sys.argv[2] + "_median"]
print("%.2f" % (b[0]["items_per_second"] / 1e6))' "$work/point_location.json" "$1"
}
hinted=$(rate BM_LocateWithGridCodeHint)
plain=$(rate BM_LocateWithoutHint)
result point_location "point location with the case's grid code, one core (M points/s, median of 5)" "$hinted" "" "M/s" "≥ 5 M/s" \
  "$(met "$hinted >= 5")"
result point_location_plain "point location without a hint, one core (M points/s, median of 5)" "$plain" "" "M/s" "≥ 5 M/s" \
  "$(met "$plain >= 5")"

echo "== the map workspace: grids, components, cases, roster; validated and assessed =="
map=$work/map.gpkg
"$wangge" init --workspace "$map" --crs EPSG:4547 >/dev/null
for layer in grids components; do "$wangge" import $layer "$work/data/$layer.shp" --workspace "$map" >/dev/null; done
"$wangge" import cases "$work/data/cases.csv" --workspace "$map" >/dev/null 2>&1
"$wangge" import roster "$work/data/roster.csv" --workspace "$map" >/dev/null
"$wangge" validate --workspace "$map" --as-of $bench_as_of >/dev/null
"$wangge" assess --workspace "$map" --period 2026-10 >/dev/null

echo "== tiles =="
per_zoom=100
[ "$bench_scale" = quick ] && per_zoom=30
bench/tiles_postgis.sh "$map" 2026-10 $build $per_zoom
echo "== service =="
[ "$bench_scale" = quick ] && export WANGGE_WRK_SECONDS=3
bench/serve_wrk.sh "$map" 2026-10 $build

python3 bench/report.py "$WANGGE_BENCH_RESULTS" "$work/micro.json" "$work/point_location.json" \
  --scale "$bench_scale" --started "$started" --cores "$(nproc)" --city "$bench_grids grids, $bench_components components, $bench_cases cases" \
  --markdown BENCHMARKS.md --json BENCHMARKS.json
echo "wrote BENCHMARKS.md and BENCHMARKS.json"
