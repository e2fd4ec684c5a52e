#!/usr/bin/env bash
# Phoenix lab host: a real Debian bookworm userland with sshd and zfs-fuse, run in its own
# mount/PID/UTS/IPC namespaces on this machine, for tests and the demo. See docs/lab.md.
set -euo pipefail

LAB_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib"
# shellcheck source=lib/common.sh
source "$LAB_LIB/common.sh"
for lib in build address keys disks instance access; do
  # shellcheck source=/dev/null
  source "$LAB_LIB/$lib.sh"
done

usage() {
  cat <<'EOF'
usage: bash lab/lab.sh <command> [name] [options]

commands:
  build                  build (or reuse) the cached Debian rootfs
  up [name] [options]    start an instance (default name: dev); no-op if it is up
      --address 127.0.0.X   loopback address (dev: 127.0.0.10, others: derived from the name)
      --port N              sshd port (default 22)
      --config FILE         hypervisor config whose zfs.pools[].disks become disks
                            (default config/examples/phoenix_hypervisor_config.json)
      --extra-disks a,b     more /dev/disk/by-id names to create
      --disk-size SIZE      sparse size of each disk (default 2G)
      --memory SIZE         RAM the host reports in /proc/meminfo (default 128G)
      --gpus N              emulated NVIDIA GPUs: /dev/nvidia0..N-1 and /proc/devices lines (default 2)
      --nvidia-driver V     the stand-in NVIDIA driver V already installed and loaded (one reboot)
  down [name]            stop the instance (keeps its disks and writable layer)
  reboot [name]          down, then up with the same settings (a host reboot: the NVIDIA module loads)
  status [name]          show state, address, port, pid and whether sshd answers
  ssh [name] [-- cmd..]  OpenSSH into the instance with its pinned host key
  reset [name]           down, then wipe the writable layer and disks
EOF
}

main() {
  local cmd=${1:-}
  [[ -n $cmd ]] || { usage >&2; exit 2; }
  shift
  case $cmd in
    build) cmd_build "$@" ;;
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    reboot) cmd_reboot "$@" ;;
    status) cmd_status "$@" ;;
    ssh) cmd_ssh "$@" ;;
    reset) cmd_reset "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; die "unknown command '$cmd'" ;;
  esac
}

main "$@"
