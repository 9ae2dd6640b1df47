#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs and builds (install.sh), starts a throwaway
# PostgreSQL 15 + PostGIS on loopback, runs every test, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

WANGGE_CMAKE_ARGS="-DWANGGE_WERROR=ON ${WANGGE_CMAKE_ARGS:-}" ./install.sh

. tests/pg_throwaway.sh
pg_throwaway_start wangge_test
export WANGGE_TEST_PG=$WANGGE_PG_DSN

log=$(mktemp)
status=0
ctest --test-dir build --output-on-failure -j"$(nproc)" 2>&1 | tee "$log" || status=$?
if [ "${CI:-}" = "true" ] && grep -qE '\*\*\*Skipped|Not Run' "$log"; then
  echo "tests/run.sh: tests were skipped; in CI every test must run" >&2
  status=1
fi
rm -f "$log"
exit $status
