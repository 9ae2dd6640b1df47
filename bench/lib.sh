# Shared by the benchmark scripts (sourced): the city to measure on and how a figure is recorded.
#
# WANGGE_BENCH_SCALE=full (default): the Shenzhen-size city of design.md, 100,000 grids,
# 2,000,000 components and 3,000,000 cases; quick: 5,000 grids, 100,000 components, 150,000 cases;
# many_grids: a city shaped like Shenzhen's real unit grid, 225,000 grids of about a hectare with
# 200,000 components and 200,000 cases, where the output, not the cases, is most of the work (its
# figures are recorded under ids and names of their own).
# WANGGE_BENCH_RESULTS: a file each figure is appended to as one JSON line (bench/run.sh reads it).

bench_scale=${WANGGE_BENCH_SCALE:-full}
case "$bench_scale" in
  full) bench_grids=100000 bench_components=2000000 bench_cases=3000000 ;;
  quick) bench_grids=5000 bench_components=100000 bench_cases=150000 ;;
  many_grids) bench_grids=225000 bench_components=200000 bench_cases=200000 ;;
  *) echo "WANGGE_BENCH_SCALE must be full or quick" >&2; exit 2 ;;
esac
bench_seed=1
bench_as_of=2026-11-27

# bench_city WORK WANGGE: generates the city into WORK/data unless it is there.
bench_city() {
  if [ ! -f "$1/data/grids.shp" ]; then
    mkdir -p "$1"
    "$2" generate --out "$1/data" --grids $bench_grids --components $bench_components --cases $bench_cases \
      --seed $bench_seed --as-of $bench_as_of >/dev/null
  fi
}

# bench_census WANGGE WORK WS: a new workspace WS holding the city's grids and components.
bench_census() {
  rm -f "$3"
  "$1" init --workspace "$3" --crs EPSG:4547 >/dev/null
  "$1" import grids "$2/data/grids.shp" --workspace "$3" >/dev/null
  "$1" import components "$2/data/components.shp" --workspace "$3" >/dev/null
}

# peak_mb FILE: the peak resident memory, in MB, that `/usr/bin/time -f %M -o FILE` recorded.
peak_mb() { awk '/^[0-9]+$/ {printf "%.0f", $1 / 1024}' "$1"; }
# findings_in LOG: how many findings `wangge validate` said it wrote ("… N findings").
findings_in() { awk '/findings$/ {print $(NF - 1)}' "$1"; }

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{printf "%.2f", $2 - $1}'; }

# result ID FIGURE OURS REFERENCE UNIT TARGET MET: prints a figure and records it. REFERENCE may
# be empty (a target without a reference); MET is yes or no.
result() {
  if [ "$bench_scale" = many_grids ]; then
    set -- "many_grids_$1" "$2, 225,000 grids and few cases" "${@:3}"
  fi
  printf '%-44s ours %-10s reference %-10s %-6s target %-24s met: %s\n' "$2" "$3" "${4:--}" "$5" "$6" "$7"
  if [ -n "${WANGGE_BENCH_RESULTS:-}" ]; then
    python3 - "$@" >>"$WANGGE_BENCH_RESULTS" <<'PY'
import json, sys
k, figure, ours, ref, unit, target, met = sys.argv[1:8]
num = lambda v: float(v) if v not in ("", "-") else None
print(json.dumps({"id": k, "figure": figure, "ours": num(ours), "reference": num(ref), "unit": unit,
                  "target": target, "met": met == "yes"}, ensure_ascii=False))
PY
  fi
}

# met EXPRESSION: yes when the awk expression holds.
met() { awk "BEGIN { print ($1) ? \"yes\" : \"no\" }"; }
