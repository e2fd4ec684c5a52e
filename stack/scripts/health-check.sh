#!/usr/bin/env bash
# A container's health_check, run inside it: PHOENIX_CHECK_COMMAND is split into words and run
# with no shell (as the original's `pct exec <id> -- <command>` did), up to PHOENIX_CHECK_RETRIES
# times, PHOENIX_CHECK_INTERVAL seconds apart. A failure ends with the last attempt's output and
# one line naming the check, which is what `pulumi up` shows.
set -uo pipefail
command_line=${PHOENIX_CHECK_COMMAND:?PHOENIX_CHECK_COMMAND is not set}
tries=${PHOENIX_CHECK_RETRIES:-3}
interval=${PHOENIX_CHECK_INTERVAL:-5}
read -ra argv <<<"$command_line"
((${#argv[@]} > 0)) || { echo "health check: empty command" >&2; exit 2; }

output="" code=0
for ((attempt = 1; attempt <= tries; attempt++)); do
  output=$("${argv[@]}" 2>&1) && code=0 || code=$?
  if ((code == 0)); then
    echo "health check passed (attempt $attempt of $tries): $command_line"
    exit 0
  fi
  ((attempt < tries)) && sleep "$interval"
done
printf '%s\n' "$output" | tail -n 20 >&2
echo "health check failed after $tries attempt(s), $interval s apart (last exit code $code): $command_line" >&2
exit 1
