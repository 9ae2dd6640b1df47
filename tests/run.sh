#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs and builds (install.sh), starts a throwaway
# PostgreSQL 15 + PostGIS on loopback, runs the tests that drive the `wangge` command (and the
# browser, QGIS and layering checks) on the optimised build, then the unit, service and store tests
# in a build with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/) and the command's
# tests again against the sanitized `wangge`, and stops the server. Installing the tests' own
# packages, checking the headers and building build-asan/ overlap the steps before them, which
# keeps the run under 15 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# phase NAME: how far into the run a phase starts (the run must stay under 15 minutes).
phase() { echo "== $(($(date +%s) - started)) s: $1 =="; }

# The build's packages first; the tests' own (a browser, QGIS: a few hundred MB) download and
# unpack while the build compiles.
WANGGE_NO_BUILD=1 ./install.sh
deps_log=$(mktemp)
WANGGE_TEST_DEPS=only WANGGE_NO_BUILD=1 ./install.sh >"$deps_log" 2>&1 &
deps_pid=$!
# No debug information to generate and link, no benchmarks, and of the tests only those the first
# pass runs (the unit tests are built once, with the sanitizers): that keeps the whole run under 15
# minutes on two cores. (Same optimisation as install.sh's build, so the same warnings.)
WANGGE_DEBUG_INFO=${WANGGE_DEBUG_INFO:-0} WANGGE_BUILD_TARGETS=integration_tests \
  WANGGE_CMAKE_ARGS="-DWANGGE_WERROR=ON -DWANGGE_BUILD_BENCHMARKS=OFF ${WANGGE_CMAKE_ARGS:-}" ./install.sh
if ! wait $deps_pid; then
  cat "$deps_log" >&2
  echo "tests/run.sh: installing the test packages failed" >&2
  exit 1
fi
rm -f "$deps_log"
phase "built; starting PostgreSQL + PostGIS"
. tests/pg_throwaway.sh
pg_throwaway_start wangge_test
export WANGGE_TEST_PG=$WANGGE_PG_DSN WANGGE_TEST_PG_URI=$WANGGE_PG_URI

# While the first pass runs (its tests wait on subprocesses, files and sockets much of the time),
# the header check and the sanitizer build compile at a lower priority on the spare CPU.
sanitize=${WANGGE_SANITIZE:-1}
background_log=$(mktemp)
build_log=$(mktemp) # the compilers' output, shown when a build fails
(
  # Every header compiles on its own (include what you use).
  nice -n 15 cmake --build build --target check_headers >"$build_log" &&
    echo "check_headers: every header compiles on its own" &&
    if [ "$sanitize" != "0" ]; then
      # Compiled eight sources to a unit: the instrumented Boost, GDAL and gtest headers are
      # compiled once per unit, not once per source, which takes 40 % off this build's time.
      cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1" \
        -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8 \
        -DWANGGE_SANITIZE=ON -DWANGGE_BUILD_BENCHMARKS=OFF -DWANGGE_WERROR=ON >/dev/null &&
        nice -n 15 cmake --build build-asan -j"$(nproc)" >>"$build_log"
    fi
) >"$background_log" 2>&1 &
background_pid=$!

log=$(mktemp)
status=0
phase "the tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" -L 'integration|system' 2>&1 | tee "$log" || status=$?

phase "waiting for the header check and the sanitizer build"
if ! wait $background_pid; then
  cat "$background_log" >&2
  tail -n 60 "$build_log" >&2
  echo "tests/run.sh: the header check or the sanitizer build failed" >&2
  exit 1
fi
cat "$background_log"
rm -f "$background_log" "$build_log"

# Second pass, under AddressSanitizer and UndefinedBehaviorSanitizer (a finding ends the process
# with status 99, which no test expects): the unit, service and store tests, and the command's
# tests again but the browser and QGIS tests, whose wangge side (the service, validate's writers)
# the C++ tests run here, the demo, a chain of the commands those tests run one by one, and the
# killed-process tests, which mostly wait and whose code paths the other tests run too.
# WANGGE_SANITIZE=0 skips the pass, and runs the unit tests on the optimised build instead.
if [ "$sanitize" != "0" ]; then
  phase "the unit tests, and the command's again, under AddressSanitizer and UndefinedBehaviorSanitizer"
  export ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=exitcode=99:print_stacktrace=1 \
    LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
  skip='^(Browser|Qgis)\.|^FaultInjection$|^Cli\.DemoBuildsTheSampleWorkspaceAndServesItsMap$'
  # The unit, service and store tests, built with the sanitizers; then the integration tests (the
  # ones that drive the command line) of the ordinary build, driving the sanitized `wangge`.
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -E "$skip" 2>&1 | tee -a "$log" || status=$?
  WANGGE_BINARY=$PWD/build-asan/wangge ctest --test-dir build --output-on-failure -j"$(nproc)" -L integration \
    -E "$skip" 2>&1 | tee -a "$log" || status=$?
else
  phase "the unit tests"
  cmake --build build -j"$(nproc)"
  ctest --test-dir build --output-on-failure -j"$(nproc)" -LE 'integration|system' 2>&1 | tee -a "$log" || status=$?
fi

if [ "${CI:-}" = "true" ] && grep -qE '\*\*\*Skipped|Not Run' "$log"; then
  echo "tests/run.sh: tests were skipped; in CI every test must run" >&2
  status=1
fi
rm -f "$log"
phase "done (exit $status)"
exit $status
