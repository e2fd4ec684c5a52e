# SSH identity of an instance: pinned host key, client key, connection.json, known_hosts.
# Sourced by lab.sh.

# Generated once per instance and kept across down/up/reset, so a client that pinned the
# host key keeps trusting the same instance and nothing else.
ensure_keys() {
  local dir=$1 name=$2
  require_cmd ssh-keygen openssh-client
  if [[ ! -f $dir/ssh_host_ed25519_key ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "root@$name" -f "$dir/ssh_host_ed25519_key"
  fi
  if [[ ! -f $dir/id_ed25519 ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "phoenix-lab-client@$name" -f "$dir/id_ed25519"
  fi
  chmod 600 "$dir/ssh_host_ed25519_key" "$dir/id_ed25519"
}

# known_hosts names a host on a non-default port as [address]:port.
known_hosts_name() {
  local address=$1 port=$2
  if [[ $port == 22 ]]; then echo "$address"; else echo "[$address]:$port"; fi
}

write_connection_files() {
  local dir=$1 name=$2 address=$3 port=$4 host_key
  host_key=$(cut -d' ' -f1,2 "$dir/ssh_host_ed25519_key.pub")
  printf '%s %s\n' "$(known_hosts_name "$address" "$port")" "$host_key" >"$dir/known_hosts"
  node -e '
    const [name, host, port, dir, hostPublicKey] = process.argv.slice(1);
    const connection = {
      name, host, port: Number(port), user: "root",
      privateKeyPath: `${dir}/id_ed25519`,
      hostPublicKey,
      hostKeyPath: `${dir}/ssh_host_ed25519_key.pub`,
      knownHostsPath: `${dir}/known_hosts`,
    };
    require("fs").writeFileSync(`${dir}/connection.json`, JSON.stringify(connection, null, 2) + "\n");
  ' "$name" "$address" "$port" "$dir" "$host_key"
}

# Options shared by every ssh call: the instance's key only, its pinned host key only.
ssh_options() {
  local dir=$1 port=$2
  printf '%s\n' -i "$dir/id_ed25519" -p "$port" -l root \
    -o IdentitiesOnly=yes -o IdentityAgent=none \
    -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$dir/known_hosts" \
    -o GlobalKnownHostsFile=/dev/null -o UpdateHostKeys=no -o LogLevel=ERROR
}

# Runs one command on the instance; used for readiness and health checks.
ssh_probe() {
  local dir=$1 address=$2 port=$3 opts
  shift 3
  mapfile -t opts < <(ssh_options "$dir" "$port")
  timeout 10 ssh "${opts[@]}" -o BatchMode=yes -o ConnectTimeout=3 "$address" -- "$@" </dev/null
}
