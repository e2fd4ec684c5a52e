# Shared by the feature scripts; sourced, never run. A feature runs on the Proxmox host as root,
# as `features/<name>.sh <ctid>`, and acts inside the container through `pct exec` / `pct push`.
# Every step checks before it acts, so a second run changes nothing.

# Runs a command inside container $1.
in_ct() {
  local ctid=$1
  shift
  pct exec "$ctid" -- "$@"
}

# Prints the packages of "$@" that are not installed in container $1, one per line.
ct_missing_packages() {
  local ctid=$1 package
  shift
  for package in "$@"; do
    # ${Status} is dpkg-query's format field, not a shell expansion.
    # shellcheck disable=SC2016
    if ! in_ct "$ctid" dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      printf '%s\n' "$package"
    fi
  done
}

# Installs the packages of "$@" that are missing in container $1 (apt-get update only if needed).
ct_ensure_packages() {
  local ctid=$1
  shift
  local missing
  mapfile -t missing < <(ct_missing_packages "$ctid" "$@")
  if ((${#missing[@]} > 0)); then
    in_ct "$ctid" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    in_ct "$ctid" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}

# Writes stdin to <path> in container $1 unless it already holds exactly that; returns 0 when it
# wrote, 1 when nothing changed.
ct_write_file() {
  local ctid=$1 path=$2 mode=${3:-0644} tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if in_ct "$ctid" cat "$path" 2>/dev/null | cmp -s - "$tmp"; then
    rm -f "$tmp"
    return 1
  fi
  pct push "$ctid" "$tmp" "$path" --perms "$mode"
  rm -f "$tmp"
  return 0
}

# The container's distribution code name (noble, jammy, bookworm ...).
ct_codename() {
  # Expanded by the container's shell, after it read its own os-release.
  # shellcheck disable=SC2016
  in_ct "$1" sh -c '. /etc/os-release && printf %s "${VERSION_CODENAME:-${UBUNTU_CODENAME:-}}"'
}

die() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}
