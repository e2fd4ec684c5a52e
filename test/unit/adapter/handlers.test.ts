import { describe, expect, it } from "vitest";
import { makeHandlers } from "../../../providers/adapter/handlers";
import type { ResourceDefinition } from "../../../providers/adapter/definition";
import { planSteps, refuse } from "../../../providers/core/plan";
import { step } from "../../../providers/core/step";
import type { Runner } from "../../../providers/core/runner";
import { FakeRunner } from "../../helpers/fake-runner";

// A toy resource: a file whose content must equal `content`; `cat` inspects, `tee` converges.
interface Toy { name: string; content: string; allowDestroy?: boolean }
const toy: ResourceDefinition<Toy, { content: string } | undefined> = {
  kind: "Toy",
  parseInputs: (raw) => {
    const r = raw as Partial<Toy>;
    if (typeof r.name !== "string" || typeof r.content !== "string") return { ok: false, failures: [{ property: "name", reason: "required" }] };
    return { ok: true, value: { name: r.name, content: r.content, ...(r.allowDestroy ? { allowDestroy: true } : {}) } };
  },
  id: (i) => i.name,
  exists: (o) => o !== undefined,
  label: (i) => `Toy "${i.name}"`,
  inspect: async (runner: Runner, i) => {
    const r = await runner.run(`cat /toy/${i.name}`);
    return r.code === 0 ? { content: r.stdout } : undefined;
  },
  plan: (d, o) => (o?.content === d.content ? planSteps([]) : planSteps([step(`write ${d.name}`, ["tee", `/toy/${d.name}`], { stdin: d.content })])),
  planDelete: (i, o, allowed) => (o === undefined ? planSteps([]) : allowed ? planSteps([step("rm", ["rm", `/toy/${i.name}`])]) : refuse("would delete data")),
  allowsDestroy: (i) => i.allowDestroy === true,
};

function handlersWith(runner: Runner, allowDestroy: string[] = [], reports: string[] = []) {
  return makeHandlers(toy, { runner: () => runner, policy: () => ({ allowDestroy }), report: (m) => reports.push(m) });
}

describe("generic handlers", () => {
  it("creates, then verifies by inspecting again", async () => {
    const runner = new FakeRunner([
      { command: "cat /toy/a", code: 1 },
      { command: "tee /toy/a" },
      { command: "cat /toy/a", stdout: "hi" },
    ]);
    const result = await handlersWith(runner).create({ name: "a", content: "hi" });
    expect(result).toEqual({ id: "a", outs: { name: "a", content: "hi", observed: { content: "hi" } } });
    expect(runner.seen[1]).toEqual({ command: "tee /toy/a", stdin: "hi" });
    runner.assertDone();
  });

  it("fails with the remaining plan when the host does not converge, keeping the id", async () => {
    const runner = new FakeRunner([
      { command: "cat /toy/a", code: 1 },
      { command: "tee /toy/a" },
      { command: "cat /toy/a", stdout: "other" },
    ]);
    await expect(handlersWith(runner).create({ name: "a", content: "hi" })).rejects.toMatchObject({
      id: "a",
      message: expect.stringContaining("did not converge"),
    });
  });

  it("diff reports no change when observed state matches and inputs are equal", async () => {
    const h = handlersWith(new FakeRunner([]));
    const olds = { name: "a", content: "hi", observed: { content: "hi" }, __provider: "p" };
    expect(await h.diff("a", olds, { name: "a", content: "hi", __provider: "p" })).toEqual({ changes: false });
  });

  it("diff reports drift found by refresh and prints the exact commands", async () => {
    const reports: string[] = [];
    const h = handlersWith(new FakeRunner([]), [], reports);
    const olds = { name: "a", content: "hi", observed: { content: "changed" }, __provider: "p" };
    expect(await h.diff("a", olds, { name: "a", content: "hi", __provider: "p" })).toEqual({ changes: true });
    expect(reports).toEqual(['Toy "a": would run\n  1. tee /toy/a    # write a']);
  });

  it("read returns an empty result when the object is gone", async () => {
    const h = handlersWith(new FakeRunner([{ command: "cat /toy/a", code: 1 }]));
    expect(await h.read("a", { name: "a", content: "hi", observed: { content: "hi" } })).toEqual({});
  });

  it("delete refuses without permission and runs nothing", async () => {
    const runner = new FakeRunner([{ command: "cat /toy/a", stdout: "hi" }]);
    await expect(handlersWith(runner).delete("a", { name: "a", content: "hi" })).rejects.toThrow('Toy "a": would delete data');
    runner.assertDone();
  });

  it("reports a refusal without a stack trace, since the host prints error.stack", async () => {
    const runner = new FakeRunner([{ command: "cat /toy/a", stdout: "hi" }]);
    const err = await handlersWith(runner).delete("a", { name: "a", content: "hi" }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).stack).toBe("");
  });

  it("names the object when a delete command fails", async () => {
    const runner = new FakeRunner([{ command: "cat /toy/a", stdout: "hi" }, { command: "rm /toy/a", code: 1, stderr: "busy" }]);
    await expect(handlersWith(runner, ["a"]).delete("a", { name: "a", content: "hi" })).rejects.toThrow(
      'Toy "a": Command failed with exit code 1 on fake-host: rm /toy/a\nbusy',
    );
  });

  it("delete proceeds when the stack policy allows the id", async () => {
    const runner = new FakeRunner([{ command: "cat /toy/a", stdout: "hi" }, { command: "rm /toy/a" }]);
    await handlersWith(runner, ["a"]).delete("a", { name: "a", content: "hi" });
    runner.assertDone();
  });

  it("check returns failures for invalid inputs", async () => {
    expect(await handlersWith(new FakeRunner([])).check({}, { name: 3 })).toEqual({ failures: [{ property: "name", reason: "required" }] });
  });
});
