# `status` and `ssh`: looking at and into an instance. Sourced by lab.sh.

# Exit status: 0 up and sshd answering, 1 up but unhealthy, 3 down (as LSB `status`).
cmd_status() {
  local name dir pid address="" port="" health
  name=$(name_arg "${1:-}")
  [[ $# -le 1 ]] || die "status takes at most one instance name"
  dir=$(instance_dir "$name")
  if [[ -f $dir/instance.env ]]; then
    address=$(sed -n 's/^ADDRESS=//p' "$dir/instance.env")
    port=$(sed -n 's/^PORT=//p' "$dir/instance.env")
  fi
  pid=$(instance_pid "$name")
  printf 'name:     %s\n' "$name"
  printf 'state:    %s\n' "$([[ -n $pid ]] && echo up || echo down)"
  printf 'address:  %s\n' "${address:--}"
  printf 'port:     %s\n' "${port:--}"
  printf 'pid:      %s\n' "${pid:--}"
  [[ -n $pid ]] || return 3
  health=$(ssh_probe "$dir" "$address" "$port" \
    'pgrep -x zfs-fuse >/dev/null && echo running || echo stopped' 2>/dev/null) || health=""
  printf 'sshd:     %s\n' "$([[ -n $health ]] && echo answering || echo 'NOT answering')"
  printf 'zfs-fuse: %s\n' "${health:-unknown}"
  printf 'connect:  %s\n' "$dir/connection.json"
  [[ $health == running ]] || return 1
}

# `ssh [name] [-- cmd...]`: OpenSSH with this instance's key and pinned host key only.
cmd_ssh() {
  local name=dev dir address port opts
  if [[ $# -gt 0 && $1 != -- ]]; then name=$1; shift; fi
  if [[ $# -gt 0 ]]; then
    [[ $1 == -- ]] || die "usage: lab.sh ssh [name] [-- command...]"
    shift
  fi
  validate_name "$name"
  dir=$(instance_dir "$name")
  [[ -n $(instance_pid "$name") ]] || die "instance '$name' is not up (run: bash lab/lab.sh up $name)"
  address=$(sed -n 's/^ADDRESS=//p' "$dir/instance.env")
  port=$(sed -n 's/^PORT=//p' "$dir/instance.env")
  require_cmd ssh openssh-client
  mapfile -t opts < <(ssh_options "$dir" "$port")
  # An interactive login needs a terminal and may prompt; BatchMode only suits commands.
  if [[ $# -eq 0 ]]; then
    exec ssh "${opts[@]}" "$address"
  fi
  exec ssh "${opts[@]}" -o BatchMode=yes "$address" -- "$@"
}
