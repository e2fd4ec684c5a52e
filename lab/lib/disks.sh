# Sparse disk files that the instance sees at their /dev/disk/by-id names. Sourced by lab.sh.

BY_ID=/dev/disk/by-id

# Prints the by-id basenames named in the config's zfs.pools[].disks, one a line.
config_disk_names() {
  local config=$1
  node -e '
    const cfg = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const pool of (cfg.zfs && cfg.zfs.pools) || []) {
      for (const disk of pool.disks || []) console.log(disk);
    }
  ' "$config" || die "cannot read zfs.pools[].disks from $config"
}

# Accepts "/dev/disk/by-id/NAME" or a bare NAME; anything else cannot be presented honestly.
disk_basename() {
  local disk=$1 base
  base=${disk#"$BY_ID/"}
  [[ $base =~ ^[A-Za-z0-9][A-Za-z0-9._:+@-]*$ ]] \
    || die "disk '$disk' is not a /dev/disk/by-id name (expected $BY_ID/<id> or <id>)"
  echo "$base"
}

# Creates missing disk files; existing ones keep their data (and their size).
ensure_disks() {
  local dir=$1 config=$2 extra=$3 size=$4 names=() extras=() disk base
  mkdir -p "$dir/disks"
  if [[ -n $config ]]; then
    mapfile -t names < <(config_disk_names "$config")
  fi
  if [[ -n $extra ]]; then
    IFS=, read -r -a extras <<<"$extra"
    names+=("${extras[@]}")
  fi
  for disk in "${names[@]}"; do
    [[ -n $disk ]] || continue
    base=$(disk_basename "$disk")
    [[ -e $dir/disks/$base ]] && continue
    truncate -s "$size" "$dir/disks/$base" 2>/dev/null \
      || die "cannot create disk $base of size '$size' (use e.g. --disk-size 2G)"
  done
}

# The config disks come from the default config only when the lead's example exists, so an
# explicit --config that is missing is an error but a missing default is not.
resolve_config() {
  local config=$1
  if [[ -n $config ]]; then
    [[ -f $config ]] || die "config file not found: $config"
    (cd "$(dirname "$config")" && printf '%s/%s\n' "$(pwd)" "$(basename "$config")")
  elif [[ -f $DEFAULT_CONFIG ]]; then
    echo "$DEFAULT_CONFIG"
  else
    log "note: $DEFAULT_CONFIG not found; creating only --extra-disks"
  fi
}
