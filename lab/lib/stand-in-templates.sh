# Stand-in LXC template archives, built inside the new rootfs (chroot) at `lab.sh build` and
# kept in /usr/share/phoenix-lab/vztmpl/, where the lab's `pveam` catalog finds them.
# They carry the file names of Proxmox's appliance index, but hold a few MB of the lab's own
# Debian (bash, dash, coreutils, grep, sed, findutils, hostname, their libraries) and an
# os-release of the distribution they stand in for: enough for shell scripts, `cat
# /etc/os-release` and PVE's arch/ostype detection, small enough for fast full clones.
# Sourced by build.sh; its text is part of the recipe hash.

build_stand_in_templates() {
  set -euo pipefail
  local out=/usr/share/phoenix-lab/vztmpl
  mkdir -p "$out"
  stand_in_template "$out/ubuntu-24.04-standard_24.04-2_amd64.tar.zst" ubuntu
  stand_in_template "$out/debian-12-standard_12.7-1_amd64.tar.zst" debian
}

# Every executable of the packages, the shared libraries they load, and the usrmerge links.
stand_in_files() {
  local pkg file lib
  for pkg in bash dash coreutils grep sed findutils hostname; do
    dpkg -L "$pkg" | grep -E '^/(usr/)?s?bin/[^/]+$' || true
  done | sort -u | while read -r file; do
    [[ -f $file || -L $file ]] || continue
    echo "$file"
    ldd "$file" 2>/dev/null | grep -oE '/[^ ]+' || true
  done | sort -u | while read -r file; do
    echo "$file"
    # ldd names the loader's link (/lib64/ld-linux...): keep the file behind it too.
    [[ -L $file ]] && readlink -f "$file"
    true
  done | sort -u
}

stand_in_os_release() {
  case $1 in
    ubuntu)
      cat <<'EOF'
PRETTY_NAME="Ubuntu 24.04 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
EOF
      ;;
    debian)
      cat <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
EOF
      ;;
  esac
}

stand_in_template() {
  local archive=$1 distro=$2 stage dir
  stage=$(mktemp -d /tmp/stand-in.XXXXXX)
  mkdir -p "$stage/usr/bin" "$stage/usr/sbin" "$stage/usr/lib" "$stage/usr/lib64"
  for dir in bin sbin lib lib64; do
    [[ -L /$dir ]] && cp -a "/$dir" "$stage/$dir"
  done
  stand_in_files | while read -r file; do
    mkdir -p "$stage$(dirname "$file")"
    cp -a "$file" "$stage$file"
  done
  for dir in dev proc sys tmp run root home etc/ssh var/log var/tmp usr/local/bin mnt opt srv; do
    mkdir -p "$stage/$dir"
  done
  chmod 1777 "$stage/tmp" "$stage/var/tmp"
  chmod 700 "$stage/root"
  stand_in_os_release "$distro" >"$stage/usr/lib/os-release"
  ln -s ../usr/lib/os-release "$stage/etc/os-release"
  if [[ $distro == ubuntu ]]; then
    printf 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=24.04\nDISTRIB_CODENAME=noble\nDISTRIB_DESCRIPTION="Ubuntu 24.04 LTS"\n' >"$stage/etc/lsb-release"
    echo "trixie/sid" >"$stage/etc/debian_version"
  else
    echo "12.7" >"$stage/etc/debian_version"
  fi
  printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$stage/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"
  printf 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' >"$stage/etc/shadow"
  chmod 640 "$stage/etc/shadow"
  printf '/bin/sh\n/bin/bash\n/usr/bin/bash\n/usr/bin/sh\n' >"$stage/etc/shells"
  echo localhost >"$stage/etc/hostname"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$stage/etc/hosts"
  : >"$stage/etc/resolv.conf"
  printf 'Phoenix lab stand-in for %s: a few MB of the lab'"'"'s Debian bookworm, not the real appliance.\n' \
    "${archive##*/}" >"$stage/etc/phoenix-lab-stand-in"
  chown -R 0:0 "$stage"
  chmod 755 "$stage"
  tar --numeric-owner --zstd -cf "$archive" -C "$stage" .
  rm -rf "$stage"
}
