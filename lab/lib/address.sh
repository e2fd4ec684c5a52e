# Loopback address and port of an instance. Sourced by lab.sh.
#
# Instances share the host's network namespace (the host side must reach them on 127.0.0.x
# without any bridge), so two instances are told apart by their loopback address.

# dev is the well-known demo host; other names hash into 127.0.0.20-250 so a test's address
# stays the same run after run. PHOENIX_LAB_SALT moves every name (dev too) to other addresses,
# for a second checkout on the same machine whose tests use the same instance names.
derived_address() {
  local name=$1 sum
  [[ $name == dev && -z ${PHOENIX_LAB_SALT:-} ]] && { echo 127.0.0.10; return; }
  sum=$(printf '%s' "$name${PHOENIX_LAB_SALT:-}" | cksum | awk '{ print $1 }')
  echo "127.0.0.$((20 + sum % 231))"
}

valid_address() {
  [[ $1 =~ ^127\.0\.0\.([1-9][0-9]{0,2})$ ]] && ((BASH_REMATCH[1] >= 2 && BASH_REMATCH[1] <= 254))
}

# Name of another instance that has claimed address:port, if any.
address_owner() {
  local name=$1 address=$2 port=$3 env
  for env in "$LAB_STATE_DIR"/*/instance.env; do
    [[ -f $env && $env != "$(instance_dir "$name")/instance.env" ]] || continue
    if grep -qx "ADDRESS=$address" "$env" && grep -qx "PORT=$port" "$env"; then
      basename "$(dirname "$env")"
      return
    fi
  done
}

# sshd binds with SO_REUSEADDR, and so does node's listen(); a plain connect test would miss
# a wildcard listener on 0.0.0.0:port, which also makes sshd's bind fail.
port_is_free() {
  node -e '
    const srv = require("net").createServer();
    srv.once("error", () => process.exit(1));
    srv.listen({ host: process.argv[1], port: Number(process.argv[2]) }, () => srv.close());
  ' "$1" "$2" 2>/dev/null
}

# First derived address (probing upwards) that no other instance owns and nothing listens on.
pick_address() {
  local name=$1 port=$2 first last i address
  first=$(derived_address "$name")
  [[ $name == dev ]] && { echo "$first"; return; }
  last=${first##*.}
  for ((i = 0; i < 231; i++)); do
    address="127.0.0.$((20 + (last - 20 + i) % 231))"
    [[ -z $(address_owner "$name" "$address" "$port") ]] && port_is_free "$address" "$port" \
      && { echo "$address"; return; }
  done
  die "no free address in 127.0.0.20-250 for port $port"
}

# Validates (or picks) the address and port for `up`; sets ADDRESS and PORT.
resolve_endpoint() {
  local name=$1 owner
  [[ $PORT =~ ^[1-9][0-9]{0,4}$ ]] && ((PORT <= 65535)) || die "invalid --port '$PORT'"
  if [[ -z $ADDRESS ]]; then
    ADDRESS=$(pick_address "$name" "$PORT")
  fi
  valid_address "$ADDRESS" || die "invalid --address '$ADDRESS' (expected 127.0.0.2-254)"
  owner=$(address_owner "$name" "$ADDRESS" "$PORT")
  [[ -z $owner ]] || die "$ADDRESS:$PORT is already used by lab instance '$owner'"
  port_is_free "$ADDRESS" "$PORT" \
    || die "$ADDRESS:$PORT is already in use on this machine (pick another --address or --port)"
}
