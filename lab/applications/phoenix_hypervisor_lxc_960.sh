#!/usr/bin/env bash
# Lab stand-in for the application script phoenix_hypervisor_lxc_960.sh: records what it would deploy (Prometheus and Grafana in docker)
# inside the container (docs/lab.md, "Application scripts in the lab").
#   usage: phoenix_hypervisor_lxc_960.sh <ctid>
# phoenix-files: lab-app.sh
# phoenix-tokens: docker_token
set -euo pipefail
# shellcheck source=lab-app.sh
. "$(dirname "$0")/lab-app.sh"

lab_app phoenix_hypervisor_lxc_960.sh "Prometheus and Grafana in docker" "$@"
