#!/usr/bin/env bash
# Lab stand-in for the application script phoenix_hypervisor_lxc_956.sh: records what it would deploy (Open WebUI in docker)
# inside the container (docs/lab.md, "Application scripts in the lab").
#   usage: phoenix_hypervisor_lxc_956.sh <ctid>
# phoenix-files: lab-app.sh
# phoenix-tokens: docker_token
set -euo pipefail
# shellcheck source=lab-app.sh
. "$(dirname "$0")/lab-app.sh"

lab_app phoenix_hypervisor_lxc_956.sh "Open WebUI in docker" "$@"
