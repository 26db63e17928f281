#!/usr/bin/env bash
# The production stack on one machine (`make run-prod`): production settings against the local
# PostgreSQL and Redis; migrations and collectstatic, then a Celery worker, Celery beat and gunicorn
# in the foreground. Ctrl-C (or TERM) stops all three; so does any one of them dying.
#
# Every variable below can be set beforehand; see README, "Running at scale".
#   RUN_PROD_DEMO=1     load the demo data too (idempotent)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
BIN=$(dirname "$PY")
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
STATE=.make/run-prod
mkdir -p "$STATE"

export DJANGO_SETTINGS_MODULE=marketplace.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cho_htx}
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/1}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
# Plain HTTP on this machine; behind a TLS proxy leave it at its default (true).
export DJANGO_SECURE_SSL_REDIRECT=${DJANGO_SECURE_SSL_REDIRECT:-false}
export CELERY_BEAT_SCHEDULE_FILENAME=${CELERY_BEAT_SCHEDULE_FILENAME:-$STATE/celerybeat-schedule}
# Generated once and kept (git ignores .make/), so sessions survive a restart.
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
    [ -s "$STATE/secret-key" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(64))" >"$STATE/secret-key"
    DJANGO_SECRET_KEY=$(cat "$STATE/secret-key")
    export DJANGO_SECRET_KEY
fi

echo "Checking PostgreSQL and Redis..."
"$PY" - <<'PY'
import os, sys
import environ
import psycopg
import redis

database = environ.Env.db_url_config(os.environ["DATABASE_URL"])
if database["ENGINE"] == "django.db.backends.postgresql":
    params = {"host": database["HOST"] or "127.0.0.1", "port": database["PORT"] or 5432, "user": database["USER"],
              "password": database["PASSWORD"] or None, "connect_timeout": 3}
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]).fetchone():
                conn.execute(f'CREATE DATABASE "{database["NAME"]}"')
                print(f"Created the database {database['NAME']}.")
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL is not reachable: {error}")
for name in ("CACHE_URL", "CELERY_BROKER_URL"):
    try:
        redis.Redis.from_url(os.environ[name], socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        sys.exit(f"Redis ({name}) is not reachable: {error}")
PY

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v 0
if [ "${RUN_PROD_DEMO:-0}" = "1" ]; then
    "$PY" manage.py load_demo_data
fi

pids=()
stop() {
    trap - INT TERM EXIT
    echo "Stopping the stack..."
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
    echo "Stopped."
}
trap stop INT TERM EXIT
# Each process in a group of its own: Ctrl-C reaches this script only, which stops them once, in order.
set -m

"$BIN/celery" -A marketplace worker --loglevel=INFO --concurrency="${CELERY_CONCURRENCY:-2}" --hostname="worker@%h" &
pids+=($!)
"$BIN/celery" -A marketplace beat --loglevel=INFO --schedule="$CELERY_BEAT_SCHEDULE_FILENAME" &
pids+=($!)
"$BIN/gunicorn" marketplace.wsgi --bind "$HOST:$PORT" --workers "${WEB_CONCURRENCY:-3}" \
    --access-logfile - --graceful-timeout 20 --control-socket "$STATE/gunicorn.ctl" &
pids+=($!)
echo "Serving on http://$HOST:$PORT/ (health: http://$HOST:$PORT/healthz/). Ctrl-C stops everything."

# Until Ctrl-C, or until one of the three exits (then the others are stopped too).
wait -n "${pids[@]}" || true
