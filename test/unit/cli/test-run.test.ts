import { describe, expect, it } from "vitest";
import type { PlannedCheck } from "../../../cli/test-plan";
import { judge, runChecks } from "../../../cli/test-run";
import { SshError } from "../../../providers/ssh/errors";
import { FakeRunner } from "../../helpers/fake-runner";

const health: PlannedCheck = { kind: "health", label: "health check `true`", command: "HEALTH", timeoutSeconds: 190, stdin: { candidates: ["/p/health-check.sh"], prefix: "export A=1\n", bash: true } };
const nvidia = (expectVersion?: string): PlannedCheck => ({ kind: "nvidia", label: "NVIDIA", command: "NVSMI", timeoutSeconds: 60, ...(expectVersion ? { expectVersion } : {}) });
const script: PlannedCheck = { kind: "script", label: "test a (a.sh)", command: "SCRIPT", timeoutSeconds: 5, stdin: { candidates: ["/one/a.sh", "/two/a.sh"], bash: true } };

describe("judge: pass or fail from what the host reported", () => {
  it.each<[string, PlannedCheck, { code: number; stdout?: string; stderr?: string }, boolean, string]>([
    ["exit 0 passes, with its last line", health, { code: 0, stdout: "health check passed (attempt 1 of 3): true\n" }, true, "health check passed (attempt 1 of 3): true"],
    ["exit 0 and no output", script, { code: 0 }, true, "exit code 0"],
    ["non-zero exit fails", health, { code: 1, stderr: "nope\n" }, false, "exit code 1"],
    ["timeout's TERM", script, { code: 124 }, false, "timed out after 5 s (exit 124)"],
    ["timeout's KILL", script, { code: 137 }, false, "timed out after 5 s (exit 137)"],
    ["nvidia: every GPU at the version", nvidia("580.76.05"), { code: 0, stdout: "580.76.05\n580.76.05\n" }, true, "2 GPU(s) at driver 580.76.05"],
    ["nvidia: one GPU at another version", nvidia("580.76.05"), { code: 0, stdout: "580.76.05\n570.86.10\n" }, false, "nvidia-smi reports 580.76.05, 570.86.10, expected 580.76.05"],
    ["nvidia: a prefix is not the version", nvidia("580.76"), { code: 0, stdout: "580.76.05\n" }, false, "nvidia-smi reports 580.76.05, expected 580.76"],
    ["nvidia: no GPU listed", nvidia("580.76.05"), { code: 0, stdout: "\n" }, false, "nvidia-smi reported no GPU"],
    ["nvidia: the tool fails", nvidia("580.76.05"), { code: 9, stdout: "NVIDIA-SMI has failed\n" }, false, "exit code 9"],
    ["nvidia: no version configured", nvidia(), { code: 0, stdout: "580.76.05\n" }, false, "no driver version to compare with: set nvidia_driver.version in the hypervisor config"],
  ])("%s", (_name, check, result, passed, summary) => {
    const r = judge(check, { stdout: "", stderr: "", ...result });
    expect(r.passed).toBe(passed);
    expect(r.summary).toBe(summary);
  });

  it("keeps the last 20 lines of output, stdout then stderr", () => {
    const stdout = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join("\n");
    const r = judge(script, { code: 1, stdout, stderr: "the error\n" });
    expect(r.output).toHaveLength(20);
    expect(r.output[0]).toBe("line 7");
    expect(r.output.at(-1)).toBe("the error");
  });
});

describe("runChecks", () => {
  const files: Record<string, string> = { "/p/health-check.sh": "HEALTH SCRIPT", "/two/a.sh": "A FROM TWO" };
  const read = (p: string) => files[p];

  it("sends the first script found on stdin and runs the checks in order", async () => {
    const runner = new FakeRunner([{ command: "HEALTH", stdout: "ok" }, { command: "SCRIPT", code: 3, stdout: "bad" }]);
    const results = await runChecks(runner, [health, script], read);
    runner.assertDone();
    expect(runner.seen).toEqual([{ command: "HEALTH", stdin: "export A=1\n{\nHEALTH SCRIPT\n} </dev/null\n" }, { command: "SCRIPT", stdin: "{\nA FROM TWO\n} </dev/null\n" }]);
    expect(results.map((r) => [r.passed, r.summary])).toEqual([[true, "ok"], [false, "exit code 3"]]);
  });

  it("reports each result before the next check starts", async () => {
    const events: string[] = [];
    const runner = { host: "h", run: async (command: string) => (events.push(`run ${command}`), { code: 0, stdout: command, stderr: "" }) };
    await runChecks(runner, [health, script], read, (r) => events.push(`result ${r.summary}`));
    expect(events).toEqual(["run HEALTH", "result HEALTH", "run SCRIPT", "result SCRIPT"]);
  });

  it("a script that is not found is a failed test naming the paths searched; nothing runs for it", async () => {
    const runner = new FakeRunner([]);
    const [r] = await runChecks(runner, [script], () => undefined);
    expect(r).toMatchObject({ passed: false, summary: "script not found (searched /one/a.sh, /two/a.sh)" });
    expect(runner.seen).toEqual([]);
  });

  it("a lost channel fails that check only; an unreachable host stops the run", async () => {
    const lost = { host: "h", run: async () => Promise.reject(new SshError("exec", "h", "connection lost")) };
    const [r] = await runChecks(lost, [nvidia("1.0")], read);
    expect(r).toMatchObject({ passed: false, summary: "SSH exec error on h: connection lost" });
    const refused = { host: "h", run: async () => Promise.reject(new SshError("hostkey", "h", "host key mismatch")) };
    await expect(runChecks(refused, [nvidia("1.0")], read)).rejects.toThrow(/host key mismatch/);
  });

  it("gives the channel a limit beyond the host-side timeout", async () => {
    const limits: (number | undefined)[] = [];
    const runner = { host: "h", run: async (_c: string, o?: { timeoutMs?: number }) => (limits.push(o?.timeoutMs), { code: 0, stdout: "", stderr: "" }) };
    await runChecks(runner, [script], read);
    expect(limits).toEqual([35_000]);
  });
});
