# `lab.sh build`: the cached, read-only Debian rootfs that every instance overlays.
# Sourced by lab.sh.

LAB_SUITE=bookworm
LAB_PACKAGES=(
  openssh-server zfs-fuse samba-common-bin nfs-kernel-server sudo passwd util-linux
  procps kmod python3-minimal iproute2 zstd samba tzdata
)
# shellcheck source=stand-in-templates.sh
source "$LAB_LIB/stand-in-templates.sh"

# Runs inside the new rootfs (chroot) after debootstrap. Its text is part of the recipe hash,
# so editing it rebuilds the rootfs.
customize_rootfs() {
  set -euo pipefail
  export DEBIAN_FRONTEND=noninteractive LC_ALL=C
  # Package scripts must never start daemons during the build: nfsd or zfs-fuse started here
  # would run against the build machine. The lab keeps the policy: it has no init system.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  apt-get install -y -q --no-install-recommends "$@"
  apt-get clean
  rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
  # Every instance gets its own pinned host key at `up`; shared build-time keys must not exist.
  rm -f /etc/ssh/ssh_host_*
  # Machine identity is per instance too (written at `up`).
  : >/etc/machine-id
  passwd -d root >/dev/null
}

recipe_hash() {
  {
    echo "recipe 1 $LAB_SUITE minbase"
    printf '%s\n' "${LAB_PACKAGES[@]}"
    declare -f customize_rootfs
    declare -f build_stand_in_templates stand_in_files stand_in_os_release stand_in_template
  } | sha256sum | cut -c1-16
}

rootfs_path() { printf '%s/rootfs-%s\n' "$LAB_CACHE_DIR" "$(recipe_hash)"; }

# The host's own Debian mirror (deb822 or one-line format); the machine reaches no other.
debian_mirror() {
  local uri
  [[ -n ${PHOENIX_LAB_MIRROR:-} ]] && { echo "$PHOENIX_LAB_MIRROR"; return; }
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' \
    | grep -v -e security -e nodesource -e google | head -n1 || true)
  [[ -z $uri ]] && uri=$(grep -hs "^deb .* $LAB_SUITE " /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    | awk '{print $2}' | grep -v security | head -n1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

cmd_build() {
  require_root
  local target
  target=$(rootfs_path)
  if [[ -x $target/usr/sbin/sshd ]]; then
    log "rootfs cached: $target"
    return 0
  fi
  require_cmd debootstrap debootstrap
  mkdir -p "$LAB_CACHE_DIR"
  # Parallel `up`s (two test files, CI) must not both build; the loser reuses the result.
  local lock
  exec {lock}>"$LAB_CACHE_DIR/.build.lock"
  flock "$lock"
  if [[ ! -x $target/usr/sbin/sshd ]]; then
    build_rootfs "$target"
    prune_old_rootfs "$target"
  fi
  flock -u "$lock"
  exec {lock}>&-
}

# Builds into a temp dir and renames it into place, so an interrupted build is never used.
build_rootfs() {
  local target=$1 tmp mirror
  mirror=$(debian_mirror)
  tmp=$(mktemp -d "$LAB_CACHE_DIR/.build-XXXXXX")
  log "building rootfs from $mirror into $target (a few minutes, once)"
  # A private mount and pid namespace: debootstrap's /proc and /sys mounts and any daemon a
  # package script might start die with the namespace instead of leaking onto the host.
  if ! unshare --mount --pid --fork --propagation private \
      bash -c "$(declare -f run_bootstrap customize_rootfs build_stand_in_templates stand_in_files stand_in_os_release stand_in_template); run_bootstrap \"\$@\"" \
      run_bootstrap "$tmp" "$mirror" "$LAB_SUITE" "${LAB_PACKAGES[@]}" >"$tmp.log" 2>&1; then
    tail -n 30 "$tmp.log" >&2
    rm -rf "$tmp"
    die "rootfs build failed (full log: $tmp.log)"
  fi
  mv -T "$tmp" "$target"
  rm -f "$tmp.log"
  log "rootfs ready: $target"
}

run_bootstrap() {
  set -euo pipefail
  local root=$1 mirror=$2 suite=$3
  shift 3
  debootstrap --variant=minbase "$suite" "$root" "$mirror"
  printf 'deb %s %s main\ndeb %s %s-updates main\n' "$mirror" "$suite" "$mirror" "$suite" \
    >"$root/etc/apt/sources.list"
  mount -t proc proc "$root/proc"
  chroot "$root" apt-get update -q
  chroot "$root" bash -c "$(declare -f customize_rootfs); customize_rootfs \"\$@\"" customize "$@"
  chroot "$root" bash -c "$(declare -f build_stand_in_templates stand_in_files stand_in_os_release stand_in_template); build_stand_in_templates"
  umount "$root/proc"
}

# Old recipes only waste disk; keep the current one.
prune_old_rootfs() {
  local keep=$1 dir
  for dir in "$LAB_CACHE_DIR"/rootfs-*; do
    [[ -d $dir && $dir != "$keep" ]] || continue
    # An instance that is up still has the old rootfs as its overlay lower layer.
    if grep -qF "$dir" /proc/*/mountinfo 2>/dev/null; then continue; fi
    log "removing outdated rootfs $dir"
    rm -rf "$dir"
  done
}
