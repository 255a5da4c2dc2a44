#!/usr/bin/env bash
# ./tributary down [--data-dir ./data]: stops the local stack that ./tributary up runs on a data directory (in the
# background with --detach, or in a terminal) and waits until it is gone: SIGTERM to up's supervisor, which stops
# the node, then the control plane and its PostgreSQL. What a supervisor killed with SIGKILL left running (recorded
# in <data-dir>/run/stack.json, checked by pid and start time) is stopped too.
# Exit codes: 0 stopped, or nothing was running (it says so); 1 something would not stop; 2 bad arguments.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/stack-lib.sh
. "$ROOT/scripts/stack-lib.sh"

DATA=./data
TIMEOUT=120
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA="${2:?--data-dir needs a value}"; shift 2 ;;
    -h|--help)
      cat <<'USAGE'
usage: ./tributary down [--data-dir ./data]
Stops the local stack that ./tributary up runs on the data directory and waits until it is gone.
Exit codes: 0 stopped, or nothing was running; 1 something would not stop; 2 bad arguments.
USAGE
      exit 0 ;;
    *) echo "tributary down: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
DATA="$(abs_dir "$DATA")"
STATE="$DATA/run/stack.json"
start=$SECONDS
stopped=""
failed=0

get() { state_get "$STATE" "$1"; }

if [ -f "$STATE" ]; then
  sup="$(get supervisor_pid)"
  if proc_is "$sup" "$(get supervisor_start)"; then
    echo "tributary down: stopping the stack on $DATA (supervisor pid $sup) ..."
    kill -TERM "$sup" 2>/dev/null
    if ! await_gone "$sup" "$TIMEOUT"; then
      echo "tributary down: the supervisor (pid $sup) did not stop within $TIMEOUT s; killing it" >&2
      kill -KILL "$sup" 2>/dev/null
      await_gone "$sup" 5
    fi
    stopped="the stack"
  fi
  # what a supervisor that did not get to stop them left running
  for role in node control_plane; do
    pid="$(get "${role}_pid")"
    if proc_is "$pid" "$(get "${role}_start")"; then
      echo "tributary down: stopping the ${role/_/ } (pid $pid) that was left running"
      stop_process "$pid" "$(get "${role}_start")" 45 || {
        echo "tributary down: the ${role/_/ } (pid $pid) would not stop" >&2
        failed=1
      }
      stopped="${stopped:-what was left running}"
    fi
  done
fi
read -r pg_pid _ < <(postgres_running "$DATA/control") || true
if [ -n "${pg_pid:-}" ]; then
  echo "tributary down: stopping the PostgreSQL (pid $pg_pid) of $DATA/control that was left running"
  stop_postgres "$DATA/control" || {
    echo "tributary down: the PostgreSQL (pid $pg_pid) would not stop" >&2
    failed=1
  }
  stopped="${stopped:-what was left running}"
fi
[ "$failed" = 1 ] && exit 1
rm -f "$STATE" "$STATE.tmp"

if [ -z "$stopped" ]; then
  echo "tributary down: nothing runs on $DATA"
else
  echo "tributary down: stopped $stopped on $DATA in $((SECONDS - start)) s"
fi
exit 0
