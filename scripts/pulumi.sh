#!/usr/bin/env bash
# `npm run pulumi -- <args>`: the pinned Pulumi CLI with this project's offline settings.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
phoenix_pulumi_env
cd "$PHOENIX_PROJECT"
exec pulumi "$@"
