#!/usr/bin/env bash
# make run: migrate, seed the demo school once, then web + Celery worker + beat.
# Ctrl-C or SIGTERM stops all three (scripts/supervise.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=ejournal.settings.local
export PYTHONUNBUFFERED=1
PY=.venv/bin/python
PORT="${PORT:-8000}"
SUPERVISE_STOPPING="Останавливаю сервер, worker и beat…"
# shellcheck source=scripts/supervise.sh
source scripts/supervise.sh
export SERVICE_URL="${SERVICE_URL:-http://127.0.0.1:${PORT}}"

supervise_step $PY manage.py migrate --noinput -v0
# The structure now (seconds); the year up to yesterday after the server is up,
# with «Демонстрационные данные готовятся…» on every page until it is written.
supervise_step $PY manage.py seed_demo --size small --if-empty --no-term

supervise_start .venv/bin/celery -A ejournal worker --loglevel=WARNING --concurrency=2 --hostname=local@%h
supervise_start .venv/bin/celery -A ejournal beat --loglevel=WARNING

echo
echo "ejournal: http://127.0.0.1:${PORT}/  (Ctrl-C — остановить)"
supervise_start $PY manage.py runserver "127.0.0.1:${PORT}" --noreload
supervise_side bash -c "$PY manage.py seed_demo --size small --term-only >'${EJOURNAL_VAR_DIR:-var}/seed-term.log' 2>&1"
supervise_wait
