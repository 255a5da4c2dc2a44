#!/bin/bash
# Runs the images the `images` profile built, without a container runtime (the profile runs it at `verify`):
#   deploy/images/check.sh deploy/target/images
# Each OCI image tarball (Jib's node.tar, control-plane.tar, operator.tar) is unpacked layer by layer into a
# root file system (target/images/rootfs/NAME), and its configuration (entry point, arguments, environment,
# working directory, user) is run there with chroot, in new mount and PID namespaces (unshare; /proc, /dev and a
# tmpfs /tmp mounted), as the image's user 10001:0, on the host's network:
#   node          — the entry point with `--port P --http_port M --pid-file /var/run/tributary/node.pid`: a client
#                   gets the NATS `INFO` line on P, /healthz answers on M, the JVM is PID 1 of its namespace and
#                   runs as 10001; then the operator's preStop, `tributary node --signal ldm --pid-file …`, run
#                   in the node's namespaces: the node goes lame duck and exits, the pid file goes;
#   operator      — the entry point with `--help` prints its usage (no API server here, so no further);
#   control-plane — the entry point with its CMD (`--data-dir /var/lib/tributary`) and `--port P`: the embedded
#                   PostgreSQL starts under /var/lib/tributary and /q/health/ready reports UP; SIGTERM stops it.
# and every image's `java -version` (the jlinked JRE).
# Needs root (unshare, chroot, mount), jq, curl and bash. Not a container runtime: no cgroup limits, no seccomp, no
# read-only root, no network namespace.
set -euo pipefail

dir="$(cd "${1:?usage: check.sh IMAGES_DIR}" && pwd)"
[ "$(id -u)" = 0 ] || { echo "check.sh: needs root (unshare, chroot)" >&2; exit 1; }
fail() { echo "check.sh: FAIL: $*" >&2; exit 1; }

# unpack NAME: the image's layers, in order, into $dir/rootfs/NAME; its config JSON into $dir/rootfs/NAME.config
unpack() {
  local name="$1" layout="$dir/rootfs/$1.oci" root="$dir/rootfs/$1"
  rm -rf "$layout" "$root"
  mkdir -p "$layout" "$root"
  tar -C "$layout" -xf "$dir/$name.tar"
  local manifest config
  manifest="$layout/blobs/$(jq -r '.manifests[0].digest' "$layout/index.json" | tr : /)"
  config="$layout/blobs/$(jq -r '.config.digest' "$manifest" | tr : /)"
  for layer in $(jq -r '.layers[].digest' "$manifest" | tr : /); do
    if tar --warning=no-unknown-keyword -tzf "$layout/blobs/$layer" | grep -q '\.wh\.'; then fail "$name: whiteouts in a layer (not handled)"; fi
    tar -C "$root" --warning=no-unknown-keyword --same-owner --numeric-owner -xzpf "$layout/blobs/$layer"
  done
  cp "$config" "$dir/rootfs/$name.config"
  rm -rf "$layout"
}

# run NAME [ARG...]: the image's entry point with ARGs (or its CMD) as its user, in its working directory and
# environment, in a chroot in new mount and PID namespaces; `run NAME --exec CMD...` runs CMD instead.
run() {
  local name="$1"; shift
  local root="$dir/rootfs/$name" config="$dir/rootfs/$name.config"
  local -a argv env
  if [ "${1:-}" = --exec ]; then
    shift; argv=("$@")
  else
    mapfile -t argv < <(jq -r '.config.Entrypoint // [] | .[]' "$config")
    if [ $# -gt 0 ]; then argv+=("$@"); else mapfile -t -O "${#argv[@]}" argv < <(jq -r '.config.Cmd // [] | .[]' "$config"); fi
  fi
  mapfile -t env < <(jq -r '.config.Env // [] | .[]' "$config")
  local user workdir
  user="$(jq -r '.config.User // "0"' "$config")"
  workdir="$(jq -r '.config.WorkingDir // "/"' "$config")"
  [[ "$user" =~ ^[0-9]+(:[0-9]+)?$ ]] || fail "$name: user '$user' is not numeric"
  [ "${user%%:*}" != 0 ] || fail "$name: runs as root"
  [[ "$user" == *:* ]] || user="$user:$user"
  # shellcheck disable=SC2016
  unshare --mount --pid --fork --kill-child=SIGTERM --mount-proc="$root/proc" /bin/sh -c '
      root="$1"; user="$2"; workdir="$3"; shift 3
      mount --rbind /dev "$root/dev" && mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
      exec chroot --userspec="$user" "$root" /usr/bin/env -i -C "$workdir" "$@"' \
    sh "$root" "$user" "$workdir" "${env[@]}" "${argv[@]}"
}

free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  fail "no free port"
}

for name in node control-plane operator; do
  [ -s "$dir/$name.tar" ] || fail "$dir/$name.tar is missing: run ./mvnw -pl deploy -Pimages package first"
  echo "check.sh: $name.tar ($(du -h "$dir/$name.tar" | cut -f1)): unpacking"
  unpack "$name"
  echo "check.sh: $name: $(jq -c '.config | {User, WorkingDir, Entrypoint, Cmd}' "$dir/rootfs/$name.config")"
  run "$name" --exec java -version 2>&1 | sed "s/^/  $name java -version: /"
done

# node: a real node on a free port, from the image's entry point (the `tributary` script → the JVM)
port="$(free_port)"
monitor="$(free_port)"
log="$dir/rootfs/node.log"
run node --port "$port" --http_port "$monitor" --pid-file /var/run/tributary/node.pid \
  --lame-duck-duration 1s --lame-duck-grace-period 1s >"$log" 2>&1 &
node_pid=$!
info=""
for _ in $(seq 120); do
  if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    read -r -t 5 info <&3 || true
    exec 3<&- 3>&-
    break
  fi
  kill -0 "$node_pid" 2>/dev/null || { cat "$log" >&2; fail "node exited before listening"; }
  sleep 0.5
done
[[ "$info" == INFO\ \{* ]] || { kill "$node_pid" 2>/dev/null || true; cat "$log" >&2; fail "node: no INFO on $port (got '$info')"; }
echo "check.sh: node: ${info:0:120}..."
healthz=""
for _ in $(seq 40); do
  healthz="$( { exec 3<>"/dev/tcp/127.0.0.1/$monitor"; } 2>/dev/null &&
    printf 'GET /healthz HTTP/1.0\r\nHost: x\r\n\r\n' >&3 && head -c 200 <&3 | head -1 | tr -d '\r')" || true
  [[ "$healthz" == *" 200"* ]] && break
  sleep 0.5
done
[[ "$healthz" == *" 200"* ]] || { kill "$node_pid"; cat "$log" >&2; fail "node: /healthz on $monitor: '$healthz'"; }
echo "check.sh: node: /healthz: $healthz"
# the JVM (PID 1 of the namespace: the script exec'd it) runs as 10001 with the script's flags
jvm="$node_pid"
while [ "$(ps -o comm= -p "$jvm")" != java ]; do jvm="$(pgrep -P "$jvm" | head -1)"; [ -n "$jvm" ] || fail "node: no JVM"; done
ps -o user=,args= -p "$jvm" | cut -c1-220 | sed 's/^/check.sh: node process: /'
[ "$(ps -o uid= -p "$jvm" | tr -d ' ')" = 10001 ] || fail "node: the JVM does not run as uid 10001"
pid_in_file="$(cat "$dir/rootfs/node/run/tributary/node.pid")"
[ "$pid_in_file" = 1 ] || fail "node: pid file says '$pid_in_file', not 1 (the script should exec the JVM)"
# the operator's preStop, in the node's namespaces as the image's user: `tributary node --signal ldm --pid-file F`
mapfile -t env < <(jq -r '.config.Env[]' "$dir/rootfs/node.config")
prestop="$(nsenter --target "$jvm" --mount --pid -- chroot --userspec=10001:0 "$dir/rootfs/node" \
  /usr/bin/env -i -C /data "${env[@]}" tributary node --signal ldm --pid-file /var/run/tributary/node.pid 2>&1)" ||
  { echo "$prestop" >&2; fail "node: --signal ldm failed"; }
status=0
timeout 60 tail --pid="$node_pid" -f /dev/null || { kill -TERM "$jvm"; fail "node: still running 60 s after ldm"; }
wait "$node_pid" || status=$?
[ ! -e "$dir/rootfs/node/run/tributary/node.pid" ] || fail "node: the pid file is still there after lame duck"
echo "check.sh: node: preStop \`tributary node --signal ldm\` (in its namespaces, uid 10001): exited with status $status, pid file removed; last log line: $(tail -1 "$log" | cut -c1-140)"

# operator: its usage through the entry point
usage="$(run operator --help 2>&1 || true)"
grep -qi usage <<<"$usage" || { echo "$usage" >&2; fail "operator --help printed no usage"; }
echo "check.sh: operator --help: $(head -1 <<<"$usage")"

# control plane: the jar its entry point names, then the entry point itself with its CMD's data directory on a
# free port: the embedded PostgreSQL (no QUARKUS_DATASOURCE_JDBC_URL) starts as uid 10001 under /var/lib/tributary
# and /q/health/ready reports UP; SIGTERM stops it
jar="$(jq -r '.config.Entrypoint | map(select(endswith(".jar"))) | .[0]' "$dir/rootfs/control-plane.config")"
[ -f "$dir/rootfs/control-plane$jar" ] || fail "control-plane: $jar is not in the image"
http="$(free_port)"
log="$dir/rootfs/control-plane.log"
started=$SECONDS
run control-plane --data-dir /var/lib/tributary --port "$http" >"$log" 2>&1 &
cp_pid=$!
ready=""
for _ in $(seq 240); do
  ready="$(curl -s -m 2 "http://127.0.0.1:$http/q/health/ready" | tr -d ' \n' || true)"
  [[ "$ready" == '{"status":"UP"'* ]] && break
  kill -0 "$cp_pid" 2>/dev/null || { tail -40 "$log" >&2; fail "control-plane exited before it was ready"; }
  sleep 0.5
done
[[ "$ready" == '{"status":"UP"'* ]] || { tail -40 "$log" >&2; fail "control-plane: not ready (got '$ready')"; }
echo "check.sh: control-plane: /q/health/ready UP after $((SECONDS - started)) s (embedded PostgreSQL, uid 10001): $ready"
jvm="$cp_pid"
while [ "$(ps -o comm= -p "$jvm")" != java ]; do jvm="$(pgrep -P "$jvm" | head -1)"; [ -n "$jvm" ] || fail "control-plane: no JVM"; done
[ "$(ps -o uid= -p "$jvm" | tr -d ' ')" = 10001 ] || fail "control-plane: the JVM does not run as uid 10001"
kill -TERM "$jvm"
status=0
wait "$cp_pid" || status=$?
echo "check.sh: control-plane: SIGTERM to the JVM, exit status $status; last log line: $(tail -1 "$log" | cut -c1-160)"
echo "check.sh: OK"
