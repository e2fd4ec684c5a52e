#!/usr/bin/env bash
# `npm run pulumi -- <args>`: the pinned Pulumi CLI with this project's offline settings.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
phoenix_pulumi_env
cd "$PHOENIX_PROJECT"

# `up --refresh` / `preview --refresh` refresh with the providers recorded in state (the old host
# and pin) unless the program runs, and with the program running, Pulumi 3.188's engine loops
# forever once the program ends (docs/decisions/0012, 0028). The toolchain we build carries the
# fix (toolchain/pulumi/patches): then `up --refresh` and `preview --refresh` are one run each. A
# pulumi without it (taken from PATH) does `up --refresh` as `refresh` then `up` and refuses
# `preview --refresh`, naming the two commands that show the same.
patched=false
[ -f "$(dirname "$(command -v pulumi)")/phoenix-engine-patches" ] && patched=true
command=${1:-}
if [[ $command == up || $command == update || $command == preview ]]; then
  rest=()
  refresh=false
  for arg in "${@:2}"; do
    case $arg in
      -r | --refresh | --refresh=true) refresh=true ;;
      --refresh=false) ;;
      *) rest+=("$arg") ;;
    esac
  done
  if $refresh && [[ $command == preview ]] && ! $patched; then
    echo "phoenix: 'preview --refresh' needs the engine fix of npm run setup's Pulumi (this pulumi comes from PATH); run 'npm run pulumi -- refresh --preview-only' (drift on the host) and 'npm run pulumi -- preview' (what up would change; it asks the host for every resource whose plan is not empty)" >&2
    exit 2
  fi
  if $refresh && $patched; then
    exec pulumi "$command" --refresh ${rest[@]+"${rest[@]}"}
  fi
  if $refresh; then
    passthrough=()
    for arg in "${rest[@]}"; do
      case $arg in --stack=* | --config-file=* | --non-interactive | --yes | -y) passthrough+=("$arg") ;; esac
    done
    # --stack/--config-file with a separate value: pass the pair on.
    for ((i = 0; i < ${#rest[@]}; i++)); do
      case ${rest[i]} in --stack | -s | --config-file) passthrough+=("${rest[i]}" "${rest[i + 1]:-}") ;; esac
    done
    pulumi refresh --skip-preview "${passthrough[@]}"
  fi
  exec pulumi "$command" ${rest[@]+"${rest[@]}"}
fi
exec pulumi "$@"
