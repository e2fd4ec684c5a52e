#!/usr/bin/env bash
# docker: Docker CE from Docker's apt repository inside the container; on a container with a GPU
# driver (nvidia-smi present) also the NVIDIA container toolkit as docker's default runtime.
# Unlike the original, the repository follows the container's release instead of a fixed
# "noble", the CUDA repository is not added to containers without a GPU, and nothing is
# reinstalled when present.
#   usage: docker.sh <ctid>
# phoenix-needs: nesting
set -euo pipefail
ctid=${1:?usage: docker.sh <ctid>}
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

ct_ensure_packages "$ctid" ca-certificates curl gnupg

keyring=/etc/apt/keyrings/docker.gpg
if ! in_ct "$ctid" test -s "$keyring"; then
  in_ct "$ctid" install -m 0755 -d /etc/apt/keyrings
  in_ct "$ctid" sh -c "curl -fsSL https://download.docker.com/linux/ubuntu/gpg | gpg --dearmor -o $keyring"
  in_ct "$ctid" chmod a+r "$keyring"
fi
codename=$(ct_codename "$ctid")
[[ -n $codename ]] || die "cannot tell the release of container $ctid"
arch=$(in_ct "$ctid" dpkg --print-architecture)
if printf 'deb [arch=%s signed-by=%s] https://download.docker.com/linux/ubuntu %s stable\n' "$arch" "$keyring" "$codename" |
  ct_write_file "$ctid" /etc/apt/sources.list.d/docker.list; then
  in_ct "$ctid" env DEBIAN_FRONTEND=noninteractive apt-get update -q
fi
ct_ensure_packages "$ctid" docker-ce docker-ce-cli containerd.io docker-compose-plugin

restart=no
if in_ct "$ctid" sh -c 'command -v nvidia-smi' >/dev/null; then
  toolkit_keyring=/usr/share/keyrings/nvidia-container-toolkit-keyring.gpg
  if ! in_ct "$ctid" test -s "$toolkit_keyring"; then
    in_ct "$ctid" sh -c "curl -fsSL https://nvidia.github.io/libnvidia-container/gpgkey | gpg --dearmor -o $toolkit_keyring"
  fi
  # $(ARCH) is apt's own substitution in sources lines, not the shell's.
  # shellcheck disable=SC2016
  if printf 'deb [signed-by=%s] https://nvidia.github.io/libnvidia-container/stable/deb/$(ARCH) /\n' "$toolkit_keyring" |
    ct_write_file "$ctid" /etc/apt/sources.list.d/nvidia-container-toolkit.list; then
    in_ct "$ctid" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  fi
  ct_ensure_packages "$ctid" nvidia-container-toolkit
  before=$(in_ct "$ctid" cat /etc/docker/daemon.json 2>/dev/null || true)
  in_ct "$ctid" nvidia-ctk runtime configure --runtime=docker --set-as-default >/dev/null
  after=$(in_ct "$ctid" cat /etc/docker/daemon.json 2>/dev/null || true)
  [[ $before == "$after" ]] || restart=yes
fi

in_ct "$ctid" systemctl enable --now docker >/dev/null
if [[ $restart == yes ]]; then
  in_ct "$ctid" systemctl restart docker
fi
in_ct "$ctid" docker --version >/dev/null
