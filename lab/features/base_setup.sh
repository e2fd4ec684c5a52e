#!/usr/bin/env bash
# Lab stand-in for features/base_setup.sh: records the packages the real feature installs (the lab has
# no network and no apt) and logs the run inside the container.
#   usage: base_setup.sh <ctid>
set -euo pipefail
ctid=${1:?usage: base_setup.sh <ctid>}
# shellcheck source=../../features/lib/common.sh
. "$(dirname "$0")/lib/common.sh"
# shellcheck source=lib/lab.sh
. "$(dirname "$0")/lib/lab.sh"

lab_feature "$ctid" base_setup curl wget vim htop jq git rsync s-tui gnupg locales
