# Instance lifecycle: up, down, reset. Sourced by lab.sh.

UP_TIMEOUT_S=${PHOENIX_LAB_UP_TIMEOUT:-60}

# Sets NAME, ADDRESS, PORT, CONFIG, EXTRA_DISKS, DISK_SIZE, MEMORY, GPUS from `up` arguments.
parse_up_args() {
  NAME=dev ADDRESS="" PORT="" CONFIG="" EXTRA_DISKS="" DISK_SIZE=2G MEMORY=128G GPUS=2 NVIDIA_DRIVER=""
  if [[ $# -gt 0 && $1 != -* ]]; then NAME=$1; shift; fi
  while [[ $# -gt 0 ]]; do
    [[ $# -ge 2 ]] || die "option $1 needs a value"
    case $1 in
      --address) ADDRESS=$2 ;;
      --port) PORT=$2 ;;
      --config) CONFIG=$2 ;;
      --extra-disks) EXTRA_DISKS=$2 ;;
      --disk-size) DISK_SIZE=$2 ;;
      --memory) MEMORY=$2 ;;
      --gpus) GPUS=$2 ;;
      --nvidia-driver) NVIDIA_DRIVER=$2 ;;
      *) die "unknown option for up: $1" ;;
    esac
    shift 2
  done
  validate_name "$NAME"
  [[ $GPUS =~ ^[0-9]$ ]] || die "--gpus takes a number of GPUs from 0 to 9, got '$GPUS'"
}

# An instance keeps the address and port it was first given, unless told otherwise.
load_saved_endpoint() {
  local env=$1/instance.env saved_address saved_port
  [[ -f $env ]] || return 0
  saved_address=$(sed -n 's/^ADDRESS=//p' "$env")
  saved_port=$(sed -n 's/^PORT=//p' "$env")
  ADDRESS=${ADDRESS:-$saved_address}
  PORT=${PORT:-$saved_port}
}

cmd_up() {
  require_root
  parse_up_args "$@"
  local dir rootfs
  dir=$(instance_dir "$NAME")
  if [[ -n $(instance_pid "$NAME") ]]; then
    log "instance '$NAME' is already up"
    cmd_status "$NAME" || true
    return
  fi
  cmd_build
  rootfs=$(rootfs_path)
  mkdir -p "$dir"
  CONFIG=$(resolve_config "$CONFIG")
  claim_endpoint "$dir"
  ensure_keys "$dir" "$NAME"
  write_connection_files "$dir" "$NAME" "$ADDRESS" "$PORT"
  ensure_disks "$dir" "$CONFIG" "$EXTRA_DISKS" "$DISK_SIZE"
  start_instance "$dir" "$rootfs"
  wait_until_ready "$dir"
  log "instance '$NAME' is up at root@$ADDRESS:$PORT (connection: $dir/connection.json)"
  [[ -z $NVIDIA_DRIVER ]] || preinstall_nvidia_driver "$NAME" "$NVIDIA_DRIVER"
}

# `up --nvidia-driver V`: the host as someone (say, the original scripts) left it, with NVIDIA
# driver V installed from the stand-in runfile and loaded (one reboot), unless it already is.
preinstall_nvidia_driver() {
  local name=$1 version=$2
  [[ $version =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]] || die "--nvidia-driver takes a version such as 580.76.05, got '$version'"
  ((GPUS > 0)) || die "--nvidia-driver needs GPUs (--gpus 1 or more)"
  if (cmd_ssh "$name" -- "grep -q ' $version ' /proc/driver/nvidia/version") >/dev/null 2>&1; then return 0; fi
  (cmd_ssh "$name" -- "/usr/local/lib/phoenix-lab/emulators/nvidia_lib/make-runfile $version >/tmp/nvidia.run && sh /tmp/nvidia.run --silent --dkms --skip-module-load && rm -f /tmp/nvidia.run") \
    || die "installing the stand-in NVIDIA driver $version failed"
  cmd_reboot "$name"
  log "instance '$name' has NVIDIA driver $version installed and loaded"
}

# The lab host reports this much RAM (as LXCFS does for containers), so sizing checks such as
# "ARC limit below RAM" see a hypervisor-sized machine rather than this one.
memory_kib() {
  local size=$1 n unit
  [[ $size =~ ^([0-9]+)([MGT])$ ]] || die "--memory takes a size like 64G or 512M, got '$size'"
  n=${BASH_REMATCH[1]} unit=${BASH_REMATCH[2]}
  case $unit in M) echo $((n * 1024)) ;; G) echo $((n * 1024 * 1024)) ;; T) echo $((n * 1024 * 1024 * 1024)) ;; esac
}

# Serialised so two parallel `up`s cannot claim the same derived address.
claim_endpoint() {
  local dir=$1 lock
  exec {lock}>"$LAB_STATE_DIR/.lock"
  flock "$lock"
  load_saved_endpoint "$dir"
  PORT=${PORT:-22}
  resolve_endpoint "$NAME"
  printf 'NAME=%s\nADDRESS=%s\nPORT=%s\nMEMORY_KIB=%s\nGPUS=%s\n' "$NAME" "$ADDRESS" "$PORT" "$(memory_kib "$MEMORY")" "$GPUS" >"$dir/instance.env"
  flock -u "$lock"
  exec {lock}>&-
}

# setsid detaches the namespace from the caller's session, so it outlives `lab.sh up` and
# ignores the caller's Ctrl-C; --kill-child ties the namespace to its unshare parent.
start_instance() {
  local dir=$1 rootfs=$2
  rm -f "$dir/supervisor.pid"
  printf '\n=== up %s ===\n' "$(date -Is)" >>"$dir/console.log"
  setsid unshare --mount --pid --uts --ipc --fork --kill-child --propagation private \
    bash "$LAB_LIB/ns-init.sh" "$dir" "$rootfs" "$LAB_DIR" \
    </dev/null >>"$dir/console.log" 2>&1 &
  LAUNCH_PID=$!
}

# Dead means: its init recorded itself and is gone, or unshare exited before init got that far.
# The record is looked at once per call: reading "no live pid" and then "the record exists" as
# two steps took an init that recorded itself in between for a dead one.
instance_died() {
  local dir=$1
  if [[ -f $dir/supervisor.pid ]]; then
    [[ -z $(instance_pid "$NAME") ]]
  else
    ! kill -0 "$LAUNCH_PID" 2>/dev/null
  fi
}

wait_until_ready() {
  local dir=$1 deadline=$((SECONDS + UP_TIMEOUT_S))
  while ((SECONDS < deadline)); do
    if instance_died "$dir"; then
      fail_start "$dir" "the instance exited during startup"
    fi
    if [[ -n $(instance_pid "$NAME") ]] && ssh_probe "$dir" "$ADDRESS" "$PORT" true 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  stop_instance "$NAME"
  fail_start "$dir" "sshd did not answer within ${UP_TIMEOUT_S}s"
}

fail_start() {
  local dir=$1 reason=$2
  log "last lines of $dir/console.log:"
  tail -n 15 "$dir/console.log" >&2
  die "instance '$NAME' failed to start: $reason"
}

# Asks the guest init to stop (it lets zfs-fuse flush), then makes sure the namespace is gone.
stop_instance() {
  local name=$1 pid i
  pid=$(instance_pid "$name")
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    [[ -n $(instance_pid "$name") ]] || break
    sleep 0.1
  done
  if [[ -n $(instance_pid "$name") ]]; then
    log "instance '$name' ignored SIGTERM for 15 s; killing its namespace"
    kill -KILL "$pid" 2>/dev/null || true
    while [[ -n $(instance_pid "$name") ]]; do sleep 0.05; done
  fi
  rm -f "$(instance_dir "$name")/supervisor.pid"
}

name_arg() {
  local name=${1:-dev}
  validate_name "$name"
  echo "$name"
}

cmd_down() {
  require_root
  local name
  name=$(name_arg "${1:-}")
  [[ $# -le 1 ]] || die "down takes at most one instance name"
  if [[ -z $(instance_pid "$name") ]]; then
    log "instance '$name' is not up"
    return 0
  fi
  stop_instance "$name"
  log "instance '$name' is down"
}

# Keeps the keys and the address, so connection.json stays valid; everything the host
# itself wrote (overlay upper layer, disks, logs) goes.
cmd_reset() {
  require_root
  local name dir
  name=$(name_arg "${1:-}")
  [[ $# -le 1 ]] || die "reset takes at most one instance name"
  dir=$(instance_dir "$name")
  stop_instance "$name"
  rm -rf "$dir/upper" "$dir/work" "$dir/disks" "$dir/console.log"
  log "instance '$name' reset: the next up starts a pristine host"
}

# A reboot as the host sees one: everything stops, then boots again with the same disks,
# writable layer, address, memory and GPUs (the emulated NVIDIA module loads at boot).
cmd_reboot() {
  require_root
  local name=${1:-dev} dir env gpus kib
  validate_name "$name"
  dir=$(instance_dir "$name")
  env=$dir/instance.env
  [[ -f $env ]] || die "instance '$name' has never been up"
  gpus=$(sed -n 's/^GPUS=//p' "$env")
  kib=$(sed -n 's/^MEMORY_KIB=//p' "$env")
  cmd_down "$name"
  # As cmd_up, without creating disks: a reboot finds the disks it had.
  NAME=$name ADDRESS="" PORT="" GPUS=${gpus:-2} MEMORY="$((${kib:-134217728} / 1024))M"
  cmd_build
  claim_endpoint "$dir"
  ensure_keys "$dir" "$NAME"
  write_connection_files "$dir" "$NAME" "$ADDRESS" "$PORT"
  start_instance "$dir" "$(rootfs_path)"
  wait_until_ready "$dir"
  log "instance '$NAME' rebooted at root@$ADDRESS:$PORT"
}
