#!/usr/bin/env bash
# Local real services for meshgate's tests: PostgreSQL 15, FerretDB 1.24.2 (MongoDB
# wire protocol), Apache Kafka 4.1.1 (KRaft) and versitygw 1.7.0 (S3), on 127.0.0.1.
#
#   scripts/services.sh up|down|status [postgres|ferretdb|kafka|s3 ...]   (default: all)
#   scripts/services.sh env      prints the export lines of the MESHGATE_TEST_* URLs
#
# Idempotent: `up` starts only what is not already running and healthy. Downloads and
# builds are cached in $MESHGATE_CACHE (default ~/.cache/meshgate); data dirs, logs and
# pid files live in $MESHGATE_RUN (default $MESHGATE_CACHE/run). Ports: see services.env.sh.
set -euo pipefail

SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export MESHGATE_ROOT=${MESHGATE_ROOT:-$(dirname "$SCRIPTS_DIR")}
export MESHGATE_CACHE=${MESHGATE_CACHE:-$HOME/.cache/meshgate}
export MESHGATE_RUN=${MESHGATE_RUN:-$MESHGATE_CACHE/run}

# shellcheck source=services.env.sh
. "$SCRIPTS_DIR/services.env.sh"
for part in lib postgres ferretdb kafka s3; do
  # shellcheck source=/dev/null
  . "$SCRIPTS_DIR/services.d/$part.sh"
done

ALL_SERVICES=(postgres ferretdb kafka s3)

canonical_name() {
  case $1 in
    postgres | postgresql | pg) echo postgres ;;
    ferretdb | mongo | mongodb) echo ferretdb ;;
    kafka) echo kafka ;;
    s3 | versitygw) echo s3 ;;
    *) fail "" "unknown service '$1' (known: ${ALL_SERVICES[*]})" ;;
  esac
}

print_env() {
  local name
  for name in "${!MESHGATE_TEST_@}"; do printf 'export %s=%q\n' "$name" "${!name}"; done
}

# Several checkouts and test runs share one run dir: one up/down at a time. The lock
# is fd 9; start_detached and pg_ctl close it so a started server never holds it.
serialize_with_other_runs() {
  exec 9>"$MESHGATE_RUN/.services.lock"
  if ! flock -n 9; then
    log "another services.sh up/down holds $MESHGATE_RUN/.services.lock; waiting (max 15 min)"
    flock -w 900 9 || fail "" "timed out waiting for $MESHGATE_RUN/.services.lock"
  fi
}

usage() {
  echo "usage: $0 up|down|status [postgres|ferretdb|kafka|s3 ...] | env" >&2
  exit 2
}

main() {
  local command=${1:-}; shift || true
  local services=() name
  for name in "$@"; do services+=("$(canonical_name "$name")"); done
  ((${#services[@]})) || services=("${ALL_SERVICES[@]}")
  mkdir -p "$MESHGATE_CACHE" "$MESHGATE_RUN"
  case $command in up | down) serialize_with_other_runs ;; esac
  case $command in
    up)
      reserve_service_ports "$PGPORT_MESHGATE" "$FERRETDB_PORT" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$S3_PORT"
      for name in "${services[@]}"; do "svc_${name}_up"; done
      ;;
    down) for ((i = ${#services[@]} - 1; i >= 0; i--)); do "svc_${services[i]}_down"; done ;;
    status) for name in "${services[@]}"; do "svc_${name}_status"; done ;;
    env) print_env ;;
    *) usage ;;
  esac
}

main "$@"
