#!/usr/bin/env bash
# `npm run bench`: speed and memory goals, measured on a lab host (never in timed tests).
# Runs the example stack against the lab host `bench` and fails if a goal is missed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
phoenix_pulumi_env
cd "$PHOENIX_PROJECT"

# Goals, for a 2-core machine: name, limit, unit.
declare -A GOAL=([lab_up_s]=5 [lab_down_s]=2 [first_up_s]=60 [noop_up_s]=30 [preview_s]=20 [refresh_s]=20 [max_rss_mb]=1024)
declare -A GOT=()
work=$(mktemp -d)
trap 'bash lab/lab.sh down bench >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

seconds() { local t0=$EPOCHREALTIME; "$@" >>"$work/log" 2>&1; awk -v a="$EPOCHREALTIME" -v b="$t0" 'BEGIN { printf "%.2f", a - b }'; }

bash lab/lab.sh reset bench >/dev/null 2>&1 || true
bash lab/lab.sh up bench >/dev/null 2>&1 && bash lab/lab.sh down bench >/dev/null 2>&1
GOT[lab_up_s]=$(seconds bash lab/lab.sh up bench)
conn=.lab/bench/connection.json
host=$(node -p "require('./$conn').host")
cat >"$work/stack.yaml" <<YAML
config:
  phoenix:hypervisorConfig: config/examples/phoenix_hypervisor_config.json
  phoenix:lxcConfig: config/examples/phoenix_lxc_configs.json
  phoenix:host: "$host"
  phoenix:privateKeyPath: .lab/bench/id_ed25519
  phoenix:hostKeyPath: .lab/bench/ssh_host_ed25519_key.pub
YAML
mkdir -p "$work/state"
export PULUMI_BACKEND_URL="file://$work/state" PULUMI_CONFIG_PASSPHRASE=bench PULUMI_CONFIG_PASSPHRASE_FILE=
pulumi stack init bench --secrets-provider passphrase >/dev/null 2>&1
[ -f Pulumi.bench.yaml ] && { grep encryptionsalt Pulumi.bench.yaml >>"$work/stack.yaml"; rm -f Pulumi.bench.yaml; }
p=(--stack bench --config-file "$work/stack.yaml" --non-interactive)
GOT[first_up_s]=$(seconds pulumi up --yes --skip-preview "${p[@]}")
GOT[noop_up_s]=$(seconds pulumi up --yes --expect-no-changes "${p[@]}")
GOT[preview_s]=$(seconds pulumi preview --expect-no-changes "${p[@]}")
GOT[refresh_s]=$(seconds pulumi refresh --yes --expect-no-changes "${p[@]}")
# GNU time reports the largest resident set among the CLI and the processes it waited for.
/usr/bin/time -f %M -o "$work/rss" pulumi preview "${p[@]}" >>"$work/log" 2>&1
GOT[max_rss_mb]=$(( $(cat "$work/rss") / 1024 ))
GOT[lab_down_s]=$(seconds bash lab/lab.sh down bench)

failed=0
printf '%-12s %10s %8s\n' measure value goal
for k in lab_up_s lab_down_s first_up_s noop_up_s preview_s refresh_s max_rss_mb; do
  ok=$(awk -v v="${GOT[$k]}" -v g="${GOAL[$k]}" 'BEGIN { print (v <= g) ? 1 : 0 }')
  printf '%-12s %10.2f %8s %s\n' "$k" "${GOT[$k]}" "${GOAL[$k]}" "$([ "$ok" = 1 ] && echo ok || echo MISSED)"
  [ "$ok" = 1 ] || failed=1
done
exit $failed
