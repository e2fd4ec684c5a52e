#!/usr/bin/env bash
# `npm run faults [-- --seed N --trials N --lab NAME]`: break `pulumi up` on a lab host at chosen
# and random points (SSH dropped, sshd restarted, a host command failing, the CLI killed) and
# check that the next `up` converges and no data is lost. See test/faults/ and the README.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PHOENIX_PROJECT"
bash scripts/setup.sh >/dev/null
exec node --require ts-node/register/transpile-only test/faults/run.ts "$@"
