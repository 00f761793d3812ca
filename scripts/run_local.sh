#!/usr/bin/env bash
# make run: migrate, seed the demo school once, then web + Celery worker + beat.
# Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=ejournal.settings.local
export PYTHONUNBUFFERED=1
PY=.venv/bin/python
PORT="${PORT:-8000}"

$PY manage.py migrate --noinput -v0
# The structure now (seconds); the year up to yesterday after the server is up,
# with «Демонстрационные данные готовятся…» on every page until it is written.
$PY manage.py seed_demo --size small --if-empty --no-term

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Останавливаю сервер, worker и beat…"
  kill "${pids[@]}" ${seed_pid:-} 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A ejournal worker --loglevel=WARNING --concurrency=2 --hostname=local@%h &
pids+=($!)
.venv/bin/celery -A ejournal beat --loglevel=WARNING &
pids+=($!)

echo
echo "ejournal: http://127.0.0.1:${PORT}/  (Ctrl-C — остановить)"
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
pids+=($!)
# Not among the pids waited for: the server goes on when the seeding ends.
$PY manage.py seed_demo --size small --term-only >"${EJOURNAL_VAR_DIR:-var}/seed-term.log" 2>&1 &
seed_pid=$!
wait -n "${pids[@]}"
