// Runs planned checks on the host through a Runner (the SSH session in use, a fake in unit tests)
// and judges each result. Scripts are read on the workstation and sent on stdin, so nothing is
// copied to the host; a script that is not found is a failed test naming the paths searched.
import type { CommandResult, Runner } from "../providers/core/runner";
import { SshError, type SshErrorKind } from "../providers/ssh/errors";
import { stdinText, type PlannedCheck } from "./test-plan";

/** Exit codes GNU timeout gives a command it stopped (TERM, then KILL after -k). */
const TIMED_OUT = new Set([124, 137]);
/** Output lines kept in a report. */
export const TAIL_LINES = 20;
const UNREACHABLE = new Set<SshErrorKind>(["connect", "auth", "hostkey", "config"]);
// The channel limit sits beyond the host-side timeout, so the host's verdict normally arrives.
const CHANNEL_MARGIN_SECONDS = 30;

export interface CheckResult {
  readonly check: PlannedCheck;
  readonly passed: boolean;
  /** One line: why it failed, or how it passed. */
  readonly summary: string;
  /** The last lines of its output (stdout, then stderr). */
  readonly output: readonly string[];
}

/** Reads a workstation file; undefined when it does not exist or is not a file. */
export type ReadScript = (path: string) => string | undefined;

/** Runs each check in order (one at a time: tests may load the container), judges it and reports it at once. */
export async function runChecks(runner: Runner, checks: readonly PlannedCheck[], readScript: ReadScript, onResult: (r: CheckResult) => void = () => undefined): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const result = await runCheck(runner, check, readScript);
    onResult(result);
    results.push(result);
  }
  return results;
}

async function runCheck(runner: Runner, check: PlannedCheck, readScript: ReadScript): Promise<CheckResult> {
  let stdin: string | undefined;
  if (check.stdin) {
    const found = firstReadable(check.stdin.candidates, readScript);
    if (found === undefined) {
      const searched = check.stdin.candidates.length === 0 ? "no directory to search" : `searched ${check.stdin.candidates.join(", ")}`;
      return { check, passed: false, summary: `script not found (${searched})`, output: [] };
    }
    stdin = stdinText(check.stdin, found);
  }
  try {
    const result = await runner.run(check.command, { ...(stdin === undefined ? {} : { stdin }), timeoutMs: (check.timeoutSeconds + CHANNEL_MARGIN_SECONDS) * 1000 });
    return judge(check, result);
  } catch (err) {
    // No connection at all (refused, wrong host key, auth): no later check can run either.
    if (err instanceof SshError && UNREACHABLE.has(err.kind)) throw err;
    // A lost connection or a channel timeout: this check failed, the next one dials again.
    return { check, passed: false, summary: (err as Error).message.split("\n")[0], output: [] };
  }
}

function firstReadable(candidates: readonly string[], readScript: ReadScript): string | undefined {
  for (const file of candidates) {
    const text = readScript(file);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** Pass or fail from the exit code (and, for the NVIDIA check, the version it printed). */
export function judge(check: PlannedCheck, result: CommandResult): CheckResult {
  const output = tail(`${result.stdout}\n${result.stderr}`);
  if (TIMED_OUT.has(result.code)) return { check, passed: false, summary: `timed out after ${check.timeoutSeconds} s (exit ${result.code})`, output };
  if (result.code !== 0) return { check, passed: false, summary: `exit code ${result.code}`, output };
  if (check.kind === "nvidia") return judgeNvidia(check, result.stdout, output);
  return { check, passed: true, summary: lastLine(output) ?? "exit code 0", output };
}

function judgeNvidia(check: PlannedCheck, stdout: string, output: string[]): CheckResult {
  if (check.expectVersion === undefined) {
    return { check, passed: false, summary: "no driver version to compare with: set nvidia_driver.version in the hypervisor config", output };
  }
  const versions = stdout.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  if (versions.length === 0) return { check, passed: false, summary: "nvidia-smi reported no GPU", output };
  const wrong = versions.filter((v) => v !== check.expectVersion);
  if (wrong.length > 0) return { check, passed: false, summary: `nvidia-smi reports ${[...new Set(versions)].join(", ")}, expected ${check.expectVersion}`, output };
  return { check, passed: true, summary: `${versions.length} GPU(s) at driver ${check.expectVersion}`, output };
}

function tail(text: string): string[] {
  const lines = text.split("\n").map((l) => l.replace(/\s+$/, "")).filter((l) => l !== "");
  return lines.slice(-TAIL_LINES);
}

function lastLine(lines: readonly string[]): string | undefined {
  return lines.length === 0 ? undefined : lines[lines.length - 1];
}
