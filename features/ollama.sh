#!/usr/bin/env bash
# ollama: installs Ollama inside the container with the official install script, once.
#   usage: ollama.sh <ctid>
set -euo pipefail
ctid=${1:?usage: ollama.sh <ctid>}
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

if in_ct "$ctid" test -x /usr/local/bin/ollama; then
  exit 0
fi
ct_ensure_packages "$ctid" curl ca-certificates
in_ct "$ctid" sh -c 'curl -fsSL https://ollama.com/install.sh | sh'
in_ct "$ctid" test -x /usr/local/bin/ollama || die "ollama is not installed in container $ctid after the install script"
