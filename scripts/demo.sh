#!/usr/bin/env bash
# `npm run demo`: brings up the lab host `dev` and converges it with the example stack, then
# proves idempotence with a second `pulumi up` that must report no changes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
phoenix_pulumi_env
cd "$PHOENIX_PROJECT"

# The real config installs NVIDIA driver 580.76.05 but names no runfile checksum, so Phoenix
# would refuse to run that installer (docs/decisions/0022): the lab host stands in for one whose
# driver is already installed, as the original scripts left it.
bash lab/lab.sh up dev --nvidia-driver 580.76.05
pulumi stack select dev --create --secrets-provider passphrase >/dev/null
# That wrote this checkout's encryptionsalt into the tracked Pulumi.dev.yaml; it must never be
# committed (every other clone's passphrase differs, and its demo would fail). To change the
# file on purpose: git update-index --no-skip-worktree Pulumi.dev.yaml
git update-index --skip-worktree Pulumi.dev.yaml 2>/dev/null || true
echo "== pulumi up (converge the lab host)"
pulumi up --yes --skip-preview --suppress-progress   # each resource prints its exact commands (the preview of `up --yes` would print them twice); `npm run pulumi -- preview --diff` shows the inputs too
echo "== pulumi up again (must change nothing)"
pulumi up --yes --expect-no-changes --suppress-progress
echo "== done: 'npm run lab -- ssh dev -- zfs list' shows the result; 'npm run lab -- down dev' stops the host"
