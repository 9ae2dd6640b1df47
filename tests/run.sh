#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs and builds (install.sh), starts a throwaway
# PostgreSQL 15 + PostGIS on loopback, runs every test, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

WANGGE_CMAKE_ARGS="-DWANGGE_WERROR=ON ${WANGGE_CMAKE_ARGS:-}" ./install.sh

pgbin=/usr/lib/postgresql/15/bin
pgroot=$(mktemp -d /tmp/wangge-pg.XXXXXX)
pgport=${WANGGE_PG_PORT:-55432}
chown postgres:postgres "$pgroot"
chmod 755 "$pgroot"
install -d -o postgres -g postgres -m 700 "$pgroot/data"
install -d -o postgres -g postgres -m 775 "$pgroot/sock"

stop_pg() {
  (cd /tmp && runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgroot/data" -m fast -w stop >/dev/null 2>&1) || true
  rm -rf "$pgroot"
}
trap stop_pg EXIT

(
  cd /tmp
  runuser -u postgres -- "$pgbin/initdb" -D "$pgroot/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >/dev/null
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgroot/data" -l "$pgroot/server.log" -w -t 30 \
    -o "-p $pgport -k $pgroot/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
)
psql -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -qAt -d postgres -c "CREATE DATABASE wangge_test" >/dev/null
psql -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -qAt -d wangge_test -c "CREATE EXTENSION postgis" >/dev/null
export WANGGE_TEST_PG="host=127.0.0.1 port=$pgport user=postgres dbname=wangge_test"

log=$(mktemp)
status=0
ctest --test-dir build --output-on-failure -j"$(nproc)" 2>&1 | tee "$log" || status=$?
if [ "${CI:-}" = "true" ] && grep -qE '\*\*\*Skipped|Not Run' "$log"; then
  echo "tests/run.sh: tests were skipped; in CI every test must run" >&2
  status=1
fi
rm -f "$log"
exit $status
