#!/usr/bin/env bash
# nvidia: waits for the assigned GPU inside the container and installs the matching driver
# userland (no kernel module) and the CUDA toolkit inside it.
#   usage: nvidia.sh <ctid>
#   environment (set by Phoenix from the LXC config):
#     PHOENIX_GPUS                   gpu_assignment: "none" or indexes such as "0,1"
#     PHOENIX_NVIDIA_DRIVER_VERSION  nvidia_driver_version, e.g. 580.76.05 (must match the host driver)
#     PHOENIX_NVIDIA_RUNFILE_URL     nvidia_runfile_url
#     PHOENIX_NVIDIA_REPO_URL        nvidia_repo_url (the CUDA apt repository, ending in /)
#     PHOENIX_CUDA_PACKAGE           cuda-toolkit-<major>-<minor> of nvidia_driver.cuda_version (default cuda-toolkit-12-8)
# Differences from the original: no device lines are written here. The container's passthrough
# lines are LxcContainer's (one per assigned device, from gpu_assignment and the host's real
# majors): the original's `c 195:* rwm` would grant every GPU and be removed again by the next
# `up`. The driver is installed only when nvidia-smi reports another version.
# phoenix-needs: gpu
set -euo pipefail
ctid=${1:?usage: nvidia.sh <ctid>}
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

gpus=${PHOENIX_GPUS:-none}
[[ $gpus == none || -z $gpus ]] && exit 0
version=${PHOENIX_NVIDIA_DRIVER_VERSION:?PHOENIX_NVIDIA_DRIVER_VERSION is not set}
runfile_url=${PHOENIX_NVIDIA_RUNFILE_URL:?PHOENIX_NVIDIA_RUNFILE_URL is not set}
repo_url=${PHOENIX_NVIDIA_REPO_URL:?PHOENIX_NVIDIA_REPO_URL is not set}
cuda_package=${PHOENIX_CUDA_PACKAGE:-cuda-toolkit-12-8}

# 1. The assigned GPU, visible inside the running container.
IFS=',' read -ra indexes <<<"$gpus"
for index in "${indexes[@]}"; do
  [[ ${index// /} =~ ^[0-9]+$ ]] || die "invalid GPU index '$index' in PHOENIX_GPUS"
done
first_gpu="/dev/nvidia${indexes[0]// /}"
if ! pct status "$ctid" | grep -q 'status: running'; then
  pct start "$ctid"
fi
for _ in $(seq 30); do
  in_ct "$ctid" test -e "$first_gpu" && break
  sleep 1
done
in_ct "$ctid" test -e "$first_gpu" || die "$first_gpu did not appear in container $ctid (its passthrough lines come from gpu_assignment; is the host driver loaded?)"

# 2. Driver userland, only when the installed one is another version.
installed=$(in_ct "$ctid" nvidia-smi --query-gpu=driver_version --format=csv,noheader 2>/dev/null | head -n1 || true)
if [[ $installed != "$version" ]]; then
  ct_ensure_packages "$ctid" wget build-essential pkg-config libglvnd-dev curl gnupg
  cache=/var/cache/phoenix
  runfile="$cache/$(basename "$runfile_url")"
  mkdir -p "$cache"
  if [[ ! -s $runfile ]]; then
    curl -fL --retry 3 -o "$runfile.part" "$runfile_url"
    mv "$runfile.part" "$runfile"
  fi
  pct push "$ctid" "$runfile" "/tmp/${runfile##*/}" --perms 0755
  in_ct "$ctid" "/tmp/${runfile##*/}" --silent --no-kernel-module --no-x-check --no-nouveau-check --no-nvidia-modprobe --no-dkms
  in_ct "$ctid" rm -f "/tmp/${runfile##*/}"
fi

# 3. CUDA apt repository and toolkit.
distro=$(sed -n 's|.*/repos/\([a-z0-9]*\)/.*|\1|p' <<<"$repo_url")
[[ -n $distro ]] || die "cannot tell the distribution from PHOENIX_NVIDIA_REPO_URL=$repo_url"
keyring=/etc/apt/trusted.gpg.d/cuda-archive-keyring.gpg
if ! in_ct "$ctid" test -s "$keyring"; then
  in_ct "$ctid" sh -c "curl -fsSL '${repo_url}3bf863cc.pub' | gpg --dearmor -o $keyring"
fi
if ! in_ct "$ctid" test -s /etc/apt/preferences.d/cuda-repository-pin-600; then
  in_ct "$ctid" curl -fsSL -o /etc/apt/preferences.d/cuda-repository-pin-600 "${repo_url}cuda-${distro}.pin"
fi
if printf 'deb [signed-by=%s] %s /\n' "$keyring" "$repo_url" | ct_write_file "$ctid" /etc/apt/sources.list.d/cuda.list; then
  in_ct "$ctid" env DEBIAN_FRONTEND=noninteractive apt-get update -q
fi
ct_ensure_packages "$ctid" "$cuda_package"

in_ct "$ctid" nvidia-smi >/dev/null
in_ct "$ctid" /usr/local/cuda/bin/nvcc --version >/dev/null
