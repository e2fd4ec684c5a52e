import { describe, expect, it } from "vitest";
import { applySteps, probeExpecting } from "../../../providers/core/apply";
import { step } from "../../../providers/core/step";
import { FakeRunner } from "../../helpers/fake-runner";

const missing = (r: { stderr: string }) => /no such pool/.test(r.stderr);

describe("probeExpecting", () => {
  it("returns an expected failure as an answer", async () => {
    const runner = new FakeRunner([{ command: "zpool list tank", code: 1, stderr: "cannot open 'tank': no such pool" }]);
    expect((await probeExpecting(runner, ["zpool", "list", "tank"], missing)).code).toBe(1);
  });

  it("throws any other failure with the command and what the host said", async () => {
    const runner = new FakeRunner([{ command: "zpool list tank", code: 2, stderr: "permission denied" }]);
    await expect(probeExpecting(runner, ["zpool", "list", "tank"], missing)).rejects.toThrow(
      "Command failed with exit code 2 on fake-host: zpool list tank\npermission denied",
    );
  });
});

describe("applySteps", () => {
  it("stops at the first failing step and runs nothing after it", async () => {
    const runner = new FakeRunner([{ command: "true" }, { command: "false", code: 1 }]);
    await expect(applySteps(runner, [step("a", ["true"]), step("b", ["false"]), step("c", ["echo", "never"])])).rejects.toThrow("exit code 1");
    expect(runner.seen.map((s) => s.command)).toEqual(["true", "false"]);
  });
});

describe("applySteps with a serialize key", () => {
  // A runner whose commands take a while, recording how many run at once.
  const slowRunner = (host: string) => {
    let running = 0;
    const peak = { value: 0 };
    const runner = {
      host,
      async run() {
        running++;
        peak.value = Math.max(peak.value, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return { code: 0, stdout: "", stderr: "" };
      },
    };
    return { runner, peak };
  };

  it("runs steps with the same key one at a time across plans, and others freely", async () => {
    const same = slowRunner("h1");
    await Promise.all([1, 2, 3].map((i) => applySteps(same.runner, [step(`clone ${i}`, ["pct", "clone", "900", String(900 + i)], { serialize: "lxc-source:900" })])));
    expect(same.peak.value).toBe(1);
    const free = slowRunner("h2");
    await Promise.all([1, 2, 3].map((i) => applySteps(free.runner, [step(`clone ${i}`, ["pct", "clone", String(800 + i), String(900 + i)], { serialize: `lxc-source:${800 + i}` })])));
    expect(free.peak.value).toBe(3);
  });
});
