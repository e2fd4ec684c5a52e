#!/usr/bin/env bash
# `npm run bench [-- --scale] [--runs K]`: speed and memory goals, Phoenix against the engine
# floor on a lab host (scripts/bench/main.ts says what is measured). Never part of `npm test`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
phoenix_pulumi_env
cd "$PHOENIX_PROJECT"
trap 'bash lab/lab.sh down bench >/dev/null 2>&1 || true' EXIT
exec node --require ts-node/register/transpile-only scripts/bench/main.ts "$@"
