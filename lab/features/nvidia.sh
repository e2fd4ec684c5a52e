#!/usr/bin/env bash
# Lab stand-in for features/nvidia.sh: records the packages the real feature installs (the lab has
# no network and no apt) and logs the run inside the container.
#   usage: nvidia.sh <ctid>
# phoenix-needs: gpu
set -euo pipefail
ctid=${1:?usage: nvidia.sh <ctid>}
# shellcheck source=../../features/lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/lab.sh
. "$(dirname "$0")/lib/lab.sh"

lab_feature "$ctid" nvidia cuda-toolkit-12-8
