# Shared by the lab's stand-in application scripts; sourced, never run. The lab's containers have
# no network, apt, docker or systemd (docs/lab.md), so a stand-in records what the real script
# would deploy, inside the container, and says so. What it records about tokens is whether each
# was given, never a value.

# Records a run of stand-in $1 (for service $2): the CT id, the digest of container.json and which
# tokens arrived. An optional /etc/phoenix-lab/app-delay (seconds) keeps it running that long.
lab_app() {
  local script=$1 service=$2 here tokens="" name
  here=$(dirname "$0")
  [[ -s $here/container.json ]] || { echo "lab stand-in for $script: container.json is missing" >&2; return 1; }
  for name in PHOENIX_HF_TOKEN PHOENIX_DOCKER_TOKEN; do
    if [[ -n ${!name:-} ]]; then tokens+="$name=given "; else tokens+="$name=absent "; fi
  done
  tokens=${tokens% }
  mkdir -p /var/lib/phoenix-lab/apps
  {
    echo "script=$script"
    echo "ctid=${PHOENIX_CTID:-} arg=${3:-}"
    echo "config_sha256=$(sha256sum <"$here/container.json" | cut -d' ' -f1)"
    echo "tokens=$tokens"
  } >"/var/lib/phoenix-lab/apps/$script"
  if [[ -s /etc/phoenix-lab/app-delay ]]; then sleep "$(cat /etc/phoenix-lab/app-delay)"; fi
  echo "lab stand-in for $script: $service recorded as deployed ($tokens)"
}

# Stands in for a service listening on ports "$@": a stand-in curl answers for them.
lab_listen() {
  local port
  mkdir -p /etc/phoenix-lab/listening
  for port; do : >"/etc/phoenix-lab/listening/$port"; done
  [[ -e /usr/bin/curl ]] && return 0
  cat >/usr/bin/curl <<'CURL'
#!/bin/bash
# Lab stand-in for curl (no network in lab containers): http(s)://localhost:<port>/... answers
# when a lab stand-in service "listens" on that port (/etc/phoenix-lab/listening/<port>).
for arg; do
  if [[ $arg =~ ^https?://(localhost|127\.0\.0\.1)(:([0-9]+))? ]]; then
    port=${BASH_REMATCH[3]:-80}
    if [[ -e /etc/phoenix-lab/listening/$port ]]; then echo '{"lab":"stand-in service"}'; exit 0; fi
    echo "curl: (7) Failed to connect to localhost port $port after 0 ms: Couldn't connect to server" >&2
    exit 7
  fi
done
echo "curl: (6) lab stand-in curl reaches only localhost" >&2
exit 6
CURL
  chmod 755 /usr/bin/curl
}
