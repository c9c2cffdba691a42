#!/usr/bin/env bash
# Load test of the production server set-up: gunicorn + `gender-seal db_worker`, DEBUG off,
# on 127.0.0.1 only, against a fresh database; Locust headless, bounded in time and requests.
#
#   bench/load/run.sh [sqlite|postgres|all]        (default: all, one after the other)
#   make load LOAD_DURATION=60s
#
# Settings (environment): LOAD_DURATION (5m), LOAD_USERS (200), LOAD_SPAWN_RATE (20 per second),
# LOAD_WEB_WORKERS (gunicorn workers, 4), LOAD_PORT (8150), LOAD_UNITS (extra units with a focal
# point each, 50), LOAD_MAX_REQUESTS (stop after this many, 200000), LOAD_WAIT_MIN/MAX (think time
# of a simulated user between requests, 5-15 s), LOAD_RESET_STATS (true: figures after the ramp-up).
# PostgreSQL: a throwaway cluster from scripts/test-postgres.sh (or TEST_DATABASE_URL).
# Results: var/bench/load/<db>-<time>/ (summary.md, Locust CSVs, server and worker logs).
# Exit status 1 when a request failed or the logs say "database is locked".
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
which=${1:-all}

if [ ! -x "$BIN/locust" ]; then  # the `bench` extra: Locust is heavy, so not in the test extras
    "$BIN/python" -m pip install -q --disable-pip-version-check -e ".[bench]"
fi

case "$which" in
    all)
        status=0
        "$0" sqlite || status=1
        "$0" postgres || status=1
        exit $status ;;
    sqlite)
        unset DATABASE_URL ;;
    postgres)
        if [ -z "${DATABASE_URL:-}" ]; then exec scripts/test-postgres.sh "$0" postgres; fi ;;
    *)
        echo "usage: $0 [sqlite|postgres|all]" >&2; exit 2 ;;
esac

DURATION=${LOAD_DURATION:-5m}
USERS=${LOAD_USERS:-200}
RATE=${LOAD_SPAWN_RATE:-20}
WEB_WORKERS=${LOAD_WEB_WORKERS:-4}
PORT=${LOAD_PORT:-8150}
HOST=127.0.0.1  # loopback only, never anything else

out=$ROOT/var/bench/load/$which-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
export GENDERSEAL_VAR_DIR=$out/var DEBUG=false LOG_LEVEL=WARNING DJANGO_SETTINGS_MODULE=genderseal.settings
export SECRET_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
# Production settings, except what needs TLS: the load runs over plain HTTP on loopback, where in
# production a proxy in front terminates TLS (so no HTTPS redirect and no Secure-only cookies here).
export GENDERSEAL_PRODUCTION=true ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false SECURE_COOKIES=false
export LOAD_STATE=$out/state.json
mkdir -p "$GENDERSEAL_VAR_DIR/static"
"$BIN/gender-seal" collectstatic --noinput --verbosity 0  # production: hashed, compressed static files

echo "== load test on $which: $USERS users for $DURATION, $WEB_WORKERS gunicorn workers + 1 task worker; $out"
"$BIN/python" bench/load/setup_data.py "$LOAD_STATE" >"$out/setup.txt" 2>&1 || { cat "$out/setup.txt" >&2; exit 1; }

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$BIN/gunicorn" genderseal.wsgi:application --bind "$HOST:$PORT" --workers "$WEB_WORKERS" \
    --preload --timeout 60 --graceful-timeout 10 --no-control-socket --capture-output --error-logfile "$out/gunicorn.log" \
    --access-logfile "$out/access.txt" --access-logformat '%(m)s %(U)s %(s)s %(D)s' &
pids+=($!)
# At a lower priority, as docs/operations.md recommends where one machine also serves the pages.
nice -n 10 "$BIN/gender-seal" db_worker --no-reload --interval 1 >"$out/worker.log" 2>&1 &
pids+=($!)

up=
for _ in $(seq 1 120); do
    if "$BIN/python" -c "import urllib.request; urllib.request.urlopen('http://$HOST:$PORT/accounts/login/', timeout=2)" 2>/dev/null; then
        up=1
        break
    fi
    sleep 0.5
done
if [ -z "$up" ]; then
    echo "load: the server did not answer on $HOST:$PORT; its log:" >&2
    tail -40 "$out/gunicorn.log" >&2
    exit 1
fi

# The demo's own background work (text and meaning vectors of its evidence, its mail) is done before the
# users come: the scenario is a month's last day on a running system, not the minute after an import.
"$BIN/gender-seal" shell -c "
import time
from django_tasks_db.models import DBTaskResult
start = time.monotonic()
while DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).exists() and time.monotonic() - start < 600:
    time.sleep(1)
print(f'set-up tasks done after {time.monotonic() - start:.0f} s')
" >>"$out/setup.txt" 2>&1

# Figures of the steady state: the statistics restart once every user has started (the ramp
# is LOAD_USERS / LOAD_SPAWN_RATE seconds of the run); LOAD_RESET_STATS=false keeps the ramp in.
reset=--reset-stats
[ "${LOAD_RESET_STATS:-true}" = "true" ] || reset=
ramp=$([ -n "$reset" ] && echo ", after the ramp-up" || echo ", ramp-up included")
set +e
"$BIN/locust" -f bench/load/locustfile.py --headless --users "$USERS" --spawn-rate "$RATE" \
    --run-time "$DURATION" --stop-timeout 10 --host "http://$HOST:$PORT" --csv "$out/locust" $reset \
    --only-summary >"$out/locust.txt" 2>&1
set -e
sleep 2  # let the task worker take what the last uploads queued
"$BIN/gender-seal" shell -c "
from collections import Counter
from django_tasks_db.models import DBTaskResult
from genderseal.evidence.models import EvidenceRevision
print('background tasks by status:', dict(Counter(DBTaskResult.objects.values_list('status', flat=True))))
print('revisions stored during the run:', EvidenceRevision.objects.exclude(storage_name='').count())
" >"$out/tasks.txt" 2>&1 || true
cleanup
pids=()

set +e
"$BIN/python" bench/load/summary.py "$out" "$which, $USERS users, $DURATION$ramp, $WEB_WORKERS gunicorn workers" \
    >"$out/summary.md"
status=$?
set -e
cat "$out/tasks.txt" >>"$out/summary.md"
grep -h "set-up tasks" "$out/setup.txt" >>"$out/summary.md" || true
cat "$out/summary.md"
exit "$status"
