#!/usr/bin/env bash
# portainer: the container's portainer_role. "server" runs Portainer CE (container "portainer",
# ports 9443 and 8000, data in the docker volume portainer_data); "agent" runs the Portainer agent
# (container "portainer_agent", port 9001) for a server to connect to. Phoenix runs it after the
# container's listed features when the role is server or agent ("infrastructure" and "none" run
# nothing, as in the original).
#   usage: portainer.sh <ctid>
#   environment (set by Phoenix):
#     PHOENIX_PORTAINER_ROLE   server or agent
#     PHOENIX_PORTAINER_IMAGE  docker.portainer_server_image / portainer_agent_image
#     PHOENIX_PORTAINER_PORT   network.portainer_server_port (server, default 9443) or portainer_agent_port (agent, default 9001)
# Differences from the original: the server publishes 8000 (Portainer's edge tunnel) instead of
# 9001 (the agent's port); a running container of the right image is left alone (the
# original removed and re-ran a stopped one only, but never noticed a changed image); the TLS
# files under /certs are used only when they exist; the agent needs no server address (the server
# connects to it; the original looked that up under keys the config does not have).
# phoenix-needs: nesting
set -euo pipefail
ctid=${1:?usage: portainer.sh <ctid>}
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

role=${PHOENIX_PORTAINER_ROLE:?PHOENIX_PORTAINER_ROLE is not set}
image=${PHOENIX_PORTAINER_IMAGE:?PHOENIX_PORTAINER_IMAGE is not set}
case $role in
  server) name=portainer port=${PHOENIX_PORTAINER_PORT:-9443} ;;
  agent) name=portainer_agent port=${PHOENIX_PORTAINER_PORT:-9001} ;;
  *) die "portainer role '$role' runs nothing (server or agent)" ;;
esac
in_ct "$ctid" sh -c 'command -v docker' >/dev/null || die "container $ctid has no docker: list the docker feature before portainer (or clone from a container that has it)"

current=$(in_ct "$ctid" docker inspect -f '{{.State.Running}} {{.Config.Image}}' "$name" 2>/dev/null || true)
if [[ $current == "true $image" ]]; then
  echo "$name is running $image"
  exit 0
fi
[[ -z $current ]] || in_ct "$ctid" docker rm -f "$name" >/dev/null

if [[ $role == server ]]; then
  args=(-p "$port:9443" -p 8000:8000 -v /var/run/docker.sock:/var/run/docker.sock -v portainer_data:/data)
  tls=()
  if in_ct "$ctid" test -s /certs/portainer.phoenix.local.crt; then
    args+=(-v /certs:/certs:ro)
    tls=(--sslcert /certs/portainer.phoenix.local.crt --sslkey /certs/portainer.phoenix.local.key)
  fi
  in_ct "$ctid" docker run -d --name "$name" --restart=always "${args[@]}" "$image" "${tls[@]}"
else
  in_ct "$ctid" docker run -d --name "$name" --restart=always -p "$port:9001" \
    -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/docker/volumes:/var/lib/docker/volumes "$image"
fi
echo "$name started from $image on port $port"
