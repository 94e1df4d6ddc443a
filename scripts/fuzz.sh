#!/usr/bin/env bash
# The fuzz step of `npm test`: schemathesis (pinned, in its own virtual
# environment under ~/.cache/meshgate, created on first use and reused) fuzzes
# /graphql of a real gateway — the embedded profile, seeded, on a free port —
# by introspection, once with an admin token (so resolvers run on data) and
# once anonymously. test/fuzz/hooks.py holds the checks: no 5xx, no masked
# INTERNAL error, no null in a non-null field, no stack trace or source path
# in any body. Bounded: FUZZ_MAX_EXAMPLES per operation and FUZZ_ADMIN_SECONDS /
# FUZZ_ANON_SECONDS per run (the whole step stays under ~3 minutes on 2 cores).
# Prints the number of cases run; exits non-zero when a check failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD

ST_VERSION=4.32.5
venv="${MESHGATE_CACHE_DIR:-$HOME/.cache/meshgate}/venv-schemathesis"
max_examples=${FUZZ_MAX_EXAMPLES:-50}
admin_seconds=${FUZZ_ADMIN_SECONDS:-80}
anon_seconds=${FUZZ_ANON_SECONDS:-30}
seed=${FUZZ_SEED:-20261202}
node=$repo/node_modules/.bin/node

log() { printf '[fuzz] %s\n' "$*"; }

if ! "$venv/bin/st" --version 2>/dev/null | grep -qF "version $ST_VERSION"; then
  log "installing schemathesis $ST_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/meshgate-fuzz-XXXXXX")
gateway_pid=
cleanup() {
  if [[ -n $gateway_pid ]]; then kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The embedded profile in a fresh data directory: no service URLs, no AUTH_* (its development secret signs the token).
gateway_env=(env -u DATABASE_URL -u MONGO_URL -u KAFKA_BROKERS -u S3_ENDPOINT PORT=0 LOG_LEVEL=warn MESHGATE_DATA_DIR="$work/data" MESHGATE_SEED_SCALE=0.2)
while IFS= read -r name; do gateway_env+=(-u "$name"); done < <(compgen -e | grep '^AUTH_' || true)

"${gateway_env[@]}" "$node" src/cli/main.ts serve --seed-if-empty >"$work/gateway.log" 2>&1 &
gateway_pid=$!
url=
for _ in $(seq 1 180); do
  url=$(grep -oE 'meshgate is serving http://[^ ]+/graphql' "$work/gateway.log" | head -1 | sed 's/^meshgate is serving //') || true
  [[ -n $url ]] && break
  kill -0 "$gateway_pid" 2>/dev/null || break
  sleep 0.5
done
if [[ -z $url ]]; then
  log "the gateway did not start:"; cat "$work/gateway.log"; exit 1
fi
log "gateway at $url"
token=$("${gateway_env[@]}" "$node" src/cli/main.ts token --role admin --sub fuzz-admin --expires 1h)

# One schemathesis run; its summary goes to $work/<name>.log, its case count to $work/<name>.cases.
fuzz() {
  local name=$1 seconds=$2; shift 2
  local status=0
  # From $work, so schemathesis' own files stay out of the repository; no example database across runs.
  (cd "$work" && PYTHONDONTWRITEBYTECODE=1 SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$repo/test/fuzz" "$venv/bin/st" run "$url" "$@" \
    --generation-database none \
    --checks meshgate_no_server_error,meshgate_no_stack_trace \
    --max-examples "$max_examples" --max-time "$seconds" --seed "$seed" --workers 1 \
    --request-timeout 20 --no-color --warnings off) >"$work/$name.log" 2>&1 || status=$?
  grep -A1 '^Test cases:' "$work/$name.log" | tail -1 | grep -oE '^ *[0-9]+' | tr -d ' ' >"$work/$name.cases" || echo 0 >"$work/$name.cases"
  log "$name: $(cat "$work/$name.cases") cases, schemathesis exit $status"
  if ((status != 0)); then sed -n '/^=* \(ERRORS\|FAILURES\) =*$/,$p' "$work/$name.log"; fi
  return "$status"
}

admin_status=0
anon_status=0
fuzz admin "$admin_seconds" -H "Authorization: Bearer $token" || admin_status=$?
fuzz anonymous "$anon_seconds" || anon_status=$?

# The gateway logs every masked error: none may have happened, whatever the checks saw.
masked=$(grep -c 'unexpected error masked' "$work/gateway.log" || true)
total=$(($(cat "$work/admin.cases") + $(cat "$work/anonymous.cases")))
log "cases run: $total (admin $(cat "$work/admin.cases"), anonymous $(cat "$work/anonymous.cases")); masked unexpected errors logged: $masked"
if ((admin_status != 0 || anon_status != 0 || masked != 0)); then
  ((masked == 0)) || grep 'unexpected error masked' "$work/gateway.log" | head -5 | cut -c1-2000
  log "FAILED"
  exit 1
fi
log "passed"
