# Sourced by tests/run.sh and the benchmarks: starts a throwaway PostgreSQL 15 + PostGIS cluster on
# loopback (as user postgres, trust auth, in a temporary folder), creates database $1 with PostGIS,
# exports WANGGE_PG_DSN, WANGGE_PG_URI and PG* for psql, and stops and removes the cluster when the
# shell exits. Role wangge_pw (password wangge-pw-secret) must give its password, for the tests of
# a wrong one.
pg_throwaway_start() {
  local db=$1
  pgbin=/usr/lib/postgresql/15/bin
  pgroot=$(mktemp -d /tmp/wangge-pg.XXXXXX)
  chown postgres:postgres "$pgroot"
  chmod 755 "$pgroot"
  install -d -o postgres -g postgres -m 700 "$pgroot/data"
  install -d -o postgres -g postgres -m 775 "$pgroot/sock"
  trap pg_throwaway_stop EXIT
  (cd /tmp && runuser -u postgres -- "$pgbin/initdb" -D "$pgroot/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >/dev/null)
  # pg_hba.conf takes the first line that matches: this role alone gives a password.
  sed -i '1i host all wangge_pw 127.0.0.1/32 scram-sha-256' "$pgroot/data/pg_hba.conf"
  # A port another server holds makes the start fail: try a few.
  local try
  for try in 1 2 3 4 5; do
    pgport=${WANGGE_PG_PORT:-$((55000 + RANDOM % 1000))}
    if (cd /tmp && runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgroot/data" -l "$pgroot/server.log" -w -t 30 \
      -o "-p $pgport -k $pgroot/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${WANGGE_PG_OPTIONS:-}" \
      start >/dev/null); then
      break
    fi
    if [ "$try" = 5 ] || [ -n "${WANGGE_PG_PORT:-}" ]; then
      echo "pg_throwaway: PostgreSQL did not start; its log:" >&2
      cat "$pgroot/server.log" >&2
      return 1
    fi
  done
  export PGHOST=127.0.0.1 PGPORT=$pgport PGUSER=postgres
  psql -v ON_ERROR_STOP=1 -qAt -d postgres -c "CREATE DATABASE $db" >/dev/null
  psql -v ON_ERROR_STOP=1 -qAt -d "$db" -c "CREATE EXTENSION postgis" >/dev/null
  psql -v ON_ERROR_STOP=1 -qAt -d postgres -c "CREATE ROLE wangge_pw LOGIN SUPERUSER PASSWORD 'wangge-pw-secret'" \
    >/dev/null
  export PGDATABASE=$db
  export WANGGE_PG_DSN="host=127.0.0.1 port=$pgport user=postgres dbname=$db"
  export WANGGE_PG_URI="postgresql://postgres@127.0.0.1:$pgport/$db"
}

pg_throwaway_stop() {
  (cd /tmp && runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgroot/data" -m fast -w stop >/dev/null 2>&1) || true
  rm -rf "$pgroot"
}
