#!/usr/bin/env bash
# ./tributary status [--data-dir ./data]: what the local stack of a data directory runs, where, and whether each
# part is healthy — from <data-dir>/run/stack.json (written by ./tributary up) and by asking each part, checking
# that it is the process up started (its pid holds the port; the node greets with the name up gave it; the control
# plane serves the operator whose JWT the node trusts).
# Exit codes: 0 running and healthy; 1 running but not healthy (starting, a part down, or processes left by a
# stack whose supervisor is gone); 2 bad arguments; 3 not running.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/stack-lib.sh
. "$ROOT/scripts/stack-lib.sh"

DATA=./data
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA="${2:?--data-dir needs a value}"; shift 2 ;;
    -h|--help)
      cat <<'USAGE'
usage: ./tributary status [--data-dir ./data]
Shows the local stack that ./tributary up runs on the data directory: the control plane, the node, PostgreSQL.
Exit codes: 0 running and healthy; 1 running but not healthy; 2 bad arguments; 3 not running.
USAGE
      exit 0 ;;
    *) echo "tributary status: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
DATA="$(abs_dir "$DATA")"
STATE="$DATA/run/stack.json"
if [ "$DATA" = "$PWD/data" ]; then DIR_ARG=""; else DIR_ARG=" --data-dir $DATA"; fi

get() { state_get "$STATE" "$1"; }

if [ ! -f "$STATE" ]; then
  read -r pg_pid pg_port < <(postgres_running "$DATA/control") || true
  if [ -n "${pg_pid:-}" ]; then
    echo "No stack runs on $DATA, but its PostgreSQL does (pid $pg_pid, port $pg_port); ./tributary down$DIR_ARG stops it."
    exit 1
  fi
  echo "No stack runs on $DATA."
  exit 3
fi

sup="$(get supervisor_pid)"
if ! proc_is "$sup" "$(get supervisor_start)"; then
  left=""
  for role in control_plane node; do
    pid="$(get "${role}_pid")"
    if proc_is "$pid" "$(get "${role}_start")"; then left="${left:+$left, }${role/_/ } (pid $pid)"; fi
  done
  read -r pg_pid pg_port < <(postgres_running "$DATA/control") || true
  [ -n "${pg_pid:-}" ] && left="${left:+$left, }PostgreSQL (pid $pg_pid)"
  if [ -n "$left" ]; then
    echo "The stack on $DATA is not running properly: its supervisor (pid $sup) is gone, but it left running:" \
      "$left; ./tributary down$DIR_ARG stops them."
    exit 1
  fi
  echo "No stack runs on $DATA (stale state of supervisor pid $sup, started $(get started_at); the next up or down" \
    "removes it)."
  exit 3
fi

phase="$(get phase)"
mode="in a terminal"
[ "$(get detached)" = true ] && mode="in the background"
healthy=1
[ "$phase" = ready ] || healthy=0
echo "Tributary stack on $DATA: $phase (supervisor pid $sup, $mode, since $(get started_at))"

# the control plane: its pid holds the API port, it is ready, and it serves the operator the node trusts
api_port="$(get api_port)"
api="$(get api_url)"
cp="$(get control_plane_pid)"
if proc_is "$cp" "$(get control_plane_start)"; then
  if ! port_owned_by "$api_port" "$cp"; then
    what="not listening on $api_port"
    port_taken "$api_port" && what="port $api_port held by $(port_holder "$api_port"), not by it"
    healthy=0
  else
    code="$(http_code "$api/q/health/ready")"
    operator="$(curl -s -m 3 "$api/api/v1/operator" | sed -n 's/.*"jwt":"\([^"]*\)".*/\1/p')"
    if [ "$code" != 200 ]; then
      what="not ready ($api/q/health/ready: HTTP $code)"
      healthy=0
    elif [ -s "$DATA/node/operator.jwt" ] && [ "$operator" != "$(cat "$DATA/node/operator.jwt")" ]; then
      what="ready, but its operator is not the one in $DATA/node/operator.jwt"
      healthy=0
    else
      what="ready"
    fi
  fi
  printf '  %-14s pid %-8s %-28s %s\n' "control plane" "$cp" "$api" "$what"
else
  printf '  %-14s %-41s %s\n' "control plane" "" "not running"
  healthy=0
fi

# the node: its pid holds both ports, it greets with this run's server name, /healthz answers 200
nats_port="$(get nats_port)"
http_port="$(get http_port)"
monitor="$(get monitor_url)"
node="$(get node_pid)"
if proc_is "$node" "$(get node_start)"; then
  if ! port_owned_by "$nats_port" "$node"; then
    what="not listening on $nats_port"
    port_taken "$nats_port" && what="port $nats_port held by $(port_holder "$nats_port"), not by it"
    healthy=0
  elif [ "$(nats_server_name "$nats_port")" != "$(get server_name)" ]; then
    what="its INFO does not carry server name $(get server_name)"
    healthy=0
  elif ! port_owned_by "$http_port" "$node"; then
    what="monitoring not listening on $http_port"
    healthy=0
  else
    code="$(curl -s -m 3 -o /dev/null -w '%{http_code}' "$monitor/healthz")"
    if [ "$code" = 200 ]; then
      what="healthy ($monitor/healthz: 200)"
    else
      what="unhealthy ($monitor/healthz: HTTP $code: $(curl -s -m 3 "$monitor/healthz" | head -c 200))"
      healthy=0
    fi
  fi
  printf '  %-14s pid %-8s %-28s %s\n' "node" "$node" "$(get nats_url)" "$what"
else
  what="not running"
  [ "$phase" = restarting-node ] && what="not running (the supervisor is starting it again; see $DATA/logs/up.log or the terminal)"
  printf '  %-14s %-41s %s\n' "node" "" "$what"
  healthy=0
fi

# PostgreSQL: the embedded server of the control plane's data directory, on its port
if [ "$(get database)" = external ]; then
  printf '  %-14s %-41s %s\n' "PostgreSQL" "" "external (QUARKUS_DATASOURCE_JDBC_URL; checked by the control plane's readiness)"
else
  db_port="$(get db_port)"
  read -r pg_pid pg_port < <(postgres_running "$DATA/control") || true
  if [ -z "${pg_pid:-}" ]; then
    printf '  %-14s %-41s %s\n' "PostgreSQL" "" "not running"
    healthy=0
  elif [ "$pg_port" != "$db_port" ] || ! port_owned_by "$db_port" "$pg_pid"; then
    printf '  %-14s pid %-8s %-28s %s\n' "PostgreSQL" "$pg_pid" "127.0.0.1:$db_port" "running, but not listening on $db_port"
    healthy=0
  else
    printf '  %-14s pid %-8s %-28s %s\n' "PostgreSQL" "$pg_pid" "127.0.0.1:$db_port" "running ($DATA/control/postgres)"
  fi
fi
echo "  logs           $DATA/logs"

[ "$healthy" = 1 ] && exit 0
exit 1
