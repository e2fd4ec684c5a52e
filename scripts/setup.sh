#!/usr/bin/env bash
# `npm run setup`: installs everything the project and its tests need on a fresh Debian
# machine, offline apart from the npm registry, Debian's packages and the Go module proxy.
# Safe to run again: each step checks first and is fast when nothing is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$PHOENIX_PROJECT/toolchain/versions.env"
cd "$PHOENIX_PROJECT"

log() { printf '[setup] %s\n' "$*"; }

HOST_PACKAGES=(debootstrap openssh-client util-linux python3 time smbclient shellcheck)

check_node() {
  local major; major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge "$NODE_MIN_MAJOR" ] || { log "Node.js >= $NODE_MIN_MAJOR is required (found $(node --version))"; exit 1; }
}

install_host_packages() {
  local missing=()
  for p in "${HOST_PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_node_modules() {
  # The lock file's hash is stamped into node_modules so a changed lock reinstalls.
  local want; want="$(sha256sum package-lock.json | cut -c1-16)"
  if [ "$(cat node_modules/.phoenix-lock 2>/dev/null)" != "$want" ]; then
    log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > node_modules/.phoenix-lock
  fi
}

main() {
  check_node
  install_host_packages
  install_node_modules
  log "Pulumi toolchain: $(phoenix_toolchain_bin)"
  bash lab/lab.sh build
  phoenix_pulumi_env
  log "ready: pulumi $(pulumi version), node $(node --version)"
}

main "$@"
