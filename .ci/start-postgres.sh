#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback port 55432 for the store's tests; prints its DATABASE_URL.
# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user. Run again, it reuses
# the cluster already listening there (the tests empty the database themselves).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
url="postgres://postgres@127.0.0.1:55432/crosscheck_test"
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p 55432; then
  dir=$(mktemp -d /tmp/crosscheck-pg-XXXXXX)
  chown postgres "$dir"
  runuser -u postgres -- "$bin/initdb" -D "$dir" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w -o "-p 55432 -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
fi
runuser -u postgres -- "$bin/psql" -h 127.0.0.1 -p 55432 -U postgres -qtAc "select 1 from pg_database where datname = 'crosscheck_test'" | grep -q 1 \
  || runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p 55432 -U postgres crosscheck_test
echo "$url"
