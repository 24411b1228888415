#!/usr/bin/env bash
# `make prod-check`: boot Samling in production configuration against PostgreSQL and Redis on this
# machine, through gunicorn, and run the smoke test. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
db="samling_prodcheck_$$"
export APP_ENV=production
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db"
export RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15"
export BASE_URL="http://127.0.0.1:$port"
export PROXY_COUNT=0
export MAIL_SEND_INLINE=0
export UPLOAD_DIR="$(mktemp -d)"

echo "--- production refuses to start without SECRET_KEY"
if SECRET_KEY= $BIN/flask --app wsgi.py routes >/dev/null 2>&1; then
  echo "FAIL: started without SECRET_KEY"; exit 1
fi
echo "ok"
export SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"

psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
cleanup() {
  [ -n "${gpid:-}" ] && kill "$gpid" 2>/dev/null && wait "$gpid" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$UPLOAD_DIR"
}
trap cleanup EXIT

$BIN/flask --app wsgi.py db upgrade
$BIN/flask --app wsgi.py seed
GUNICORN_BIND="127.0.0.1:$port" $BIN/gunicorn -c gunicorn.conf.py wsgi:app > /tmp/samling-prodcheck.log 2>&1 &
gpid=$!
for _ in $(seq 1 50); do curl -fs "$BASE_URL/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
redis-cli -n 15 flushdb >/dev/null
$BIN/python scripts/smoke.py "$BASE_URL"

echo "--- rate limits are stored in Redis (shared by all gunicorn workers)"
keys=$(redis-cli -n 15 dbsize)
[ "$keys" -gt 0 ] || { echo "FAIL: no rate-limit keys in Redis"; exit 1; }
echo "ok ($keys key(s))"
redis-cli -n 15 flushdb >/dev/null
echo "--- backup with pg_dump and a tested restore"
dump=$(mktemp)
pg_dump -h 127.0.0.1 -U postgres -Fc "$db" > "$dump"
restored="${db}_restore"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $restored" -c "CREATE DATABASE $restored"
pg_restore -h 127.0.0.1 -U postgres --no-owner -d "$restored" "$dump"
count() { psql -h 127.0.0.1 -U postgres -d "$1" -tAc "SELECT (SELECT count(*) FROM events) || '/' || (SELECT count(*) FROM sessions) || '/' || (SELECT count(*) FROM municipalities) || '/' || (SELECT version_num FROM alembic_version)"; }
a=$(count "$db"); b=$(count "$restored")
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $restored"
rm -f "$dump"
[ "$a" = "$b" ] || { echo "FAIL: restore differs ($a vs $b)"; exit 1; }
echo "ok (events/sessions/municipalities/revision: $b)"
echo "prod-check passed"
