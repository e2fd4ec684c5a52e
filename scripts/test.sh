#!/usr/bin/env bash
# `npm test`: the whole suite: unit, integration (real sshd and lab hosts), end-to-end (the
# real pulumi CLI against lab hosts) and a short fault campaign (test/faults/). Runs setup
# first; it is quick when everything is already installed. The projects run one after
# another: lab hosts and pulumi runs share this machine's cores, and a failure in a cheap
# layer should not wait for the expensive ones.
# `npm test -- <vitest args>` runs only what the arguments select.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PHOENIX_PROJECT"
bash scripts/setup.sh
npx tsc --noEmit -p tsconfig.json
if [ "$#" -gt 0 ]; then
  exec npx vitest run "$@"
fi
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
status=0
for project in unit integration e2e faults; do
  echo "== $project tests"
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile="$reports/$project.json" || { status=1; break; }
done
# One closing line for the whole suite, summed over the layers that ran.
node -e '
  const fs = require("fs"), dir = process.argv[1];
  let passed = 0, failed = 0;
  for (const f of fs.readdirSync(dir)) { const r = JSON.parse(fs.readFileSync(`${dir}/${f}`, "utf8")); passed += r.numPassedTests; failed += r.numFailedTests; }
  console.log(`${passed} passed, ${failed} failed`);' "$reports"
exit $status
