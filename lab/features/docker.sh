#!/usr/bin/env bash
# Lab stand-in for features/docker.sh: records the packages the real feature installs (the lab has
# no network and no apt) and logs the run inside the container.
#   usage: docker.sh <ctid>
# phoenix-needs: nesting
set -euo pipefail
ctid=${1:?usage: docker.sh <ctid>}
# shellcheck source=../../features/lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/lab.sh
. "$(dirname "$0")/lib/lab.sh"

lab_feature "$ctid" docker ca-certificates docker-ce docker-ce-cli containerd.io docker-compose-plugin
