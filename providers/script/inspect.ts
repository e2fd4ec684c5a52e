// The host side of a script run, as fixed bash text (no config value is ever part of it: values
// travel in the bundle on stdin, secrets included), the bundle builder and the record parser.
//
// A run is one command: `bash -s -- <mode> <record dir> <timeout s> <ctid> <where>` whose stdin
// is RUNNER followed by the bundle. bash reads its script from the pipe byte by byte, so the
// `cat` inside the function reads exactly the bundle. The bundle is `<name> <base64>` lines:
// the script, the files beside it, `.env` (export lines), `.stdin`, `.args` (NUL-separated),
// `.digest` and `.redact` (NUL-separated secret values, for the recorded tails).
import { quote } from "../ssh/quote";
import type { CommandResult } from "../core/runner";
import type { ScriptObserved } from "./schema";

// A run's private directory holds its bundle, tokens included, and is removed when the run ends;
// a run killed with SIGKILL (no trap runs) leaves it behind. Each directory names the shell that
// made it in .owner, and every run first removes those whose shell is gone: a token is left on
// the host (or in a container's /tmp, which survives reboots) only until the next run there.
const SWEEP = String.raw`phoenix_sweep() {
  local old pid
  for old in "$1".*; do
    [ -f "$old/.owner" ] || continue
    pid=$(cat "$old/.owner" 2>/dev/null) || continue
    case $pid in '' | *[!0-9]*) continue ;; esac
    kill -0 "$pid" 2>/dev/null || rm -rf -- "$old"
  done
}`;

// Unpacks the bundle into a private temporary directory, runs ./script there under `timeout`
// (which kills its whole process group) and removes the directory. Runs on the host, or inside
// the container through `pct exec` (coreutils and bash only).
const RUN = String.raw`phoenix_run() {
  local limit=$1 work name data rc
  umask 077
  phoenix_sweep "${"$"}{TMPDIR:-/tmp}/phoenix-run"
  work=$(mktemp -d "${"$"}{TMPDIR:-/tmp}/phoenix-run.XXXXXX") || return 125
  echo "$$" >"$work/.owner"
  while read -r name data; do
    case $name in '' | /* | *..* | .digest | .redact | .owner) continue ;; esac
    mkdir -p "$work/$(dirname "$name")" && printf '%s' "$data" | base64 -d >"$work/$name" || { rm -rf "$work"; return 125; }
  done
  local -a args=()
  if [ -s "$work/.args" ]; then mapfile -d '' args <"$work/.args"; fi
  (cd "$work" && . ./.env && exec timeout -k 10 "$limit" bash ./script "${"$"}{args[@]}" <./.stdin)
  rc=$?
  rm -rf "$work"
  return "$rc"
}`;

const MAIN = String.raw`phoenix_tail() {
  local text s
  text=$(tail -c 65536 "$1" 2>/dev/null | tr -d '\000')
  for s in "${"$"}{secrets[@]}"; do [ -n "$s" ] && text=${"$"}{text//"$s"/[secret]}; done
  printf '%s' "$text" | tail -n 40 | tail -c 4000
}
phoenix_script() {
  local mode=$1 dir=$2 limit=$3 ctid=$4 where=$5 digest rc
  # not local: the EXIT trap runs after the function returned
  local -a secrets=() prefix=()
  umask 077
  phoenix_sweep /run/phoenix-script
  work=$(mktemp -d /run/phoenix-script.XXXXXX) || return 125
  trap 'rm -rf "$work"' EXIT
  echo "$$" >"$work/.owner"
  cat >"$work/bundle"
  digest=$(sed -n 's/^\.digest //p' "$work/bundle" | base64 -d)
  mapfile -d '' secrets < <(sed -n 's/^\.redact //p' "$work/bundle" | base64 -d)
  if [ "$where" = container ]; then prefix=(pct exec "$ctid" --); fi
  set -o pipefail
  { { timeout -k 10 "$((limit + 30))" "${"$"}{prefix[@]}" bash -c "$(declare -f phoenix_sweep phoenix_run)"'; phoenix_run "$@"' phoenix-run "$limit" <"$work/bundle" 2>&1 1>&3 3>&- | tee "$work/err" >&2; } 3>&1 | tee "$work/out"; }
  rc=$?
  if [ "$mode" = delete ]; then
    if [ "$rc" = 0 ]; then rm -rf -- "$dir"; fi
    return "$rc"
  fi
  mkdir -p "$dir" || return 125
  phoenix_tail "$work/out" >"$dir/.stdout.new" && mv -f "$dir/.stdout.new" "$dir/stdout"
  phoenix_tail "$work/err" >"$dir/.stderr.new" && mv -f "$dir/.stderr.new" "$dir/stderr"
  if [ "$rc" = 0 ]; then : >"$dir/created"; fi
  printf '%s %s %s\n' "$digest" "$rc" "$mode" >"$dir/.status.new" && mv -f "$dir/.status.new" "$dir/status"
  return "$rc"
}
phoenix_script "$@"; exit $?
`;

/** The script text `bash -s` reads before the bundle. */
export const RUNNER = `${SWEEP}\n${RUN}\n${MAIN}`;

export type RunMode = "create" | "update" | "delete";

/** argv of a run; what it runs and with which values is all on stdin. */
export function runCommand(mode: RunMode, dir: string, timeoutSeconds: number, ctid: string, where: "host" | "container"): string[] {
  return ["bash", "-s", "--", mode, dir, String(timeoutSeconds), ctid === "" ? "-" : ctid, where];
}

export interface BundleParts {
  readonly script: string;
  readonly files: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly stdin: string;
  readonly digest: string;
  readonly secrets: readonly string[];
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** The stdin of a run: RUNNER, then the bundle. Environment values are quoted by the one quoting helper. */
export function runStdin(parts: BundleParts): string {
  const env = Object.entries(parts.environment)
    .map(([k, v]) => `export ${k}=${quote(v)}\n`)
    .join("");
  const entries: [string, string][] = [
    ...Object.entries(parts.files),
    ["script", parts.script],
    [".env", env],
    [".stdin", parts.stdin],
    [".args", parts.args.map((a) => `${a}\0`).join("")],
    [".digest", parts.digest],
    [".redact", parts.secrets.map((s) => `${s}\0`).join("")],
  ];
  return `${RUNNER}${entries.map(([name, text]) => `${name} ${b64(text)}\n`).join("")}`;
}

/** Prints the record of the last run (and whether the container's config exists). */
const READ = String.raw`d=$1 c=$2
if [ "$c" != - ]; then if [ -e "$c" ]; then echo ct=yes; else echo ct=no; fi; fi
[ -f "$d/status" ] || { echo absent; exit 0; }
echo "status=$(cat "$d/status")"
if [ -e "$d/created" ]; then echo created=yes; else echo created=no; fi
echo "stdout=$(base64 -w0 "$d/stdout" 2>/dev/null)"
echo "stderr=$(base64 -w0 "$d/stderr" 2>/dev/null)"`;

export function readRecordCommand(dir: string, ctid?: string): string[] {
  return ["bash", "-c", READ, "phoenix-script-record", dir, ctid === undefined ? "-" : `/etc/pve/lxc/${ctid}.conf`];
}

/** Parses READ's output. */
export function parseRecord(result: CommandResult): ScriptObserved {
  if (result.code !== 0) throw new Error(`reading the script record failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  const fields = new Map<string, string>();
  let absent = false;
  for (const line of result.stdout.split("\n")) {
    if (line === "absent") absent = true;
    const eq = line.indexOf("=");
    if (eq > 0) fields.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const ct = fields.get("ct");
  const container = ct === undefined ? {} : { containerExists: ct === "yes" };
  if (absent) return { present: false, ...container };
  const [digest, code] = (fields.get("status") ?? "").split(" ");
  if (digest === undefined || !/^-?\d+$/.test(code ?? "")) throw new Error(`unexpected script record ${JSON.stringify(result.stdout.slice(0, 200))}`);
  const text = (key: string) => Buffer.from(fields.get(key) ?? "", "base64").toString("utf8");
  return { present: true, digest, exitCode: Number(code), created: fields.get("created") === "yes", stdout: text("stdout"), stderr: text("stderr"), ...container };
}
