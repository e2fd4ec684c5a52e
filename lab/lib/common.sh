# Shared helpers for lab.sh: paths, messages, host prerequisites.
# Sourced, never executed; the caller has already set -euo pipefail.

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROJECT_DIR="$(cd "$LAB_DIR/.." && pwd)"
LAB_STATE_DIR="$PROJECT_DIR/.lab"
LAB_CACHE_DIR="${PHOENIX_CACHE:-$HOME/.cache/phoenix}/lab"
DEFAULT_CONFIG="$PROJECT_DIR/config/examples/phoenix_hypervisor_config.json"

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

# Everything the lab does needs real root on the host (namespaces, mounts, mknod).
require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (namespaces, overlayfs and mknod need it)"
}

# Install a missing host tool from Debian; the brief allows apt for these few tools only.
require_cmd() {
  local cmd=$1 pkg=$2
  command -v "$cmd" >/dev/null 2>&1 && return 0
  log "installing $pkg on the host (needed for $cmd)"
  local out
  out=$(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" 2>&1) \
    || out=$({ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg"; } 2>&1) \
    || { printf '%s\n' "$out" >&2; die "could not install $pkg (needed for $cmd)"; }
}

# Instance names become hostnames and directory names, so keep them boring.
validate_name() {
  [[ $1 =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]] \
    || die "invalid instance name '$1' (use a-z, 0-9 and '-', at most 31 characters)"
}

instance_dir() { printf '%s/%s\n' "$LAB_STATE_DIR" "$1"; }

# Prints the pid of the instance's namespace init if it is alive, else nothing.
instance_pid() {
  local dir pid start
  dir=$(instance_dir "$1")
  [[ -f $dir/supervisor.pid ]] || return 0
  read -r pid start <"$dir/supervisor.pid" || return 0
  # A recycled pid must not be mistaken for ours, so the process start time must match too.
  [[ -n $pid && $(process_start_time "$pid") == "$start" ]] && printf '%s\n' "$pid"
  return 0
}

# Field 22 of /proc/<pid>/stat (start time in clock ticks); empty if the process is gone.
process_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # The command name (field 2) may contain spaces, so cut after its closing parenthesis.
  stat=${stat##*) }
  awk '{ print $20 }' <<<"$stat"
}
