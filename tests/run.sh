#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs and builds (install.sh), starts a throwaway
# PostgreSQL 15 + PostGIS on loopback, runs every test, runs them all again in a build with
# AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/), and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

# The build's packages first; the tests' own (a browser, QGIS: a few hundred MB) download and
# unpack while the build compiles.
WANGGE_NO_BUILD=1 ./install.sh
deps_log=$(mktemp)
WANGGE_TEST_DEPS=only WANGGE_NO_BUILD=1 ./install.sh >"$deps_log" 2>&1 &
deps_pid=$!
# No debug information to generate and link, no benchmarks: that keeps the whole run under 15
# minutes on two cores. (Same optimisation as install.sh's build, so the same warnings.)
WANGGE_DEBUG_INFO=${WANGGE_DEBUG_INFO:-0} \
  WANGGE_CMAKE_ARGS="-DWANGGE_WERROR=ON -DWANGGE_BUILD_BENCHMARKS=OFF ${WANGGE_CMAKE_ARGS:-}" ./install.sh
if ! wait $deps_pid; then
  cat "$deps_log" >&2
  echo "tests/run.sh: installing the test packages failed" >&2
  exit 1
fi
rm -f "$deps_log"
# Every header compiles on its own (include what you use).
cmake --build build --target check_headers >/dev/null
echo "check_headers: every header compiles on its own"

. tests/pg_throwaway.sh
pg_throwaway_start wangge_test
export WANGGE_TEST_PG=$WANGGE_PG_DSN

log=$(mktemp)
status=0
ctest --test-dir build --output-on-failure -j"$(nproc)" 2>&1 | tee "$log" || status=$?

# Second pass: everything again under AddressSanitizer and UndefinedBehaviorSanitizer (a finding
# ends the process with status 99, which no test expects), but the browser and QGIS tests: what
# they drive of wangge (the service, validate's writers) the C++ tests already run here.
# WANGGE_SANITIZE=0 skips the pass.
if [ "${WANGGE_SANITIZE:-1}" != "0" ]; then
  echo "== the same tests under AddressSanitizer and UndefinedBehaviorSanitizer =="
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1" \
    -DWANGGE_SANITIZE=ON -DWANGGE_BUILD_BENCHMARKS=OFF -DWANGGE_WERROR=ON >/dev/null
  cmake --build build-asan -j"$(nproc)" >/dev/null
  ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=exitcode=99:print_stacktrace=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -E '^(Browser|Qgis)\.' 2>&1 | tee -a "$log" || status=$?
fi

if [ "${CI:-}" = "true" ] && grep -qE '\*\*\*Skipped|Not Run' "$log"; then
  echo "tests/run.sh: tests were skipped; in CI every test must run" >&2
  status=1
fi
rm -f "$log"
exit $status
