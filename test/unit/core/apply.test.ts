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
