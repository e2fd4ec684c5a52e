import { describe, expect, it } from "vitest";
import type { PlannedCheck } from "../../../cli/test-plan";
import { allPassed, containerLines, summaryLines } from "../../../cli/test-report";
import type { CheckResult } from "../../../cli/test-run";

const check = (label: string): PlannedCheck => ({ kind: "script", label, command: "x", timeoutSeconds: 1 });
const pass = (label: string): CheckResult => ({ check: check(label), passed: true, summary: "fine", output: ["fine"] });
const fail = (label: string, output: string[] = []): CheckResult => ({ check: check(label), passed: false, summary: "exit code 1", output });

describe("the report", () => {
  it("one line per check; a failure shows its output", () => {
    expect(containerLines({ ctid: "952", name: "qdrant", results: [pass("health check `curl`"), fail("test a (a.sh)", ["boom", "\x1b[31mred"])] })).toEqual([
      "CT 952 (qdrant)",
      "  PASS health check `curl`: fine",
      "  FAIL test a (a.sh): exit code 1",
      "       | boom",
      "       | \\x1b[31mred",
    ]);
  });

  it("says when a container has nothing to run", () => {
    expect(containerLines({ ctid: "954", name: "n8n", results: [] })[1]).toMatch(/nothing to run/);
  });

  it.each<[string, CheckResult[][], boolean, string[]]>([
    ["all passed", [[pass("a")], [pass("b")]], true, ["OK: 2 passed, 0 failed"]],
    ["a failure is named by container and check", [[pass("a")], [fail("b")]], false, ["FAILED: 1 passed, 1 failed", "  CT 951: b"]],
    ["nothing ran at all is not a pass", [[], []], false, ["FAILED: nothing was tested (950, 951 configure no checks or tests)"]],
    ["one container with nothing, another passing", [[], [pass("b")]], true, ["OK: 1 passed, 0 failed"]],
  ])("%s", (_name, results, passed, summary) => {
    const reports = results.map((r, i) => ({ ctid: String(950 + i), name: "c", results: r }));
    expect(allPassed(reports)).toBe(passed);
    expect(summaryLines(reports)).toEqual(summary);
  });
});
