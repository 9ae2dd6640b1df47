#!/usr/bin/env bash
# Benchmark (not a test): validate's peak memory with few findings and with one for every component
# (the census run five years on, when every component is stale), findings written to a GeoPackage.
# The findings go to a temporary file as they are found, so the two peaks should match.
# Usage: bench/validate_memory.sh [BUILD_DIR] [WORK_DIR]  (WORK_DIR/data is generated when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
work=${2:-$(mktemp -d /tmp/wangge-bench.XXXXXX)}
wangge="$build/wangge"
bench_city "$work" "$wangge"
ws=$work/memory.gpkg
bench_census "$wangge" "$work" "$ws"
late=$(python3 -c "import datetime as d; print(d.date.fromisoformat('$bench_as_of').replace(year=int('$bench_as_of'[:4]) + 5))")

# peak AS_OF: prints "PEAK_MB FINDINGS"
peak() {
  rm -f "$work/memory-findings.gpkg"
  /usr/bin/time -f "%M" -o "$work/memory.time" "$wangge" validate --workspace "$ws" --as-of "$1" \
    --findings "$work/memory-findings.gpkg" >"$work/memory.log"
  echo "$(peak_mb "$work/memory.time") $(findings_in "$work/memory.log")"
}
read -r few_mb few_n < <(peak $bench_as_of)
read -r many_mb many_n < <(peak "$late")
echo "validate peak memory: ${few_mb} MB with ${few_n} findings, ${many_mb} MB with ${many_n} findings"
growth=$(echo "$few_mb $many_mb" | awk '{printf "%.2f", $2 / $1}')
result validate_memory "validate peak memory, $many_n findings (MB)" "$many_mb" "$few_mb" MB \
  "flat: ≤ 1.1 × the run with $few_n (${growth} ×)" "$(met "$growth <= 1.1")"
