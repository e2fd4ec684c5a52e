// Answers editHostFile's two commands from an in-memory map of host files, for fake runners
// that stand in for a host (transcript and property tests). A write is described the way a plan
// renders it (`write /path (N lines, sha256 …)`), so transcripts compare with previews.
import { sha256 } from "../../../providers/ssh/host-file";
import { renderFileEdit } from "../../../providers/ssh/host-file-plan";
import { firewallCheckName } from "../../../providers/firewall/check";
import type { CommandResult } from "../../../providers/core/runner";

/** Path → content (null or missing: no such file). Writes update it. */
export type HostFiles = Record<string, string | null>;

// The path is the first argument after the script name; the tests' paths are plain words.
const FILE_COMMAND = /'? (phoenix-read|phoenix-write) (\S+) /;

/** The answer to a host file command and how to show it, or undefined for any other command. */
export function answerHostFile(command: string, stdin: string | undefined, files: HostFiles): { result: CommandResult; shown?: string } | undefined {
  const m = FILE_COMMAND.exec(command);
  if (!m) return undefined;
  const [, verb, path] = m;
  const current = files[path] ?? null;
  if (verb === "phoenix-read") {
    const stdout = current === null ? "absent\n" : `present ${sha256(current)} 0:0 644\n${current}`;
    return { result: { code: 0, stdout, stderr: "" } };
  }
  const after = / -x \S+ remove /.test(command) ? null : stdin ?? "";
  files[path] = after;
  // A check command (`verify`) follows the mkdir flag: plain or single-quoted words.
  const tail = / (?:keep|try) (?:mkdir|-)( .+)$/.exec(command)?.[1];
  const verify = tail === undefined ? undefined : [...tail.matchAll(/'([^']*)'|(\S+)/g)].map((w) => w[1] ?? w[2]);
  // A check plans show by name is named only when the argv is exactly that check's.
  const checkName = verify === undefined ? undefined : firewallCheckName(verify);
  const shown = renderFileEdit({ path, change: () => after, before: current, after, ...(verify ? { verify } : {}), ...(checkName ? { checkName } : {}) });
  return { result: { code: 0, stdout: after === null ? "removed\n" : `written ${sha256(after)}\n`, stderr: "" }, shown };
}
