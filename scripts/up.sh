#!/usr/bin/env bash
# ./tributary up: the whole local stack — the control plane (with its embedded PostgreSQL) and one data-plane node
# in operator mode, registered as cluster "local" — wired together and stopped together (Ctrl-C). State lives in
# the data directory; a second 'up' reuses it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
API_PORT=8080
NATS_PORT=4222
DATA=./data

while [ $# -gt 0 ]; do
  case "$1" in
    --api-port) API_PORT="${2:?--api-port needs a value}"; shift 2 ;;
    --nats-port) NATS_PORT="${2:?--nats-port needs a value}"; shift 2 ;;
    --data-dir) DATA="${2:?--data-dir needs a value}"; shift 2 ;;
    -h|--help)
      echo "usage: ./tributary up [--api-port 8080] [--nats-port 4222] [--data-dir ./data]"
      exit 0 ;;
    *) echo "tributary up: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"
API="http://127.0.0.1:$API_PORT"
mkdir -p "$DATA/node" "$DATA/logs"
umask 077

# The admin password: chosen once (TRIBUTARY_ADMIN_PASSWORD if set, as for `control`, else random), kept in the
# data directory (only this user can read it).
if [ ! -s "$DATA/admin-password" ]; then
  if [ -n "${TRIBUTARY_ADMIN_PASSWORD:-}" ]; then
    printf '%s' "$TRIBUTARY_ADMIN_PASSWORD" > "$DATA/admin-password"
  else
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DATA/admin-password"
  fi
fi
PASSWORD="$(cat "$DATA/admin-password")"

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "tributary up: stopping"
  # the node first, then the control plane (which then stops its PostgreSQL)
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; wait "${pids[$i]}" 2>/dev/null || true; done
  exit 0
}
trap stop INT TERM EXIT

field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

await_http() {
  local url="$1" what="$2" pid="$3"
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "tributary up: $what exited; see $DATA/logs" >&2; exit 1; }
    sleep 0.1
  done
  echo "tributary up: $what did not get ready; see $DATA/logs" >&2
  exit 1
}

start=$(date +%s)
# Accounts created here without JetStream limits get the default JetStream allowance (docs/operations.md), so that
# the first tenant can create a stream at once; TRIBUTARY_ACCOUNTS_DEFAULT_JETSTREAM_ENABLED=false turns it off.
TRIBUTARY_ADMIN_PASSWORD="$PASSWORD" \
  TRIBUTARY_ACCOUNTS_DEFAULT_JETSTREAM_ENABLED="${TRIBUTARY_ACCOUNTS_DEFAULT_JETSTREAM_ENABLED:-true}" \
  "$ROOT/tributary" control --port "$API_PORT" --data-dir "$DATA/control" \
  > "$DATA/logs/control-plane.log" 2>&1 &
pids+=($!)
await_http "$API/q/health/ready" "the control plane" "${pids[0]}"

TOKEN="$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$API/api/v1/auth/login" | field token)"
[ -n "$TOKEN" ] || { echo "tributary up: cannot log in as admin (was $DATA/admin-password changed?)" >&2; exit 1; }
auth=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')

# The node trusts the operator, knows the system account, and keeps account JWTs in its resolver directory.
OPERATOR="$(curl -sf "$API/api/v1/operator")"
echo "$OPERATOR" | field jwt > "$DATA/node/operator.jwt"
SYSTEM="$(echo "$OPERATOR" | field systemAccount)"
mkdir -p "$DATA/node/preload"
echo "$OPERATOR" | field systemAccountJwt > "$DATA/node/preload/$SYSTEM.jwt"
start_node() {
  "$ROOT/tributary" node --host 127.0.0.1 --port "$NATS_PORT" --http-port 0 \
    --operator "$DATA/node/operator.jwt" --system-account "$SYSTEM" \
    --resolver-dir "$DATA/node/jwt" --resolver-preload "$DATA/node/preload" \
    --jetstream --store-dir "$DATA/node/store" \
    >> "$DATA/logs/node.log" 2>&1 &
  pids[1]=$!
}
start_node
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$NATS_PORT") 2>/dev/null && break
  kill -0 "${pids[1]}" 2>/dev/null || { echo "tributary up: the node exited; see $DATA/logs/node.log" >&2; exit 1; }
  sleep 0.1
done

# Register the node as cluster "local" (once); the control plane then pushes every account to it.
if ! curl -sf -o /dev/null "${auth[@]}" "$API/api/v1/clusters/local"; then
  curl -sf -o /dev/null "${auth[@]}" -d "{\"name\":\"local\",\"urls\":[\"nats://127.0.0.1:$NATS_PORT\"]}" \
    "$API/api/v1/clusters"
fi

cat <<EOF

Tributary is up ($(( $(date +%s) - start )) s).
  REST API        $API/api/v1   (OpenAPI: $API/q/swagger-ui)
  admin login     admin / $PASSWORD   (kept in $DATA/admin-password)
  NATS            nats://127.0.0.1:$NATS_PORT   (cluster "local")
  data, logs      $DATA

Create a tenant with a user, then download its creds file:
  T=\$(curl -s -H 'Content-Type: application/json' -d '{"username":"admin","password":"$PASSWORD"}' $API/api/v1/auth/login | sed 's/.*"token":"\\([^"]*\\)".*/\\1/'); curl -s -H "Authorization: Bearer \$T" -H 'Content-Type: application/json' -d '{"name":"acme"}' $API/api/v1/accounts && curl -s -H "Authorization: Bearer \$T" -H 'Content-Type: application/json' -d '{"name":"app"}' $API/api/v1/accounts/acme/users
  curl -s -H "Authorization: Bearer \$T" -H 'Content-Type: application/json' -d '{}' $API/api/v1/accounts/acme/users/app/creds > app.creds
Any NATS client connects with it, e.g.: nats --creds app.creds -s nats://127.0.0.1:$NATS_PORT pub hello world
JetStream is on: a tenant made here gets 1 GiB of file and 256 MiB of memory storage (docs/operations.md), e.g.
  nats --creds app.creds -s nats://127.0.0.1:$NATS_PORT stream add ORDERS --subjects 'orders.>' --defaults

Ctrl-C stops everything.
EOF
# Supervise: a node that dies is started again (the control plane brings it up to date when it reconnects);
# if the control plane dies, everything stops.
while true; do
  wait -n "${pids[@]}" || true
  if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "tributary up: the control plane exited; see $DATA/logs" >&2
    stop
  fi
  if ! kill -0 "${pids[1]}" 2>/dev/null; then
    echo "tributary up: the node exited; starting it again" >&2
    sleep 1
    start_node
  fi
done
