#!/usr/bin/env bash
# base_setup: the common tools (curl, wget, vim, htop, jq, git, rsync, s-tui, gnupg, locales) and
# the en_US.UTF-8 locale inside the container. The original searched bin directories for package
# names and so reinstalled gnupg and locales on every run; this asks dpkg.
#   usage: base_setup.sh <ctid>
set -euo pipefail
ctid=${1:?usage: base_setup.sh <ctid>}
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

ct_ensure_packages "$ctid" curl wget vim htop jq git rsync s-tui gnupg locales

if ! in_ct "$ctid" locale -a 2>/dev/null | grep -qix 'en_US.utf8'; then
  in_ct "$ctid" sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  in_ct "$ctid" grep -qx 'en_US.UTF-8 UTF-8' /etc/locale.gen || in_ct "$ctid" sh -c 'echo "en_US.UTF-8 UTF-8" >> /etc/locale.gen'
  in_ct "$ctid" locale-gen
fi
if ! in_ct "$ctid" grep -qx 'LANG=en_US.UTF-8' /etc/default/locale 2>/dev/null; then
  in_ct "$ctid" update-locale LANG=en_US.UTF-8
fi
