#!/usr/bin/env bash
# Lab stand-in for features/vllm.sh: records the packages the real feature installs (the lab has
# no network and no apt) and logs the run inside the container.
#   usage: vllm.sh <ctid>
# phoenix-needs: gpu
set -euo pipefail
ctid=${1:?usage: vllm.sh <ctid>}
# shellcheck source=../../features/lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/lab.sh
. "$(dirname "$0")/lib/lab.sh"

lab_feature "$ctid" vllm python3.11 python3.11-venv vllm
