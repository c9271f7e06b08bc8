#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for tests/core/test_postgresql.py and print the
# URL to export as CRMDESK_TEST_POSTGRES_URL.  Needs root (Debian/Ubuntu: apt-get).
# The tests wipe that database's public schema: never point them at real data.
set -euo pipefail
PORT=${CRMDESK_TEST_PG_PORT:-55432}
DATA=/tmp/crmdesk-test-pg
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
id postgres >/dev/null 2>&1 || useradd --system postgres
if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DATA" && mkdir -p "$DATA" && chown postgres "$DATA"
  su postgres -c "$BIN/initdb -D $DATA -A trust -U postgres >/dev/null"
fi
if ! su postgres -c "$BIN/pg_ctl -D $DATA status" >/dev/null 2>&1; then
  su postgres -c "$BIN/pg_ctl -D $DATA -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1' \
    -l $DATA/server.log -w start" >/dev/null
fi
su postgres -c "psql -h 127.0.0.1 -p $PORT -U postgres -qtc \
  \"SELECT 1 FROM pg_database WHERE datname='crmdesk_test'\"" | grep -q 1 || \
  su postgres -c "createdb -h 127.0.0.1 -p $PORT -U postgres crmdesk_test"
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/crmdesk_test"
