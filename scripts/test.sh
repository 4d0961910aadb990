#!/usr/bin/env bash
# The test command (`npm test`): set-up on a fresh machine, then every check CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
echo "== proto: generated types match proto/"
bash scripts/gen-proto.sh --check
echo "== lint"
# The module-boundary rule reads the Nx project graph; compute it (offline, no daemon).
NX_DAEMON=false NX_NO_CLOUD=true node_modules/.bin/nx show projects >/dev/null
node_modules/.bin/eslint . --max-warnings=0
echo "== tests"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@" || status=$?
# One plain closing line with the counts.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$report" || true
exit $status
