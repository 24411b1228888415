#!/usr/bin/env bash
# `make prod-check`: boot Samling in production configuration against PostgreSQL and Redis on this
# machine, through gunicorn behind nginx (deploy/nginx/samling-proxy.conf, as docs/deploy.md ships it),
# and run the smoke test, the rate-limit and slow-client checks through nginx. Leaves nothing behind.
# nginx is required: when it is missing the script installs it with apt-get (as root), or stops and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)    # nginx: what clients talk to
gport=$(free_port)   # gunicorn, behind it
db="samling_prodcheck_$$"
export APP_ENV=production
export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db"
export RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15"
export BASE_URL="http://127.0.0.1:$port"
export PROXY_COUNT=1   # one proxy (nginx) in front; its X-Forwarded-For is believed from 127.0.0.1 only

if ! command -v nginx >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "--- nginx is not installed: installing it (apt-get install -y nginx)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
  else
    echo "FAIL: nginx is not installed, and prod-check runs its checks through it. Install it (apt-get install nginx) and run again."
    exit 1
  fi
fi
NGINX=$(command -v nginx)
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
  [ -n "${npid:-}" ] && kill "$npid" 2>/dev/null && wait "$npid" 2>/dev/null || true
  rm -rf "${ndir:-/nonexistent}"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$UPLOAD_DIR"
}
trap cleanup EXIT

$BIN/flask --app wsgi.py db upgrade
$BIN/flask --app wsgi.py seed
GUNICORN_BIND="127.0.0.1:$gport" $BIN/gunicorn -c gunicorn.conf.py wsgi:app > /tmp/samling-prodcheck.log 2>&1 &
gpid=$!
ndir=$(mktemp -d)
chmod 755 "$ndir"
cat > "$ndir/nginx.conf" <<NGINX
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
pid $ndir/nginx.pid;
error_log $ndir/error.log;
events { worker_connections 256; }
http {
    access_log $ndir/access.log;
    client_body_temp_path $ndir/body;
    proxy_temp_path $ndir/proxy;
    fastcgi_temp_path $ndir/fastcgi;
    uwsgi_temp_path $ndir/uwsgi;
    scgi_temp_path $ndir/scgi;
    upstream samling_app { server 127.0.0.1:$gport; keepalive 8; }
    server {
        listen 127.0.0.1:$port;
        include $PWD/deploy/nginx/samling-proxy.conf;
    }
}
NGINX
"$NGINX" -p "$ndir" -c "$ndir/nginx.conf" -g 'daemon off;' &
npid=$!
for _ in $(seq 1 50); do curl -fs "$BASE_URL/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
echo "--- through nginx ($BASE_URL) to gunicorn (127.0.0.1:$gport)"
redis-cli -n 15 flushdb >/dev/null
$BIN/python scripts/smoke.py "$BASE_URL"

echo "--- rate limits are stored in Redis (shared by all gunicorn workers)"
keys=$(redis-cli -n 15 dbsize)
[ "$keys" -gt 0 ] || { echo "FAIL: no rate-limit keys in Redis"; exit 1; }
echo "ok ($keys key(s))"
redis-cli -n 15 flushdb >/dev/null
echo "--- rate limits and slow clients, through nginx"
$BIN/python scripts/proxy_check.py "$BASE_URL"
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
