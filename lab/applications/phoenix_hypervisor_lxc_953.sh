#!/usr/bin/env bash
# Lab stand-in for the application script phoenix_hypervisor_lxc_953.sh: records what it would deploy (nginx gateway)
# inside the container (docs/lab.md, "Application scripts in the lab").
#   usage: phoenix_hypervisor_lxc_953.sh <ctid>
# phoenix-files: lab-app.sh
set -euo pipefail
# shellcheck source=lab-app.sh
. "$(dirname "$0")/lab-app.sh"

lab_app phoenix_hypervisor_lxc_953.sh "nginx gateway" "$@"
