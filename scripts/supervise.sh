# Sourced by run_local.sh: start children, stop every one of them on INT or TERM.
#
# Each child runs in its own process group (job control on), so stopping a child
# stops its own children too (Celery's pool processes). Ctrl-C reaches only this
# shell, which then stops the groups exactly as a service manager's SIGTERM does.
# A group still alive after SUPERVISE_GRACE seconds is killed.

set -m
SUPERVISE_GRACE="${SUPERVISE_GRACE:-20}"
supervised=()
waited=()

# Is any child (prefix "") or any member of a child's group (prefix "-") alive?
_alive() {
  local prefix="$1" pid
  for pid in "${supervised[@]}"; do
    if kill -0 -- "$prefix$pid" 2>/dev/null; then return 0; fi
  done
  return 1
}

_wait_while_alive() {
  local prefix="$1" tenths="$2" waited=0
  while _alive "$prefix" && ((waited < tenths)); do
    sleep 0.1; waited=$((waited + 1))
  done
}

supervise_stop() {
  local status="${1:-0}" pid
  trap - INT TERM EXIT
  if ((${#supervised[@]})); then
    echo; echo "${SUPERVISE_STOPPING:-Stopping…}"
    # The children first, so a Celery worker stops its own pool in order; then
    # whatever they left behind in their groups; then force.
    for pid in "${supervised[@]}"; do kill -TERM -- "$pid" 2>/dev/null || true; done
    _wait_while_alive "" $((SUPERVISE_GRACE * 10))
    for pid in "${supervised[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    _wait_while_alive "-" 20
    for pid in "${supervised[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
  fi
  exit "$status"
}

trap 'supervise_stop 130' INT
trap 'supervise_stop 143' TERM
trap 'supervise_stop $?' EXIT

# Start a child that runs until the whole run stops.
supervise_start() {
  "$@" &
  supervised+=($!)
  waited+=($!)
}

# Start a child that may end on its own without ending the run (the demo term's
# seeding); it is still stopped with the rest.
supervise_side() {
  "$@" &
  supervised+=($!)
}

# Run a step to its end; a signal meanwhile stops it at once (not after it ends).
supervise_step() {
  "$@" &
  local pid=$!
  supervised+=("$pid")
  local status=0
  wait "$pid" || status=$?
  unset 'supervised[-1]'
  return "$status"
}

# Wait until any child ends, then stop the rest.
supervise_wait() {
  local status=0
  wait -n "${waited[@]}" || status=$?
  supervise_stop "$status"
}
