import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { fixedCatalog } from "../../../config/features";
import { applicationBasis, applicationRun, HEALTH_CHECK_SCRIPT, healthCheckRun } from "../../../stack/applications";

const catalog = fixedCatalog(["app.sh"], "/p/bin");
const files: Record<string, string> = {
  "/p/bin/app.sh.sh": "#!/bin/bash\n# phoenix-files: util.sh etc/site.conf\n# phoenix-tokens: hf_token\nset -e\n",
  "/p/bin/util.sh": "u\n",
  "/p/bin/etc/site.conf": "c\n",
};
const read = (p: string) => {
  if (!(p in files)) throw new Error(`read ${p}`);
  return files[p];
};
const entry = { name: "x", application_script: "app.sh", vllm_model: "m" } as never;

describe("applicationRun", () => {
  it("carries the script, the files it declares, the entry as container.json and its tokens", () => {
    const run = applicationRun({ ctid: "950", entry }, catalog, read)!;
    expect(run.name).toBe("app.sh");
    expect(run.tokens).toEqual(["hf_token"]);
    expect(run.files).toEqual({ "util.sh": "u\n", "etc/site.conf": "c\n", "container.json": `${JSON.stringify(entry, null, 2)}\n` });
  });
  it("leaves the checks and tests out of container.json: changing a check does not re-run the deployment", () => {
    const checked = { ...(entry as object), health_check: { command: "true" }, tests: {}, integration_tests: { script: "t.sh" }, run_integration_tests: true, vllm: [] } as never;
    expect(applicationRun({ ctid: "950", entry: checked }, catalog, read)!.files["container.json"]).toBe(`${JSON.stringify(entry, null, 2)}\n`);
  });
  it("is absent without application_script, and throws (a bug: the config checks run first) when not found", () => {
    expect(applicationRun({ ctid: "1", entry: {} as never }, catalog, read)).toBeUndefined();
    expect(() => applicationRun({ ctid: "1", entry: { application_script: "nope.sh" } as never }, catalog, read)).toThrow(/CT 1: application script "nope.sh" is not in \/p\/bin/);
  });
  it("has a basis that changes with the script, a declared file or the entry", () => {
    const run = applicationRun({ ctid: "950", entry }, catalog, read)!;
    const b = applicationBasis(run);
    expect(applicationBasis({ ...run, script: `${run.script}#\n` })).not.toBe(b);
    expect(applicationBasis({ ...run, files: { ...run.files, "util.sh": "v\n" } })).not.toBe(b);
    expect(applicationBasis(applicationRun({ ctid: "950", entry: { ...(entry as object), vllm_model: "n" } as never }, catalog, read)!)).not.toBe(b);
  });
});

describe("healthCheckRun", () => {
  it.each([
    [{ command: "curl -s http://localhost:6333", retries: 5, interval: 5 }, { PHOENIX_CHECK_COMMAND: "curl -s http://localhost:6333", PHOENIX_CHECK_RETRIES: "5", PHOENIX_CHECK_INTERVAL: "5" }],
    [{ command: "true" }, { PHOENIX_CHECK_COMMAND: "true", PHOENIX_CHECK_RETRIES: "3", PHOENIX_CHECK_INTERVAL: "5" }],
  ])("%j", (check, environment) => {
    const run = healthCheckRun({ entry: { health_check: check } as never })!;
    expect(run.environment).toEqual(environment);
    // Long enough for every attempt and pause.
    expect(run.timeoutSeconds).toBeGreaterThan(Number(environment.PHOENIX_CHECK_RETRIES) * Number(environment.PHOENIX_CHECK_INTERVAL));
  });
});

describe("the shipped health check runner", () => {
  const runCheck = (command: string, retries = "2", interval = "0") =>
    spawnSync("bash", [HEALTH_CHECK_SCRIPT], { encoding: "utf8", env: { PATH: process.env.PATH, PHOENIX_CHECK_COMMAND: command, PHOENIX_CHECK_RETRIES: retries, PHOENIX_CHECK_INTERVAL: interval } });
  it("passes on the first success", () => {
    const r = runCheck("true");
    expect([r.status, r.stdout]).toEqual([0, "health check passed (attempt 1 of 2): true\n"]);
  });
  it("fails after the retries with the last output and a line naming the check", () => {
    const r = runCheck("ls /nonexistent-dir", "3");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/No such file or directory/);
    expect(r.stderr.trimEnd().split("\n").at(-1)).toBe("health check failed after 3 attempt(s), 0 s apart (last exit code 2): ls /nonexistent-dir");
  });
  it("splits words with no shell: quotes, variables and globs reach the command as plain text", () => {
    // Through a shell, $HOME and * would expand to paths that exist and ls would succeed.
    const r = runCheck("ls $HOME *", "1");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot access '$HOME'");
    expect(r.stderr).toContain("cannot access '*'");
  });
});
