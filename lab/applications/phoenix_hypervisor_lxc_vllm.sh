#!/usr/bin/env bash
# Lab stand-in for the application script phoenix_hypervisor_lxc_vllm.sh: records what it would deploy (vLLM model server)
# inside the container (docs/lab.md, "Application scripts in the lab").
#   usage: phoenix_hypervisor_lxc_vllm.sh <ctid>
# phoenix-files: lab-app.sh
# phoenix-tokens: hf_token
set -euo pipefail
# shellcheck source=lab-app.sh
. "$(dirname "$0")/lab-app.sh"

lab_app phoenix_hypervisor_lxc_vllm.sh "vLLM model server" "$@"
