#!/usr/bin/env bash
# Lab stand-in for features/portainer.sh: records the Portainer container the real feature would
# run (the lab has no docker) and logs the run inside the container.
#   usage: portainer.sh <ctid>
# phoenix-needs: nesting
set -euo pipefail
ctid=${1:?usage: portainer.sh <ctid>}
# shellcheck source=../../features/lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/lab.sh
. "$(dirname "$0")/lib/lab.sh"

role=${PHOENIX_PORTAINER_ROLE:?PHOENIX_PORTAINER_ROLE is not set}
lab_feature "$ctid" portainer "portainer-$role:${PHOENIX_PORTAINER_IMAGE:?PHOENIX_PORTAINER_IMAGE is not set}"
