// What `phoenix test` prints: per container a header, then one PASS/FAIL line per check with the
// tail of a failing check's output, then a summary. Pure, so the wording is tested directly.
import { HOST_TARGET } from "./args";
import type { CheckResult } from "./test-run";

export interface ContainerReport {
  readonly ctid: string;
  readonly name: string;
  readonly results: readonly CheckResult[];
}

// Test output may carry terminal escapes or other control bytes; they are shown, not obeyed.
function printable(line: string): string {
  return line.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

// `host` is the host's own tests; every other target is a CT id.
const who = (ctid: string) => (ctid === HOST_TARGET ? HOST_TARGET : `CT ${ctid}`);

/** A container's (or the host's) header, and what follows it when it has nothing to run. */
export function headerLines(ctid: string, name: string, checks: number): string[] {
  const header = `${who(ctid)} (${name})`;
  const none = ctid === HOST_TARGET ? "no tests in the hypervisor file" : "no health_check, nvidia feature or test scripts configured";
  return checks > 0 ? [header] : [header, `  (nothing to run: ${none})`];
}

/** One check's PASS/FAIL line, and a failure's output; printed as soon as the check ends. */
export function resultLines(r: CheckResult): string[] {
  const lines = [`  ${r.passed ? "PASS" : "FAIL"} ${printable(r.check.label)}: ${printable(r.summary)}`];
  if (!r.passed) for (const out of r.output) lines.push(`       | ${printable(out)}`);
  return lines;
}

/** The lines for one container. */
export function containerLines(report: ContainerReport): string[] {
  return [...headerLines(report.ctid, report.name, report.results.length), ...report.results.flatMap(resultLines)];
}

/** The closing line; failures are named by container and check. */
export function summaryLines(reports: readonly ContainerReport[]): string[] {
  const all = reports.flatMap((r) => r.results.map((result) => ({ ctid: r.ctid, result })));
  const failed = all.filter((x) => !x.result.passed);
  const head = `${all.length - failed.length} passed, ${failed.length} failed`;
  if (all.length === 0) return [`FAILED: nothing was tested (${reports.map((r) => r.ctid).join(", ")} configure no checks or tests)`];
  if (failed.length === 0) return [`OK: ${head}`];
  return [`FAILED: ${head}`, ...failed.map((x) => `  ${who(x.ctid)}: ${printable(x.result.check.label)}`)];
}

/** Whether the run passed: at least one check ran and none failed. */
export function allPassed(reports: readonly ContainerReport[]): boolean {
  const results = reports.flatMap((r) => r.results);
  return results.length > 0 && results.every((r) => r.passed);
}
