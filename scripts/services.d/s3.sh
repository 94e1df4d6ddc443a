# shellcheck shell=bash
# versitygw v1.7.0 (S3 gateway, Apache-2.0) with the posix backend on a run dir.
# Sourced by scripts/services.sh.

VERSITYGW_VERSION=v1.7.0

s3_paths() {
  S3_DIR=$MESHGATE_RUN/s3
  S3_LOG=$MESHGATE_RUN/s3.log
  S3_PID=$MESHGATE_RUN/s3.pid
  S3_BIN=$MESHGATE_CACHE/bin/versitygw
}

s3_install() {
  local stamp=$S3_BIN.version build_log=$MESHGATE_CACHE/versitygw-build.log
  if [[ -x $S3_BIN && -f $stamp && $(cat "$stamp") == "$VERSITYGW_VERSION" ]]; then
    log "s3: reusing $S3_BIN ($VERSITYGW_VERSION)"; return 0
  fi
  ensure_go
  log "s3: go install versitygw@$VERSITYGW_VERSION into $MESHGATE_CACHE/bin (first time takes minutes)"
  GOBIN=$MESHGATE_CACHE/bin go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION" \
    >"$build_log" 2>&1 || fail "$build_log" "s3: go install versitygw failed"
  echo "$VERSITYGW_VERSION" >"$stamp"
}

# The posix backend keeps object metadata in user xattrs; where the filesystem lacks
# them (or they cannot be checked), metadata goes to a sidecar directory instead.
s3_metadata_args() {
  local probe=$S3_DIR/.xattr-probe
  touch "$probe"
  if command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import os,sys; os.setxattr(sys.argv[1], "user.meshgate", b"1")' "$probe" 2>/dev/null; then
    rm -f "$probe"; return 0
  fi
  rm -f "$probe"
  mkdir -p "$S3_DIR/sidecar"
  log "s3: user xattrs unavailable here; using sidecar metadata in $S3_DIR/sidecar" >&2
  printf '%s\n' --sidecar "$S3_DIR/sidecar"
}

s3_ready() { node24 "$MESHGATE_ROOT/scripts/service-probe.ts" s3 "$1" >>"$S3_LOG" 2>&1; }

svc_s3_up() {
  s3_paths
  require_node_modules
  if pid_alive "$S3_PID" && port_open "$S3_PORT" && s3_ready 5; then
    log "s3: already running (pid $(pid_from "$S3_PID"), port $S3_PORT)"; return 0
  fi
  pid_alive "$S3_PID" && stop_pidfile s3 "$S3_PID"
  require_port_free s3 "$S3_PORT" "$S3_LOG"
  s3_install
  mkdir -p "$S3_DIR/data"
  local metadata_args; mapfile -t metadata_args < <(s3_metadata_args)
  log "s3: starting versitygw on 127.0.0.1:$S3_PORT (posix backend on $S3_DIR/data)"
  ROOT_ACCESS_KEY=$MESHGATE_TEST_S3_ACCESS_KEY ROOT_SECRET_KEY=$MESHGATE_TEST_S3_SECRET_KEY \
    start_detached "$S3_PID" "$S3_LOG" "$S3_BIN" --port "127.0.0.1:$S3_PORT" \
    --region "$MESHGATE_TEST_S3_REGION" posix "${metadata_args[@]}" "$S3_DIR/data"
  log "s3: waiting for ListBuckets and bucket $MESHGATE_TEST_S3_BUCKET"
  wait_ready s3 "$S3_PID" "$S3_LOG" 60 s3_ready
  log "s3: ready at $MESHGATE_TEST_S3_ENDPOINT (bucket $MESHGATE_TEST_S3_BUCKET)"
}

svc_s3_down() {
  s3_paths
  stop_pidfile s3 "$S3_PID"
}

svc_s3_status() {
  s3_paths
  if pid_alive "$S3_PID" && port_open "$S3_PORT"; then
    status_line s3 running "$S3_PORT" "$(pid_from "$S3_PID")"
  else
    status_line s3 stopped "$S3_PORT"
  fi
}
