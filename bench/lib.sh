# Shared by the benchmark scripts (sourced): the city to measure on and how a figure is recorded.
#
# WANGGE_BENCH_SCALE=full (default): the Shenzhen-size city of design.md, 100,000 grids,
# 2,000,000 components and 3,000,000 cases; quick: 5,000 grids, 100,000 components, 150,000 cases.
# WANGGE_BENCH_RESULTS: a file each figure is appended to as one JSON line (bench/run.sh reads it).

bench_scale=${WANGGE_BENCH_SCALE:-full}
case "$bench_scale" in
  full) bench_grids=100000 bench_components=2000000 bench_cases=3000000 ;;
  quick) bench_grids=5000 bench_components=100000 bench_cases=150000 ;;
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

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{printf "%.2f", $2 - $1}'; }

# result ID FIGURE OURS REFERENCE UNIT TARGET MET: prints a figure and records it. REFERENCE may
# be empty (a target without a reference); MET is yes or no.
result() {
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
