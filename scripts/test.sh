#!/usr/bin/env bash
# `npm test`: provision the real services, typecheck, then run every unit, contract
# and integration test file with node's test runner; exits with the runner's status
# (or non-zero when the typecheck failed).
# Works from a fresh clone: installs node_modules with `npm ci` when they are missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n[test] %s\n' "$*"; }

if [[ ! -d node_modules ]]; then
  step "node_modules missing: npm ci"
  npm ci
fi

step "services up (postgres, ferretdb, kafka, s3)"
bash scripts/services.sh up

# shellcheck source=services.env.sh
. scripts/services.env.sh

# A type error fails the run, but the tests still run so one pass shows every failure.
step "typecheck: tsc -p ."
typecheck_status=0
npx tsc -p . || typecheck_status=$?

# Node's own glob expansion (quoted patterns) finds *.test.ts at any depth.
patterns=()
for dir in test/unit test/contract test/integration test/conformance test/e2e; do
  [[ -d $dir ]] && patterns+=("$dir/**/*.test.ts")
done
step "node --test ${patterns[*]}"
test_status=0
npm exec -- node --test --test-concurrency=1 --test-reporter=spec "${patterns[@]}" || test_status=$?

if ((typecheck_status != 0)); then
  step "FAILED: typecheck (tsc exit $typecheck_status); tests exit $test_status"
  exit "$typecheck_status"
fi
exit "$test_status"
