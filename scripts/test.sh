#!/usr/bin/env bash
# `npm test`: provision the real services, typecheck, check the dependency rules and
# lint, fuzz the gateway's /graphql with schemathesis (scripts/fuzz.sh), then run
# every unit, contract and integration test file with node's test runner; exits
# with the runner's status (or non-zero when a check failed).
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

# A failed check (types, dependency rules, lint and format) fails the run, but the
# tests still run so one pass shows every failure.
step "typecheck: tsc -p ."
typecheck_status=0
npx tsc -p . || typecheck_status=$?

step "dependency rules: npm run lint:deps (.dependency-cruiser.cjs)"
deps_status=0
npm run -s lint:deps || deps_status=$?

step "lint and format: biome ci (biome.jsonc)"
lint_status=0
npx biome ci . || lint_status=$?

# The fuzz step (scripts/fuzz.sh): schemathesis against a real, seeded gateway; prints the cases it ran.
# Before the test files, so the test runner's summary stays the run's closing lines.
step "fuzz: scripts/fuzz.sh (schemathesis against /graphql)"
fuzz_status=0
bash scripts/fuzz.sh || fuzz_status=$?

# Node's own glob expansion (quoted patterns) finds *.test.ts at any depth.
patterns=()
for dir in test/unit test/contract test/integration test/conformance test/e2e; do
  [[ -d $dir ]] && patterns+=("$dir/**/*.test.ts")
done
step "node --test ${patterns[*]}"
test_status=0
npm exec -- node --test --test-concurrency=1 --test-reporter=spec "${patterns[@]}" || test_status=$?

failed=()
((typecheck_status == 0)) || failed+=("typecheck (tsc exit $typecheck_status)")
((deps_status == 0)) || failed+=("dependency rules (depcruise exit $deps_status)")
((lint_status == 0)) || failed+=("lint/format (biome exit $lint_status)")
((fuzz_status == 0)) || failed+=("fuzz (scripts/fuzz.sh exit $fuzz_status)")
if ((${#failed[@]} > 0)); then
  step "FAILED: ${failed[*]}; tests exit $test_status"
  exit 1
fi
exit "$test_status"
