#!/usr/bin/env bash
# ./tributary up: the whole local stack — the control plane (with its embedded PostgreSQL) and one data-plane node
# in operator mode, registered as cluster "local" — wired together, supervised and stopped together (Ctrl-C,
# SIGTERM, or ./tributary down). State lives in the data directory; a second 'up' reuses it.
#
# Run by the launcher (./tributary up), which exports ensure_built. Order: refuse a data directory whose stack runs,
# check every port, build what is missing, start the control plane and wait until it is ours and ready, start the
# node and wait the same way, register the node, print the banner, then supervise. Any failure stops what was
# started and exits non-zero. Exit codes: 0 ready (with --detach, at once; in the foreground, once stopped on
# request); 1 a failure (the reason is printed); 2 bad arguments.
set -euo pipefail
umask 077

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/stack-lib.sh
. "$ROOT/scripts/stack-lib.sh"
STARTED_NS="${TRIBUTARY_UP_STARTED:-$(date +%s%N)}"

API_PORT=8080
NATS_PORT=4222
HTTP_PORT=8222
DB_PORT=15432
DATA=./data
DETACH=0     # --detach: start a supervisor in the background, relay its output until it is ready
SUPERVISOR=0 # --supervisor (internal): this is that background supervisor
UP_TIMEOUT="${TRIBUTARY_UP_TIMEOUT:-300}" # seconds each part may take to get ready
RESTART_LIMIT=5    # node restarts within RESTART_WINDOW seconds before the stack gives up
RESTART_WINDOW=300

usage() {
  cat <<'USAGE'
usage: ./tributary up [--api-port 8080] [--nats-port 4222] [--http-port 8222] [--db-port 15432]
                      [--data-dir ./data] [--detach]
  --api-port N    the control plane's REST API (127.0.0.1)
  --nats-port N   the node's NATS clients (127.0.0.1)
  --http-port N   the node's monitoring: /healthz, /varz, /metrics (127.0.0.1)
  --db-port N     the embedded PostgreSQL (127.0.0.1; not used with QUARKUS_DATASOURCE_JDBC_URL)
  --data-dir DIR  everything the stack keeps: keys, database, streams, logs (DIR/logs), state (DIR/run)
  --detach        run in the background: return once ready; ./tributary status|down --data-dir DIR
Every port is checked before anything starts. Exit codes: 0 ready (with --detach) or stopped on request;
1 a failure, with the reason; 2 bad arguments.
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --api-port) API_PORT="${2:-}"; check_port_arg "$1" "$API_PORT"; shift 2 ;;
    --nats-port) NATS_PORT="${2:-}"; check_port_arg "$1" "$NATS_PORT"; shift 2 ;;
    --http-port) HTTP_PORT="${2:-}"; check_port_arg "$1" "$HTTP_PORT"; shift 2 ;;
    --db-port) DB_PORT="${2:-}"; check_port_arg "$1" "$DB_PORT"; shift 2 ;;
    --data-dir) DATA="${2:?--data-dir needs a value}"; shift 2 ;;
    --detach|-d) DETACH=1; shift ;;
    --supervisor) SUPERVISOR=1; DETACH=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "tributary up: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if ! declare -F ensure_built >/dev/null; then
  echo "tributary up: run it as ./tributary up" >&2
  exit 2
fi
case "$DATA" in *'"'* | *'\'* | *$'\n'*)
  echo "tributary up: the data directory's path may not contain '\"', '\\' or a newline" >&2; exit 2 ;;
esac

EXTERNAL_DB=0
[ -n "${QUARKUS_DATASOURCE_JDBC_URL:-}" ] && EXTERNAL_DB=1

mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
RUN="$DATA/run"
LOGS="$DATA/logs"
STATE="$RUN/stack.json"
API="http://127.0.0.1:$API_PORT"
MONITOR="http://127.0.0.1:$HTTP_PORT"
mkdir -p "$RUN" "$LOGS" "$DATA/node"

# How to name the data directory in commands printed for the user: nothing for the default, else its path.
if [ "$DATA" = "$PWD/data" ]; then DIR_ARG=""; else DIR_ARG=" --data-dir $DATA"; fi
show() { case "$1" in "$PWD"/*) printf '%s' "${1#"$PWD"/}" ;; *) printf '%s' "$1" ;; esac; }

# --- checks before anything starts ------------------------------------------------------------------------------

# Takes the data directory's lock (fd 9, kept while this process runs) or says who has it and exits 1. A state file
# without a live supervisor is stale: its processes, if any are left, must be stopped first.
claim_data_dir() {
  exec 9>>"$RUN/lock"
  if ! flock -n 9; then
    local sup api
    sup="$(state_get "$STATE" supervisor_pid)"
    api="$(state_get "$STATE" api_url)"
    echo "tributary up: a stack already runs on $DATA${sup:+ (supervisor pid $sup${api:+, API $api})};" \
      "./tributary status$DIR_ARG shows it, ./tributary down$DIR_ARG stops it" >&2
    exit 1
  fi
  if [ -f "$STATE" ]; then
    local left="" role pid
    for role in control_plane node; do
      pid="$(state_get "$STATE" "${role}_pid")"
      if proc_is "$pid" "$(state_get "$STATE" "${role}_start")"; then left="${left:+$left, }${role/_/ } (pid $pid)"; fi
    done
    if [ -n "$left" ]; then
      echo "tributary up: an earlier stack on $DATA was not stopped and left running: $left;" \
        "stop it with ./tributary down$DIR_ARG" >&2
      exit 1
    fi
    rm -f "$STATE"
  fi
}

# Every port must be free before anything starts; each taken one is named with what holds it.
check_ports() {
  local kinds=(API NATS "node monitoring" PostgreSQL) flags=(--api-port --nats-port --http-port --db-port)
  local ports=("$API_PORT" "$NATS_PORT" "$HTTP_PORT" "$DB_PORT") n=4 i j taken=0 leftover_pg=""
  [ "$EXTERNAL_DB" = 1 ] && n=3
  for ((i = 0; i < n; i++)); do
    for ((j = i + 1; j < n; j++)); do
      if [ "${ports[$i]}" = "${ports[$j]}" ]; then
        echo "tributary up: ${flags[$i]} and ${flags[$j]} are both port ${ports[$i]}; each needs its own" >&2
        exit 2
      fi
    done
  done
  # a PostgreSQL that a killed control plane of this data directory left running is stopped by the control plane
  # before it starts its own (EmbeddedDatabase), so its port counts as free
  [ "$EXTERNAL_DB" = 1 ] || read -r leftover_pg _ < <(postgres_running "$DATA/control") || true
  for ((i = 0; i < n; i++)); do
    port_taken "${ports[$i]}" || continue
    if [ "$i" = 3 ] && [ -n "$leftover_pg" ] && [ "$(port_pids "${ports[$i]}")" = "$leftover_pg" ]; then continue; fi
    echo "tributary up: port ${ports[$i]} (${kinds[$i]}, ${flags[$i]}) is in use by $(port_holder "${ports[$i]}");" \
      "stop it or choose another port with ${flags[$i]}" >&2
    taken=1
  done
  [ "$taken" = 0 ] || exit 1
}

# --- detached: a supervisor in the background, its output relayed until it is ready ------------------------------

if [ "$DETACH" = 1 ] && [ "$SUPERVISOR" = 0 ]; then
  claim_data_dir
  check_ports
  exec 9>&- # the supervisor takes the lock
  : >"$LOGS/up.log"
  args=(--supervisor --api-port "$API_PORT" --nats-port "$NATS_PORT" --http-port "$HTTP_PORT" --db-port "$DB_PORT"
    --data-dir "$DATA")
  if command -v setsid >/dev/null; then
    TRIBUTARY_UP_STARTED="$STARTED_NS" setsid bash "$0" "${args[@]}" >>"$LOGS/up.log" 2>&1 </dev/null &
  else
    TRIBUTARY_UP_STARTED="$STARTED_NS" nohup bash "$0" "${args[@]}" >>"$LOGS/up.log" 2>&1 </dev/null &
  fi
  SUP=$!
  offset=0
  relay() {
    local size
    size="$(file_size "$LOGS/up.log")"
    if [ "$size" -gt "$offset" ]; then
      tail -c +"$((offset + 1))" "$LOGS/up.log" | head -c "$((size - offset))" || true
      offset="$size"
    fi
  }
  trap 'echo; echo "tributary up: interrupted; stopping the stack that was starting" >&2; kill -TERM "$SUP" 2>/dev/null;
    await_gone "$SUP" 120; relay; exit 1' INT TERM
  while :; do
    relay
    if [ "$(state_get "$STATE" supervisor_pid)" = "$SUP" ] && [ "$(state_get "$STATE" phase)" = ready ]; then
      relay
      exit 0
    fi
    if ! proc_alive "$SUP"; then
      code=0
      wait "$SUP" || code=$?
      relay
      exit $((code == 0 ? 1 : code))
    fi
    sleep 0.2
  done
fi

# --- the supervisor ---------------------------------------------------------------------------------------------

PHASE=starting
STARTED_AT="$(date -Iseconds)"
SUP_START="$(proc_start $$)"
SERVER_NAME="tributary-up-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')" # the node's name, unique to this run
CP_PID="" CP_START="" CP_LOG_OFF=0
NODE_PID="" NODE_START="" NODE_LOG_OFF=0 NODE_FAILURE=""
HELPER_PID="" # a build or a back-off sleep running in the background, so that signals are handled at once
AUTH_FILE="$RUN/.authorization"
RESTARTS=()

write_state() {
  local db_port="$DB_PORT" database=embedded
  if [ "$EXTERNAL_DB" = 1 ]; then db_port=null; database=external; fi
  cat >"$STATE.tmp" <<EOF
{
  "version": 1,
  "phase": "$PHASE",
  "data_dir": "$DATA",
  "detached": $([ "$DETACH" = 1 ] && echo true || echo false),
  "started_at": "$STARTED_AT",
  "supervisor_pid": $$,
  "supervisor_start": "$SUP_START",
  "control_plane_pid": ${CP_PID:-null},
  "control_plane_start": "$CP_START",
  "node_pid": ${NODE_PID:-null},
  "node_start": "$NODE_START",
  "api_port": $API_PORT,
  "api_url": "$API",
  "nats_port": $NATS_PORT,
  "nats_url": "nats://127.0.0.1:$NATS_PORT",
  "http_port": $HTTP_PORT,
  "monitor_url": "$MONITOR",
  "database": "$database",
  "db_port": $db_port,
  "server_name": "$SERVER_NAME"
}
EOF
  mv -f "$STATE.tmp" "$STATE"
}

# Stops whatever was started (node, control plane, a PostgreSQL the control plane left), removes the state and
# exits with CODE.
shutdown() {
  local code="$1" started=0
  set +e
  trap - INT TERM HUP EXIT
  PHASE=stopping
  [ -f "$STATE" ] && write_state
  [ -n "$HELPER_PID" ] && stop_process "$HELPER_PID" "$(proc_start "$HELPER_PID")" 5
  if proc_alive "$NODE_PID" || proc_alive "$CP_PID"; then
    started=1
    echo "tributary up: stopping"
  fi
  # the node first, then the control plane (which stops its PostgreSQL)
  if [ -n "$NODE_PID" ]; then
    stop_process "$NODE_PID" "$NODE_START" 20 || echo "tributary up: the node (pid $NODE_PID) would not stop" >&2
    wait "$NODE_PID" 2>/dev/null
  fi
  if [ -n "$CP_PID" ]; then
    stop_process "$CP_PID" "$CP_START" 45 || echo "tributary up: the control plane (pid $CP_PID) would not stop" >&2
    wait "$CP_PID" 2>/dev/null
    [ "$EXTERNAL_DB" = 1 ] || stop_postgres "$DATA/control"
  fi
  rm -f "$STATE" "$STATE.tmp" "$AUTH_FILE"
  [ "$started" = 0 ] || echo "tributary up: stopped"
  exit "$code"
}

# Prints REASON (and the lines of LOG after OFFSET that explain it), stops everything, exits 1.
fail() {
  local reason="$1" log="${2:-}" offset="${3:-0}"
  set +e
  echo "tributary up: $reason" >&2
  if [ -n "$log" ]; then
    log_reason "$log" "$offset" >&2
    echo "    (all of it: $log)" >&2
  fi
  shutdown 1
}

on_exit() {
  local code=$?
  echo "tributary up: stopped by an unexpected error (exit $code); see the lines above" >&2
  shutdown 1
}

on_signal() {
  if [ "$PHASE" = ready ] || [ "$PHASE" = restarting-node ]; then
    echo
    shutdown 0
  fi
  echo
  echo "tributary up: $1 before the stack was ready" >&2
  shutdown 1
}

# Runs a command in the background and waits for it, so that a signal is handled at once (bash defers traps
# while a foreground command runs). Returns its exit code.
in_background() {
  local code=0
  "$@" &
  HELPER_PID=$!
  wait "$HELPER_PID" || code=$?
  HELPER_PID=""
  return "$code"
}

elapsed() { # tenths of a second since NS (default: the command's start), as "12.3 s"
  local t=$((($(date +%s%N) - ${1:-$STARTED_NS}) / 100000000))
  echo "$((t / 10)).$((t % 10)) s"
}

json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }

start_control() {
  local db_args=()
  [ "$EXTERNAL_DB" = 1 ] || db_args=(--db-port "$DB_PORT")
  CP_LOG_OFF="$(file_size "$LOGS/control-plane.log")"
  echo "=== $(date -Iseconds) started by tributary up" >>"$LOGS/control-plane.log"
  # Accounts created here without JetStream limits get the default JetStream allowance (docs/operations.md), so
  # that the first tenant can create a stream at once; TRIBUTARY_ACCOUNTS_DEFAULT_JETSTREAM_ENABLED=false turns
  # it off.
  TRIBUTARY_ADMIN_PASSWORD="$PASSWORD" \
    TRIBUTARY_ACCOUNTS_DEFAULT_JETSTREAM_ENABLED="${TRIBUTARY_ACCOUNTS_DEFAULT_JETSTREAM_ENABLED:-true}" \
    "$ROOT/tributary" control --port "$API_PORT" --data-dir "$DATA/control" "${db_args[@]}" \
    >>"$LOGS/control-plane.log" 2>&1 </dev/null 9>&- &
  CP_PID=$!
  CP_START="$(proc_start "$CP_PID")" || true
  write_state
}

# Ready: /q/health/ready (which includes the database) is 200 and our process (and no other) holds the API port.
await_control() {
  local deadline=$((SECONDS + UP_TIMEOUT)) noted=0 code i=0
  while :; do
    if ! proc_alive "$CP_PID"; then
      code=0
      wait "$CP_PID" 2>/dev/null || code=$?
      CP_PID=""
      fail "the control plane exited ($(exit_reason "$code")) before it was ready; from its log:" \
        "$LOGS/control-plane.log" "$CP_LOG_OFF"
    fi
    if [ "$(http_code "$API/q/health/ready")" = 200 ] && port_owned_by "$API_PORT" "$CP_PID"; then
      return 0
    fi
    if [ "$noted" = 0 ] && [ $((++i % 8)) = 0 ] && [ -n "$(port_pids "$API_PORT")" ] &&
      ! port_owned_by "$API_PORT" "$CP_PID"; then
      noted=1
      echo "tributary up: port $API_PORT is now held by $(port_holder "$API_PORT"), not by our control plane" \
        "(pid $CP_PID); not using it" >&2
    fi
    [ "$SECONDS" -lt "$deadline" ] ||
      fail "the control plane (pid $CP_PID) did not get ready within $UP_TIMEOUT s; from its log:" \
        "$LOGS/control-plane.log" "$CP_LOG_OFF"
    sleep 0.25
  done
}

start_node() {
  NODE_LOG_OFF="$(file_size "$LOGS/node.log")"
  echo "=== $(date -Iseconds) started by tributary up" >>"$LOGS/node.log"
  "$ROOT/tributary" node --host 127.0.0.1 --port "$NATS_PORT" --http-port "$HTTP_PORT" --server-name "$SERVER_NAME" \
    --operator "$DATA/node/operator.jwt" --system-account "$SYSTEM" \
    --resolver-dir "$DATA/node/jwt" --resolver-preload "$DATA/node/preload" \
    --jetstream --store-dir "$DATA/node/store" \
    >>"$LOGS/node.log" 2>&1 </dev/null 9>&- &
  NODE_PID=$!
  NODE_START="$(proc_start "$NODE_PID")" || true
  write_state
}

# Ready: /healthz is 200, our process holds the NATS and monitoring ports and greets with this run's server name.
# Returns 1 with NODE_FAILURE set if it exits or does not get ready in time (then it is stopped).
await_node() {
  local deadline=$((SECONDS + UP_TIMEOUT)) noted=0 code port i=0
  while :; do
    if ! proc_alive "$NODE_PID"; then
      code=0
      wait "$NODE_PID" 2>/dev/null || code=$?
      NODE_FAILURE="the node exited ($(exit_reason "$code")) before it was ready"
      return 1
    fi
    if [ "$(http_code "$MONITOR/healthz")" = 200 ] &&
      port_owned_by "$NATS_PORT" "$NODE_PID" && port_owned_by "$HTTP_PORT" "$NODE_PID" &&
      [ "$(nats_server_name "$NATS_PORT")" = "$SERVER_NAME" ]; then
      return 0
    fi
    if [ "$noted" = 0 ] && [ $((++i % 8)) = 0 ]; then
      for port in "$NATS_PORT" "$HTTP_PORT"; do
        if [ -n "$(port_pids "$port")" ] && ! port_owned_by "$port" "$NODE_PID"; then
          noted=1
          echo "tributary up: port $port is now held by $(port_holder "$port"), not by our node (pid $NODE_PID);" \
            "not using it" >&2
        fi
      done
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      NODE_FAILURE="the node (pid $NODE_PID) did not get ready within $UP_TIMEOUT s"
      stop_process "$NODE_PID" "$NODE_START" 10 || true
      wait "$NODE_PID" 2>/dev/null || true
      return 1
    fi
    sleep 0.25
  done
}

# Registers the node as cluster "local" (or points "local" at this NATS port); the control plane then pushes
# every account to it.
register_cluster() {
  local url="nats://127.0.0.1:$NATS_PORT" out code
  out="$(curl -s -m 10 -H @"$AUTH_FILE" -w '\n%{http_code}' "$API/api/v1/clusters/local")" || true
  code="${out##*$'\n'}"
  case "$code" in
    404)
      code="$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H @"$AUTH_FILE" -H 'Content-Type: application/json' \
        -d "{\"name\":\"local\",\"urls\":[\"$url\"]}" "$API/api/v1/clusters")" || true
      [ "$code" = 201 ] || fail "could not register the node as cluster \"local\" (HTTP $code)"
      ;;
    200)
      case "$out" in
        *"\"urls\":[\"$url\"]"*) ;;
        *)
          code="$(curl -s -m 10 -o /dev/null -w '%{http_code}' -X PATCH -H @"$AUTH_FILE" \
            -H 'Content-Type: application/json' -d "{\"urls\":[\"$url\"]}" "$API/api/v1/clusters/local")" || true
          [ "$code" = 200 ] || fail "could not point cluster \"local\" at $url (HTTP $code)"
          ;;
      esac
      ;;
    *) fail "could not read cluster \"local\" (HTTP $code)" ;;
  esac
}

# After the node died: starts it again after a back-off (1, 2, 4, 8, 16 s); more than RESTART_LIMIT restarts
# within RESTART_WINDOW seconds stop the stack.
restart_node() {
  local delay i recent
  while :; do
    recent=()
    for i in "${RESTARTS[@]}"; do
      if [ $((SECONDS - i)) -lt "$RESTART_WINDOW" ]; then recent+=("$i"); fi
    done
    RESTARTS=("${recent[@]}")
    if [ "${#RESTARTS[@]}" -ge "$RESTART_LIMIT" ]; then
      fail "the node keeps dying (${#RESTARTS[@]} restarts within $RESTART_WINDOW s); stopping the stack"
    fi
    delay=$((1 << ${#RESTARTS[@]}))
    RESTARTS+=("$SECONDS")
    PHASE=restarting-node
    write_state
    echo "tributary up: starting the node again in $delay s (restart ${#RESTARTS[@]}; at most $RESTART_LIMIT" \
      "within $RESTART_WINDOW s)" >&2
    in_background sleep "$delay" || true
    start_node
    if await_node; then
      PHASE=ready
      write_state
      echo "tributary up: the node runs again (pid $NODE_PID)" >&2
      return 0
    fi
    echo "tributary up: $NODE_FAILURE; from its log:" >&2
    log_reason "$LOGS/node.log" "$NODE_LOG_OFF" >&2
    local port
    for port in "$NATS_PORT" "$HTTP_PORT"; do
      if [ -n "$(port_inodes "$port")" ]; then
        echo "tributary up: port $port is held by $(port_holder "$port"), not by this stack" >&2
      fi
    done
  done
}

banner() {
  local data stop pg
  data="$(show "$DATA")"
  if [ "$EXTERNAL_DB" = 1 ]; then
    pg="external (QUARKUS_DATASOURCE_JDBC_URL)"
  else
    pg="127.0.0.1:$DB_PORT   (embedded; data in $data/control/postgres)"
  fi
  if [ "$DETACH" = 1 ]; then
    stop="It runs in the background: ./tributary status$DIR_ARG shows it, ./tributary down$DIR_ARG stops it."
  else
    stop="Ctrl-C (or ./tributary down$DIR_ARG) stops everything."
  fi
  cat <<EOF

Tributary is up, ready in $(elapsed) (since the command started, build included).
  web console     $API/   (sign in as admin, password in $data/admin-password)
  REST API        $API/api/v1   (OpenAPI: $API/q/swagger-ui; control plane pid $CP_PID)
  NATS            nats://127.0.0.1:$NATS_PORT   (cluster "local"; node pid $NODE_PID, server name $SERVER_NAME)
  monitoring      $MONITOR/healthz   $MONITOR/varz   $MONITOR/metrics
  PostgreSQL      $pg
  data, logs      $data   $data/logs

Create a tenant and a user in the console and download the user's creds there, or from the command line:
  ./tributary login $API --username admin --password-stdin < $data/admin-password
  ./tributary account create acme
  ./tributary user create app --account acme
  ./tributary user creds app --account acme -o app.creds

Any NATS client connects with it. With node (once, in the directory you run it from: npm install @nats-io/transport-node):
  node --input-type=module -e "import {connect, credsAuthenticator} from '@nats-io/transport-node'; import {readFileSync} from 'node:fs'; const nc = await connect({servers: 'nats://127.0.0.1:$NATS_PORT', authenticator: credsAuthenticator(readFileSync('app.creds'))}); const sub = nc.subscribe('hello', {max: 1}); nc.publish('hello', 'world'); for await (const m of sub) console.log(m.subject, m.string()); await nc.close()"
With the nats CLI:
  nats --creds app.creds -s nats://127.0.0.1:$NATS_PORT pub hello world
JetStream is on: a tenant made here gets 1 GiB of file and 256 MiB of memory storage (docs/operations.md), e.g.
  nats --creds app.creds -s nats://127.0.0.1:$NATS_PORT stream add ORDERS --subjects 'orders.>' --defaults

$stop
EOF
}

claim_data_dir
check_ports
trap 'on_signal interrupted' INT
trap 'on_signal stopped' TERM HUP
trap on_exit EXIT
write_state
echo "tributary up: ports free: API $API_PORT, NATS $NATS_PORT, monitoring $HTTP_PORT$(
  [ "$EXTERNAL_DB" = 1 ] && echo ", PostgreSQL external" || echo ", PostgreSQL $DB_PORT"); data in $DATA"

# build both before starting either, so that the two starts do not build at the same time
in_background ensure_built control-plane tributary-control-plane auth >/dev/null ||
  fail "could not build the control plane (see above)"
in_background ensure_built data-plane tributary-data-plane auth >/dev/null ||
  fail "could not build the node (see above)"

# The admin password: chosen once (TRIBUTARY_ADMIN_PASSWORD if set, as for `control`, else random), kept in the
# data directory (only this user can read it).
if [ ! -s "$DATA/admin-password" ]; then
  if [ -n "${TRIBUTARY_ADMIN_PASSWORD:-}" ]; then
    printf '%s' "$TRIBUTARY_ADMIN_PASSWORD" >"$DATA/admin-password"
  else
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DATA/admin-password"
  fi
fi
PASSWORD="$(cat "$DATA/admin-password")"

t0="$(date +%s%N)"
echo "tributary up: starting the control plane (log: $(show "$LOGS")/control-plane.log) ..."
start_control
await_control
echo "tributary up: the control plane is ready in $(elapsed "$t0") (pid $CP_PID)"

# Something only our control plane knows: the admin password of this data directory.
TOKEN="$(printf '{"username":"admin","password":"%s"}' "$(json_escape "$PASSWORD")" |
  curl -s -m 10 -H 'Content-Type: application/json' --data-binary @- "$API/api/v1/auth/login" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')" || true
[ -n "$TOKEN" ] || fail "cannot log in as admin on $API with $DATA/admin-password (was it changed?)"
printf 'Authorization: Bearer %s\n' "$TOKEN" >"$AUTH_FILE"

# The node trusts the operator, knows the system account, and keeps account JWTs in its resolver directory.
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
OPERATOR="$(curl -sf -m 10 "$API/api/v1/operator")" || fail "could not read the operator from $API/api/v1/operator"
echo "$OPERATOR" | field jwt >"$DATA/node/operator.jwt"
SYSTEM="$(echo "$OPERATOR" | field systemAccount)"
mkdir -p "$DATA/node/preload"
echo "$OPERATOR" | field systemAccountJwt >"$DATA/node/preload/$SYSTEM.jwt"

t0="$(date +%s%N)"
echo "tributary up: starting the node (log: $(show "$LOGS")/node.log) ..."
start_node
if ! await_node; then
  fail "$NODE_FAILURE; from its log:" "$LOGS/node.log" "$NODE_LOG_OFF"
fi
echo "tributary up: the node is ready in $(elapsed "$t0") (pid $NODE_PID)"

register_cluster
rm -f "$AUTH_FILE"
banner
PHASE=ready
write_state

# Supervise: a node that dies is started again (the control plane brings it up to date when it reconnects);
# if the control plane dies, everything stops.
while :; do
  wait -n "$CP_PID" "$NODE_PID" 2>/dev/null || true
  if ! proc_alive "$CP_PID"; then
    code=0
    wait "$CP_PID" 2>/dev/null || code=$?
    CP_PID=""
    fail "the control plane exited ($(exit_reason "$code")); from its log:" "$LOGS/control-plane.log" "$CP_LOG_OFF"
  fi
  proc_alive "$NODE_PID" && continue
  code=0
  wait "$NODE_PID" 2>/dev/null || code=$?
  echo "tributary up: the node (pid $NODE_PID) exited ($(exit_reason "$code")); from its log:" >&2
  log_reason "$LOGS/node.log" "$NODE_LOG_OFF" >&2
  restart_node
done
