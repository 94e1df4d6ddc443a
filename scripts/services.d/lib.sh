# shellcheck shell=bash
# Shared helpers for scripts/services.sh: logging, failure reporting, pid files,
# port checks and content hashes for build caches. Sourced, never run.

log() { printf '[services] %s\n' "$*"; }

# Prints the last lines of a service log and exits non-zero: a failed step is never skipped.
fail() {
  local logfile=$1; shift
  printf '[services] ERROR: %s\n' "$*" >&2
  if [[ -n $logfile && -f $logfile ]]; then
    printf '[services] last 40 lines of %s:\n' "$logfile" >&2
    tail -n 40 "$logfile" | sed 's/^/    /' >&2
  fi
  exit 1
}

pid_from() { [[ -f $1 ]] && head -n 1 "$1" || true; }

pid_alive() {
  local pid; pid=$(pid_from "$1")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Fails when something that is not ours already listens on the port we want.
require_port_free() {
  local name=$1 port=$2 logfile=$3
  if port_open "$port"; then
    fail "$logfile" "$name: port $port on 127.0.0.1 is taken by another process; set a different port"
  fi
}

# Sends TERM to the pid in the file, waits up to 30 s, then KILLs; removes the pid file.
stop_pidfile() {
  local name=$1 pidfile=$2 pid i
  pid=$(pid_from "$pidfile")
  if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
    log "$name: not running"; rm -f "$pidfile"; return 0
  fi
  log "$name: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; log "$name: stopped"; return 0; }
    sleep 0.5
  done
  log "$name: did not stop after 30 s, killing pid $pid"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

# Starts a command detached (own session, survives the caller), logging to $logfile.
start_detached() {
  local pidfile=$1 logfile=$2; shift 2
  nohup setsid "$@" >>"$logfile" 2>&1 </dev/null 9>&- &
  echo $! >"$pidfile"
}

# Polls `probe 3` until it passes; fails early, with the log, if the process dies.
wait_ready() {
  local name=$1 pidfile=$2 logfile=$3 timeout_s=$4 probe=$5 deadline
  deadline=$((SECONDS + timeout_s))
  while ((SECONDS < deadline)); do
    pid_alive "$pidfile" || fail "$logfile" "$name: process exited during start"
    "$probe" 3 && return 0
  done
  fail "$logfile" "$name: not ready within $timeout_s s"
}

content_hash() { cat "$@" | sha256sum | cut -c1-16; }

status_line() {
  local name=$1 state=$2 port=$3 pid=${4:-}
  printf '%-9s %-8s port %-6s pid %s\n' "$name" "$state" "$port" "${pid:--}"
}

# Node 24 (pinned in devDependencies) from the repo, never the system node.
node24() { (cd "$MESHGATE_ROOT" && npm exec --no -- node "$@"); }

# Readiness probes use the repo's mongodb and S3 clients, so node_modules must exist.
require_node_modules() {
  [[ -d $MESHGATE_ROOT/node_modules/.bin ]] || fail "" "node_modules missing in $MESHGATE_ROOT: run npm ci first"
}

ensure_go() {
  command -v go >/dev/null 2>&1 || PATH=$PATH:/usr/local/go/bin
  command -v go >/dev/null 2>&1 || fail "" "go is not installed (needed to build FerretDB and versitygw)"
  # Module and build caches live in the meshgate cache, not in ~/go or the repo.
  export GOMODCACHE=${GOMODCACHE:-$MESHGATE_CACHE/go/mod}
  export GOCACHE=${GOCACHE:-$MESHGATE_CACHE/go/build}
  export GOFLAGS=-buildvcs=false
}

port_listed() {
  local port=$1 list=$2 item
  local IFS=,
  for item in $list; do
    if [[ $item == *-* ]]; then
      ((port >= ${item%-*} && port <= ${item#*-})) && return 0
    elif [[ -n $item ]] && ((port == item)); then
      return 0
    fi
  done
  return 1
}

# The default ports lie in Linux's ephemeral range (32768-60999): a busy test run's
# outgoing connections can take one just before a server binds it. As root, reserve
# them so the kernel never hands them out as client ports; otherwise only warn.
reserve_service_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports current missing=() port
  current=$(cat "$file" 2>/dev/null || true)
  for port in "$@"; do port_listed "$port" "$current" || missing+=("$port"); done
  ((${#missing[@]})) || return 0
  local joined; joined=$(IFS=,; echo "${missing[*]}")
  if [[ -w $file ]] && echo "${current:+$current,}$joined" >"$file" 2>/dev/null; then
    log "reserved ports $joined against ephemeral use ($file)"
  else
    log "warning: cannot reserve ports $joined in $file; a client may occupy one (set other ports)"
  fi
}
