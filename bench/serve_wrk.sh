#!/usr/bin/env bash
# Benchmark (not a test): cached tile throughput of `wangge serve` on loopback with wrk (Debian's
# `wrk`), 2 threads and 50 connections, the median of three runs a tile; and the server's resident
# memory with the workspace loaded and after the runs.
# Usage: bench/serve_wrk.sh WORKSPACE PERIOD [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ws=$1
period=$2
build=${3:-build}
port=$((18000 + RANDOM % 1000))
log=$(mktemp)
"$build/wangge" serve --workspace "$ws" --listen 127.0.0.1:$port >"$log" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 240); do grep -q '^serving' "$log" && break; sleep 0.5; done
loaded_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
echo "loaded: $loaded_kb kB resident"
# Tiles at the middle of the city, from the health route's bounds.
read -r lon lat < <(curl -s "http://127.0.0.1:$port/api/health" |
  python3 -c 'import json,sys; b=json.load(sys.stdin)["bounds"]; print((b[0]+b[2])/2, (b[1]+b[3])/2)')
for z in 14 16; do
  xy=$(python3 -c "import math; n=2**$z; print(int(($lon+180)/360*n), int((1-math.asinh(math.tan(math.radians($lat)))/math.pi)/2*n))")
  set -- $xy
  for f in png mvt; do
    url="http://127.0.0.1:$port/tiles/grid/$z/$1/$2.$f?period=$period"
    size=$(curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' "$url") # drawn once, then cached
    printf 'z%s %s (%s bytes): ' "$z" "$f" "$size"
    # The median of three runs: wrk shares the two cores with the server and the host's neighbours.
    runs=$(for _ in 1 2 3; do
      wrk -t2 -c50 -d${WANGGE_WRK_SECONDS:-10}s -H 'Accept-Encoding: gzip' "$url" | awk '/Requests\/sec/ {print $2}'
    done | sort -g | tr '\n' ' ')
    rps=$(echo $runs | awk '{print $2}')
    echo "runs: $runs"
    result "serve_z${z}_$f" "cached z$z $f tiles over HTTP (req/s, median of 3)" "$rps" "" "req/s" "> 20,000" "$(met "$rps > 20000")"
  done
done
peak_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
mb=$(echo "$peak_kb" | awk '{printf "%.0f", $1 / 1024}')
result serve_memory "resident memory of wangge serve, peak (MB)" "$mb" "" MB "< 2048 MB" "$(met "$mb < 2048")"
