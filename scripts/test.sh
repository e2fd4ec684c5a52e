#!/usr/bin/env bash
# `npm test`: the whole suite (unit, integration against lab hosts, end-to-end through the real
# pulumi CLI). Runs setup first; it is quick when everything is already installed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PHOENIX_PROJECT"
bash scripts/setup.sh
npx tsc --noEmit -p tsconfig.json
npx vitest run "$@"
