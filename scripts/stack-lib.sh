# shellcheck shell=bash
# Helpers shared by ./tributary up, status and down (scripts/up.sh, status.sh, down.sh); sourced, not run.
#
# The stack's state lives in <data-dir>/run/stack.json (written by up's supervisor, one field a line; removed when
# it stops): the supervisor's, control plane's and node's process ids with their start times (so that a recycled
# pid is not taken for ours), the four ports and the node's server name. <data-dir>/run/lock is held (flock) by the
# supervisor while it runs.

# --- processes -------------------------------------------------------------------------------------------------

# /proc/PID/stat's fields after "(comm)": $1 is the state (field 3), $2 the parent (4), ${20} the start time (22).
proc_stat() {
  local s
  s="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$s" ] || return 1
  echo "${s##*) }"
}

# The process's start time in clock ticks since boot (with its pid, an identity that survives pid reuse).
proc_start() {
  local s
  s="$(proc_stat "$1")" || return 1
  # shellcheck disable=SC2086
  set -- $s
  echo "${20}"
}

# True while PID runs (a zombie, dead but not yet reaped, does not).
proc_alive() {
  local s
  [ -n "${1:-}" ] || return 1
  s="$(proc_stat "$1")" || return 1
  case "${s%% *}" in Z|X|x) return 1 ;; esac
  return 0
}

# True if PID runs and is the process that started at START.
proc_is() {
  [ -n "${1:-}" ] && [ -n "${2:-}" ] && proc_alive "$1" && [ "$(proc_start "$1")" = "$2" ]
}

proc_name() { cat "/proc/$1/comm" 2>/dev/null || echo "?"; }

# The pids of PID's descendants (children first), from /proc.
proc_descendants() {
  local pid="$1" child
  for child in $(awk -v p="$pid" '{ sub(/.*\) /, ""); split($0, f, " "); if (f[2] == p) print FILENAME }' \
      /proc/[0-9]*/stat 2>/dev/null | sed 's|/proc/\([0-9]*\)/stat|\1|'); do
    echo "$child"
    proc_descendants "$child"
  done
  return 0
}

# Waits up to SECONDS for PID to end; true if it did.
await_gone() {
  local pid="$1" seconds="$2" i
  for ((i = 0; i < seconds * 10; i++)); do
    proc_alive "$pid" || return 0
    sleep 0.1
  done
  ! proc_alive "$pid"
}

# Stops PID (if it is still the process that started at START) and its descendants: SIGTERM (or SIG), SIGKILL
# after SECONDS. True if nothing of it is left.
stop_process() {
  local pid="$1" start="$2" seconds="$3" sig="${4:-TERM}" kids
  proc_is "$pid" "$start" || return 0
  kids="$(proc_descendants "$pid")"
  # shellcheck disable=SC2086
  kill "-$sig" "$pid" $kids 2>/dev/null || true
  if ! await_gone "$pid" "$seconds"; then
    kids="$kids $(proc_descendants "$pid")"
    # shellcheck disable=SC2086
    kill -KILL "$pid" $kids 2>/dev/null || true
    await_gone "$pid" 5 || return 1
  fi
  for pid in $kids; do proc_alive "$pid" && kill -KILL "$pid" 2>/dev/null; done
  return 0
}

# --- ports -----------------------------------------------------------------------------------------------------

# The inodes of listening TCP sockets on PORT that a server binding 127.0.0.1:PORT collides with: on 127.0.0.1 or
# on every address (IPv4 or IPv6, also IPv4-mapped), from /proc/net/tcp and tcp6 (readable without root).
port_inodes() {
  local hex
  hex="$(printf '%04X' "$1")"
  awk -v hex="$hex" '
    BEGIN {
      z8 = "00000000"
      # 127.0.0.1 and 0.0.0.0 (either byte order), ::, ::ffff:0.0.0.0 and ::ffff:127.0.0.1 (either byte order)
      collides["0100007F"]; collides["7F000001"]; collides[z8]
      collides[z8 z8 z8 z8]; collides[z8 z8 "FFFF0000" z8]; collides[z8 z8 "0000FFFF" z8]
      collides[z8 z8 "FFFF0000" "0100007F"]; collides[z8 z8 "0000FFFF" "7F000001"]
    }
    $4 == "0A" {
      n = split($2, a, ":")
      if (a[n] != hex) next
      if (a[1] in collides) print $10
    }' /proc/net/tcp /proc/net/tcp6 2>/dev/null | sort -u
}

# The pids of the processes holding those sockets (only this user's processes are visible without root).
port_pids() {
  local inodes expr=() i
  inodes="$(port_inodes "$1")"
  [ -n "$inodes" ] || return 0
  for i in $inodes; do
    [ ${#expr[@]} -gt 0 ] && expr+=(-o)
    expr+=(-lname "socket:\\[$i\\]")
  done
  find /proc/[0-9]*/fd -maxdepth 1 \( "${expr[@]}" \) 2>/dev/null | sed 's|/proc/\([0-9]*\)/fd/.*|\1|' | sort -un
}

# True if something listens on PORT (see port_inodes).
port_taken() { [ -n "$(port_inodes "$1")" ]; }

# True if PID (and nobody else) holds PORT's listening socket.
port_owned_by() {
  local pids
  pids="$(port_pids "$1")"
  [ -n "$pids" ] && [ "$pids" = "$2" ]
}

# Who holds PORT, for a message: "java (pid 123)", "java (pid 123), postgres (pid 456)", or a sentence when this
# user cannot see the process.
port_holder() {
  local pids pid out=""
  pids="$(port_pids "$1")"
  if [ -z "$pids" ]; then
    if command -v ss >/dev/null 2>&1; then
      # ss sees more as root; as another user it shows no process either
      out="$(ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -1)"
    fi
    echo "${out:-a process this user cannot see (sudo ss -ltnp 'sport = :$1' shows which)}"
    return
  fi
  for pid in $pids; do out="${out:+$out, }$(proc_name "$pid") (pid $pid)"; done
  echo "$out"
}

# --- the node and the control plane ----------------------------------------------------------------------------

# The server_name in the INFO line a NATS server on 127.0.0.1:PORT greets with (empty if none within 2 s).
nats_server_name() {
  local line=""
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 0
  IFS= read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  case "$line" in INFO*) printf '%s' "$line" | sed -n 's/.*"server_name":"\([^"]*\)".*/\1/p' ;; esac
}

# The HTTP status code of a GET (000 if nothing answers within 3 s).
http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }

# --- logs ------------------------------------------------------------------------------------------------------

file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# The lines of FILE that explain why a process failed, from byte OFFSET on: a port in use or a fatal error first,
# then the last other errors; else the last lines.
log_reason() {
  local file="$1" offset="${2:-0}" text key rest
  text="$(tail -c +"$((offset + 1))" "$file" 2>/dev/null | grep -v -E '^[[:space:]]*(at |Suppressed:|\.\.\. [0-9]+ more)')" || true
  key="$(printf '%s\n' "$text" | grep -E 'already in use|FATAL' | tail -n 3)" || true
  rest="$(printf '%s\n' "$text" | grep -E 'cannot |Cannot |could not|ERROR|SEVERE|Caused by|Exception|[Ee]rror:' |
    grep -v -E 'already in use|FATAL' | tail -n 4)" || true
  if [ -z "$key$rest" ]; then
    rest="$(printf '%s\n' "$text" | grep -v '^[[:space:]]*$' | tail -n 8)"
  fi
  [ -n "$key$rest" ] || rest="(its log is empty: $file)"
  printf '%s\n%s\n' "$key" "$rest" | grep -v '^$' | cut -c 1-300 | sed 's/^/    | /'
  return 0
}

# "code 1", or "killed by SIGKILL" for an exit code above 128.
exit_reason() {
  if [ "$1" -gt 128 ] && [ "$1" -lt 160 ]; then
    echo "killed by SIG$(kill -l "$(($1 - 128))" 2>/dev/null || echo "$(($1 - 128))")"
  else
    echo "code $1"
  fi
}

# --- state -----------------------------------------------------------------------------------------------------

# A field of the state file (numbers and strings; strings are written without quotes or backslashes inside).
state_get() {
  local v
  v="$(sed -nE "s/^  \"$2\": (\"([^\"]*)\"|([^\",]*)),?\$/\2\3/p" "$1" 2>/dev/null | head -1)"
  [ "$v" = null ] || printf '%s' "$v"
}

# The embedded PostgreSQL of a control-plane data dir, from its postmaster.pid (pid, data dir, start, port): prints
# "PID PORT" if it runs (a postgres process), nothing otherwise.
postgres_running() {
  local pidfile="$1/postgres/postmaster.pid" pid port
  [ -r "$pidfile" ] || return 0
  pid="$(sed -n 1p "$pidfile" 2>/dev/null)"
  port="$(sed -n 4p "$pidfile" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  proc_alive "$pid" && [ "$(proc_name "$pid")" = postgres ] && echo "$pid ${port:-?}"
  return 0
}

# Stops that PostgreSQL (fast shutdown: SIGINT; SIGKILL for it and its backends after 15 s).
stop_postgres() {
  local pid port
  read -r pid port < <(postgres_running "$1") || true
  [ -n "${pid:-}" ] || return 0
  stop_process "$pid" "$(proc_start "$pid")" 15 INT
}

# Resolves a --data-dir to an absolute path without creating it.
abs_dir() {
  if [ -d "$1" ]; then (cd "$1" && pwd); return; fi
  case "$1" in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$PWD" "${1#./}" ;;
  esac | sed 's|/\{2,\}|/|g; s|/$||; s|^$|/|'
}

check_port_arg() {
  [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$2" -le 65535 ] && return 0
  echo "tributary: $1 needs a port number (1-65535), not '$2'" >&2
  exit 2
}
