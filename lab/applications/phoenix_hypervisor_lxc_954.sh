#!/usr/bin/env bash
# Lab stand-in for the application script phoenix_hypervisor_lxc_954.sh: records what it would deploy (n8n in docker)
# inside the container (docs/lab.md, "Application scripts in the lab").
#   usage: phoenix_hypervisor_lxc_954.sh <ctid>
# phoenix-files: lab-app.sh
# phoenix-tokens: docker_token
set -euo pipefail
# shellcheck source=lab-app.sh
. "$(dirname "$0")/lab-app.sh"

lab_app phoenix_hypervisor_lxc_954.sh "n8n in docker" "$@"
