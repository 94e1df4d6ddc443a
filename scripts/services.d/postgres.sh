# shellcheck shell=bash
# PostgreSQL 15 from Debian, one cluster owned by the `postgres` OS user
# (initdb and the server refuse to run as root). Sourced by scripts/services.sh.

PG_BIN=/usr/lib/postgresql/15/bin

pg_install_if_missing() {
  [[ -x $PG_BIN/initdb ]] && return 0
  ((EUID == 0)) || fail "" "postgres: $PG_BIN is missing; install postgresql 15 (apt-get install postgresql) as root"
  log "postgres: binaries missing, running apt-get update && apt-get install -y postgresql"
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql \
    || fail "" "postgres: apt-get install postgresql failed"
  [[ -x $PG_BIN/initdb ]] || fail "" "postgres: installed, but $PG_BIN/initdb is still missing (not version 15?)"
}

# Runs a command as the cluster owner, from a directory that user can enter.
pg_as_owner() {
  if ((EUID == 0)); then (cd "$PG_HOME" && runuser -u postgres -- "$@"); else (cd "$PG_HOME" && "$@"); fi
}

# PG_HOME is $RUN/postgres. As root it must be reachable by the postgres user; when an
# ancestor (typically /root, mode 700) is not, the cluster lives under /var/lib/meshgate
# and $RUN/postgres is a symlink to it.
pg_resolve_home() {
  local link=$MESHGATE_RUN/postgres
  if ((EUID != 0)); then PG_HOME=$link; mkdir -p "$PG_HOME"; return 0; fi
  if [[ -L $link ]]; then PG_HOME=$(readlink -f "$link"); return 0; fi
  mkdir -p "$link" && chown postgres:postgres "$link"
  if runuser -u postgres -- test -w "$link"; then PG_HOME=$link; return 0; fi
  rmdir "$link"
  PG_HOME=/var/lib/meshgate/postgres-$(printf '%s' "$MESHGATE_RUN" | content_hash /dev/stdin)
  log "postgres: $MESHGATE_RUN is not reachable by the postgres user; cluster in $PG_HOME (linked from $link)"
  mkdir -p "$PG_HOME" && chown postgres:postgres "$PG_HOME"
  ln -s "$PG_HOME" "$link"
}

pg_paths() {
  pg_resolve_home
  PG_DATA=$PG_HOME/data
  PG_LOG=$PG_HOME/postgres.log
  # pg_ctl writes the log as the cluster owner, so the file must belong to it.
  [[ -f $PG_LOG ]] || touch "$PG_LOG"
  if ((EUID == 0)); then chown postgres:postgres "$PG_LOG"; fi
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PGPORT_MESHGATE" -t 2; }
pg_pid() { [[ -f $PG_DATA/postmaster.pid ]] && head -n 1 "$PG_DATA/postmaster.pid" || true; }
pg_ours_running() { local pid; pid=$(pg_pid); [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

pg_initdb() {
  [[ -f $PG_DATA/PG_VERSION ]] && return 0
  log "postgres: initdb $PG_DATA"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >>"$PG_LOG" 2>&1 \
    || fail "$PG_LOG" "postgres: initdb failed"
}

# Role and database `meshgate` (superuser, password `meshgate`); safe to repeat.
pg_provision() {
  log "postgres: ensuring role and database meshgate"
  local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_HOME" -p "$PGPORT_MESHGATE" -U postgres -d postgres)
  "${psql[@]}" >>"$PG_LOG" 2>&1 <<'SQL' || fail "$PG_LOG" "postgres: creating role/database meshgate failed"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meshgate') THEN
    CREATE ROLE meshgate LOGIN SUPERUSER PASSWORD 'meshgate';
  END IF;
END $$;
SELECT 'CREATE DATABASE meshgate OWNER meshgate'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'meshgate') \gexec
SQL
}

# TLS beside plain connections: a self-signed certificate for 127.0.0.1 (its own CA), made once in
# the data directory; its copy $PG_HOME/server-ca.crt is what tests trust (sslmode=verify-full with
# MESHGATE_TEST_DATABASE_CA_FILE). Clients that do not ask for TLS are served as before, and `ssl`
# is reloadable, so a running server takes it without a restart. Safe to repeat.
pg_enable_ssl() {
  if [[ ! -f $PG_DATA/server.crt ]]; then
    log "postgres: making a self-signed TLS certificate for 127.0.0.1 in $PG_DATA"
    pg_as_owner openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
      -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
      -keyout "$PG_DATA/server.key" -out "$PG_DATA/server.crt" >>"$PG_LOG" 2>&1 \
      || fail "$PG_LOG" "postgres: openssl could not make the TLS certificate"
    pg_as_owner chmod 600 "$PG_DATA/server.key"
  fi
  cp "$PG_DATA/server.crt" "$PG_HOME/server-ca.crt" && chmod 644 "$PG_HOME/server-ca.crt"
  local psql=("$PG_BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_HOME" -p "$PGPORT_MESHGATE" -U postgres -d postgres)
  [[ $("${psql[@]}" -c 'SHOW ssl' 2>>"$PG_LOG") == on ]] && return 0
  log "postgres: turning TLS on (ssl=on, plain connections still accepted)"
  "${psql[@]}" -c 'ALTER SYSTEM SET ssl = on' -c 'SELECT pg_reload_conf()' >>"$PG_LOG" 2>&1 \
    || fail "$PG_LOG" "postgres: turning ssl on failed"
}

svc_postgres_up() {
  pg_install_if_missing
  pg_paths
  if pg_ours_running && pg_ready; then
    log "postgres: already running (pid $(pg_pid), port $PGPORT_MESHGATE)"
    pg_provision; pg_enable_ssl; return 0
  fi
  pg_ours_running || require_port_free postgres "$PGPORT_MESHGATE" "$PG_LOG"
  pg_initdb
  log "postgres: starting on 127.0.0.1:$PGPORT_MESHGATE"
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT_MESHGATE -k $PG_HOME" start >/dev/null 9>&- \
    || fail "$PG_LOG" "postgres: pg_ctl start failed"
  pg_ready || fail "$PG_LOG" "postgres: started but pg_isready does not answer on port $PGPORT_MESHGATE"
  pg_provision
  pg_enable_ssl
  log "postgres: ready at $MESHGATE_TEST_DATABASE_URL"
}

svc_postgres_down() {
  pg_paths
  if ! pg_ours_running; then log "postgres: not running"; return 0; fi
  log "postgres: stopping pid $(pg_pid)"
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null \
    || fail "$PG_LOG" "postgres: pg_ctl stop failed"
  log "postgres: stopped"
}

svc_postgres_status() {
  pg_paths
  if pg_ours_running && pg_ready; then status_line postgres running "$PGPORT_MESHGATE" "$(pg_pid)"
  elif pg_ours_running; then status_line postgres starting "$PGPORT_MESHGATE" "$(pg_pid)"
  else status_line postgres stopped "$PGPORT_MESHGATE"; fi
}
