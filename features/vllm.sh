#!/usr/bin/env bash
# vllm: builds vLLM (pinned commit) with FlashInfer into the venv /opt/vllm inside a container
# that already has the nvidia feature, and installs the vllm_model_server unit template that the
# vLLM application script fills in (model, served name, port, arguments).
#   usage: vllm.sh <ctid>
#   environment: PHOENIX_VLLM_COMMIT    optional, default 5bcc153d7bf69ef34bc5788a33f60f1792cf2861 (the original's)
#                PHOENIX_FLASHINFER_REF optional git ref of FlashInfer, default main (the original did not pin it)
# phoenix-needs: gpu
set -euo pipefail
ctid=${1:?usage: vllm.sh <ctid>}
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

commit=${PHOENIX_VLLM_COMMIT:-5bcc153d7bf69ef34bc5788a33f60f1792cf2861}
flashinfer_ref=${PHOENIX_FLASHINFER_REF:-main}
venv=/opt/vllm
py="$venv/bin/python"

in_ct "$ctid" nvidia-smi >/dev/null || die "container $ctid has no working nvidia-smi; list the nvidia feature before vllm"

# Python 3.11 from the deadsnakes PPA.
if ! in_ct "$ctid" sh -c 'command -v python3.11' >/dev/null; then
  ct_ensure_packages "$ctid" software-properties-common
  in_ct "$ctid" add-apt-repository -y ppa:deadsnakes/ppa
  in_ct "$ctid" env DEBIAN_FRONTEND=noninteractive apt-get update -q
fi
ct_ensure_packages "$ctid" python3.11 python3.11-venv python3.11-dev git build-essential
in_ct "$ctid" test -x "$py" || in_ct "$ctid" python3.11 -m venv "$venv"

# PyTorch nightly for CUDA 12.1, as the original.
if ! in_ct "$ctid" "$py" -c 'import torch' 2>/dev/null; then
  in_ct "$ctid" "$py" -m pip install --upgrade pip setuptools wheel
  in_ct "$ctid" "$py" -m pip install --pre torch --index-url https://download.pytorch.org/whl/nightly/cu121
fi

# vLLM from source at the pinned commit; rebuilt only when the checkout is elsewhere.
if [[ $(in_ct "$ctid" git -C /opt/vllm_repo rev-parse HEAD 2>/dev/null || true) != "$commit" ]] || ! in_ct "$ctid" "$py" -c 'import vllm' 2>/dev/null; then
  in_ct "$ctid" test -d /opt/vllm_repo/.git || in_ct "$ctid" git clone https://github.com/vllm-project/vllm.git /opt/vllm_repo
  in_ct "$ctid" git -C /opt/vllm_repo fetch --quiet origin
  in_ct "$ctid" git -C /opt/vllm_repo checkout --quiet "$commit"
  in_ct "$ctid" "$py" -m pip install -e /opt/vllm_repo
fi

# FlashInfer from source.
if ! in_ct "$ctid" "$py" -c 'import flashinfer' 2>/dev/null; then
  in_ct "$ctid" test -d /opt/flashinfer/.git || in_ct "$ctid" git clone --recursive https://github.com/flashinfer-ai/flashinfer.git /opt/flashinfer
  in_ct "$ctid" git -C /opt/flashinfer checkout --quiet "$flashinfer_ref"
  in_ct "$ctid" "$py" -m pip install -e /opt/flashinfer
fi
in_ct "$ctid" "$py" -c 'import vllm' || die "vllm does not import in container $ctid"

# The unit template; the application script replaces the placeholders, so an existing unit is kept.
unit=/etc/systemd/system/vllm_model_server.service
if ! in_ct "$ctid" test -e "$unit"; then
  ct_write_file "$ctid" "$unit" <<'UNIT' || true
[Unit]
Description=vLLM OpenAI-compatible model server
After=network-online.target
Wants=network-online.target

[Service]
ExecStart=/opt/vllm/bin/python -m vllm.entrypoints.openai.api_server --model VLLM_MODEL_PLACEHOLDER --served-model-name VLLM_SERVED_MODEL_NAME_PLACEHOLDER --host 0.0.0.0 --port VLLM_PORT_PLACEHOLDER VLLM_ARGS_PLACEHOLDER
Restart=always
RestartSec=10

[Install]
WantedBy=multi-user.target
UNIT
  in_ct "$ctid" systemctl daemon-reload
fi
