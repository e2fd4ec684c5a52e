#!/usr/bin/env bash
# Lab stand-in for the original's bin/tests/run_vllm_integration_tests.sh, run on the host by
# `npm run phoenix -- test <ctid>` (script on stdin, the CT id as $1). The real test queries the
# model vLLM serves on the container's port; the lab serves no model (docs/lab.md), so this
# checks what the lab can show: the container runs and the vllm feature (its stand-in) ran in it.
#   usage: run_vllm_integration_tests.sh <ctid>
set -euo pipefail
ctid=${1:?usage: run_vllm_integration_tests.sh <ctid>}
status=$(pct status "$ctid")
[ "$status" = "status: running" ] || { echo "container $ctid is not running ($status)" >&2; exit 1; }
pct exec "$ctid" -- test -e /var/lib/phoenix-lab/packages/vllm ||
  { echo "container $ctid: the vllm feature has not run (no /var/lib/phoenix-lab/packages/vllm)" >&2; exit 1; }
echo "lab stand-in for the vLLM integration tests: container $ctid runs and has vllm (no model is served in the lab)"
