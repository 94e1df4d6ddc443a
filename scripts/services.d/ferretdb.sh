# shellcheck shell=bash
# FerretDB 1.24.2 with the SQLite backend, built from services/ferretdb (our module
# embedding FerretDB as a library; the upstream cmd binary panics at start).
# SQLite keeps it independent of PostgreSQL, so it can start on its own.
# Sourced by scripts/services.sh.

fdb_paths() {
  FDB_SRC=$MESHGATE_ROOT/services/ferretdb
  FDB_DIR=$MESHGATE_RUN/ferretdb
  FDB_LOG=$MESHGATE_RUN/ferretdb.log
  FDB_PID=$MESHGATE_RUN/ferretdb.pid
}

# The binary is cached under a hash of the module's sources: an edit rebuilds, nothing else does.
fdb_build() {
  local hash bin_dir
  hash=$(content_hash "$FDB_SRC/go.mod" "$FDB_SRC/go.sum" "$FDB_SRC/main.go")
  bin_dir=$MESHGATE_CACHE/bin
  FDB_BIN=$bin_dir/ferretdb-$hash
  if [[ -x $FDB_BIN ]]; then log "ferretdb: reusing build $FDB_BIN"; return 0; fi
  ensure_go
  mkdir -p "$bin_dir"
  log "ferretdb: building $FDB_SRC -> $FDB_BIN (first time takes minutes)"
  (cd "$FDB_SRC" && go build -o "$FDB_BIN.tmp" .) >>"$MESHGATE_CACHE/ferretdb-build.log" 2>&1 \
    || fail "$MESHGATE_CACHE/ferretdb-build.log" "ferretdb: go build failed"
  mv "$FDB_BIN.tmp" "$FDB_BIN"
}

fdb_ready() { node24 "$MESHGATE_ROOT/scripts/service-probe.ts" mongo "$1" >>"$FDB_LOG" 2>&1; }

svc_ferretdb_up() {
  fdb_paths
  require_node_modules
  if pid_alive "$FDB_PID" && port_open "$FERRETDB_PORT" && fdb_ready 5; then
    log "ferretdb: already running (pid $(pid_from "$FDB_PID"), port $FERRETDB_PORT)"; return 0
  fi
  pid_alive "$FDB_PID" && stop_pidfile ferretdb "$FDB_PID"
  require_port_free ferretdb "$FERRETDB_PORT" "$FDB_LOG"
  fdb_build
  mkdir -p "$FDB_DIR"
  log "ferretdb: starting on 127.0.0.1:$FERRETDB_PORT (sqlite data in $FDB_DIR)"
  start_detached "$FDB_PID" "$FDB_LOG" "$FDB_BIN" -listen "127.0.0.1:$FERRETDB_PORT" \
    -handler sqlite -sqlite-url "file:$FDB_DIR/"
  log "ferretdb: waiting for ping"
  wait_ready ferretdb "$FDB_PID" "$FDB_LOG" 60 fdb_ready
  log "ferretdb: ready at $MESHGATE_TEST_MONGO_URL"
}

svc_ferretdb_down() {
  fdb_paths
  stop_pidfile ferretdb "$FDB_PID"
}

svc_ferretdb_status() {
  fdb_paths
  if pid_alive "$FDB_PID" && port_open "$FERRETDB_PORT"; then
    status_line ferretdb running "$FERRETDB_PORT" "$(pid_from "$FDB_PID")"
  else
    status_line ferretdb stopped "$FERRETDB_PORT"
  fi
}
