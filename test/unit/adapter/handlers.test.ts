import { describe, expect, it } from "vitest";
import { makeHandlers } from "../../../providers/adapter/handlers";
import type { ResourceDefinition } from "../../../providers/adapter/definition";
import { parsePolicy } from "../../../providers/adapter/policy";
import { UNKNOWN } from "../../../providers/adapter/unknowns";
import { planSteps, refuse } from "../../../providers/core/plan";
import { fileEditStep, step } from "../../../providers/core/step";
import { planFileEdit } from "../../../providers/ssh/host-file-plan";
import type { Runner } from "../../../providers/core/runner";
import { FakeRunner } from "../../helpers/fake-runner";

// A toy resource: a file whose content must equal `content`; `cat` inspects, `tee` converges.
// A file holding "locked" cannot be rewritten (a refusal that depends on the live host).
// `password` is a secret input that goes to the host on stdin only.
interface Toy { name: string; content: string; password?: string; allowDestroy?: boolean }
const toy: ResourceDefinition<Toy, { content: string } | undefined> = {
  kind: "Toy",
  parseInputs: (raw) => {
    const r = raw as Partial<Toy>;
    if (typeof r.name !== "string" || !/^[a-z]+$/.test(r.name)) return { ok: false, failures: [{ property: "name", reason: "lower-case letters" }] };
    if (typeof r.content !== "string") return { ok: false, failures: [{ property: "content", reason: "required" }] };
    return { ok: true, value: { name: r.name, content: r.content, ...(r.password ? { password: r.password } : {}), ...(r.allowDestroy ? { allowDestroy: true } : {}) } };
  },
  id: (i) => i.name,
  identity: ["name"],
  secretInputs: ["password"],
  exists: (o) => o !== undefined,
  label: (i) => `Toy "${i.name}"`,
  inspect: async (runner: Runner, i) => {
    const r = await runner.run(`cat /toy/${i.name}`);
    return r.code === 0 ? { content: r.stdout } : undefined;
  },
  plan: (d, o) => {
    if (o?.content === d.content) return planSteps([]);
    if (o?.content === "locked") return refuse(`/toy/${d.name} is locked (password ${d.password ?? "none"})`);
    return planSteps([step(`write ${d.name}`, ["tee", `/toy/${d.name}`], { stdin: `${d.content}${d.password ?? ""}` })]);
  },
  planDelete: (i, o, allowed) => (o === undefined ? planSteps([]) : allowed ? planSteps([step("rm", ["rm", `/toy/${i.name}`])]) : refuse("would delete data")),
  allowsDestroy: (i) => i.allowDestroy === true,
};

function handlersWith(runner: Runner, allowDestroy: string[] = [], reports: string[] = []) {
  const policy = parsePolicy(JSON.stringify(allowDestroy), ["Toy", "Other"]);
  return makeHandlers(toy, { runner: () => runner, policy: () => policy, report: (m) => reports.push(m) });
}

const PROVIDER = { __provider: "p" };
const cat = (name: string, content?: string) => (content === undefined ? { command: `cat /toy/${name}`, code: 1 } : { command: `cat /toy/${name}`, stdout: content });

describe("create and update", () => {
  it("creates, then verifies by inspecting again", async () => {
    const runner = new FakeRunner([cat("a"), { command: "tee /toy/a" }, cat("a", "hi")]);
    const result = await handlersWith(runner).create({ name: "a", content: "hi" });
    expect(result).toEqual({ id: "a", outs: { name: "a", content: "hi", observed: { content: "hi" } } });
    expect(runner.seen[1]).toEqual({ command: "tee /toy/a", stdin: "hi" });
    runner.assertDone();
  });

  it("a failed step records the object with its inputs, the host as it is now and the provider", async () => {
    const runner = new FakeRunner([cat("a"), { command: "tee /toy/a", code: 1, stderr: "disk full" }, cat("a", "h")]);
    const err = await handlersWith(runner).create({ name: "a", content: "hi", ...PROVIDER }).catch((e) => e);
    expect(err).toMatchObject({ id: "a", properties: { name: "a", content: "hi", observed: { content: "h" }, __provider: "p" } });
    expect(err.message).toContain("disk full");
    // Pulumi prints a recorded failure's reasons, not its message: without them it says only "resource init failed".
    expect(err.reasons).toEqual([err.message]);
  });

  it("a failure that also loses the host records no observation, so the next diff asks the host", async () => {
    const runner = new FakeRunner([cat("a"), { command: "tee /toy/a", code: 1 }]);
    const err = await handlersWith(runner).create({ name: "a", content: "hi", ...PROVIDER }).catch((e) => e);
    expect(err.properties).toEqual({ name: "a", content: "hi", __provider: "p" });
    const reports: string[] = [];
    const next = handlersWith(new FakeRunner([cat("a", "h")]), [], reports);
    expect(await next.diff("a", err.properties, { name: "a", content: "hi", ...PROVIDER })).toEqual({ changes: true });
    expect(reports).toEqual(['Toy "a": would run: tee /toy/a    # write a']);
  });

  it("fails with the remaining plan when the host does not converge, keeping the object", async () => {
    const runner = new FakeRunner([cat("a"), { command: "tee /toy/a" }, cat("a", "other")]);
    await expect(handlersWith(runner).create({ name: "a", content: "hi" })).rejects.toMatchObject({
      id: "a",
      message: expect.stringContaining("did not converge"),
      properties: expect.objectContaining({ observed: { content: "other" } }),
    });
  });

  it("state without inputs is updated as a new object, as diff planned it", async () => {
    const runner = new FakeRunner([cat("a", "old"), { command: "tee /toy/a" }, cat("a", "hi")]);
    const { outs } = await handlersWith(runner).update("a", { ...PROVIDER }, { name: "a", content: "hi", ...PROVIDER });
    expect(outs).toMatchObject({ name: "a", content: "hi", observed: { content: "hi" } });
  });

  it("state without inputs (left by an older failed run) is planned against the host, not refused", async () => {
    const reports: string[] = [];
    const h = handlersWith(new FakeRunner([cat("a", "old")]), [], reports);
    expect(await h.diff("a", { ...PROVIDER }, { name: "a", content: "hi", ...PROVIDER })).toEqual({ changes: true });
    expect(reports[0]).toContain("tee /toy/a");
  });
});

describe("the applies count (countsApplies)", () => {
  const counted = (runner: Runner) => makeHandlers({ ...toy, countsApplies: true }, { runner: () => runner, policy: () => parsePolicy("[]", ["Toy"]), report: () => {} });

  it("counts creates and updates that ran commands; refresh and a converged update keep it; uncounted kinds have none", async () => {
    const created = await counted(new FakeRunner([cat("a"), { command: "tee /toy/a" }, cat("a", "hi")])).create({ name: "a", content: "hi" });
    expect(created.outs).toMatchObject({ applies: 1 });
    const olds = { ...created.outs, ...PROVIDER };
    // A hand edit found by refresh: the count stays (Phoenix did not change the object).
    const read = await counted(new FakeRunner([cat("a", "edited")])).read("a", olds);
    expect(read.props).toMatchObject({ applies: 1, observed: { content: "edited" } });
    expect(read.inputs).not.toHaveProperty("applies");
    const repaired = await counted(new FakeRunner([cat("a", "edited"), { command: "tee /toy/a" }, cat("a", "hi")])).update("a", { ...read.props, ...PROVIDER }, { name: "a", content: "hi", ...PROVIDER });
    expect(repaired.outs).toMatchObject({ applies: 2 });
    const quiet = await counted(new FakeRunner([cat("a", "hi"), cat("a", "hi")])).update("a", { ...repaired.outs, ...PROVIDER }, { name: "a", content: "hi", ...PROVIDER });
    expect(quiet.outs).toMatchObject({ applies: 2 });
    // State from before the count: no count until commands run.
    const old = await counted(new FakeRunner([cat("a", "hi"), cat("a", "hi")])).update("a", { name: "a", content: "hi", observed: { content: "hi" }, ...PROVIDER }, { name: "a", content: "hi", ...PROVIDER });
    expect(old.outs).not.toHaveProperty("applies");
    const plain = await handlersWith(new FakeRunner([cat("a"), { command: "tee /toy/a" }, cat("a", "hi")])).create({ name: "a", content: "hi" });
    expect(plain.outs).not.toHaveProperty("applies");
  });

  it("a failed apply counts too (commands may have changed the object)", async () => {
    const runner = new FakeRunner([cat("a", "old"), { command: "tee /toy/a", code: 1 }, cat("a", "h")]);
    const err = await counted(runner).update("a", { name: "a", content: "old", observed: { content: "old" }, applies: 4, ...PROVIDER }, { name: "a", content: "hi", ...PROVIDER }).catch((e) => e);
    expect(err.properties).toMatchObject({ applies: 5, observed: { content: "h" } });
  });
});

describe("diff: one verdict with apply", () => {
  it("reports no change without any host command when the stored observation matches", async () => {
    const h = handlersWith(new FakeRunner([]));
    const olds = { name: "a", content: "hi", observed: { content: "hi" }, ...PROVIDER };
    expect(await h.diff("a", olds, { name: "a", content: "hi", ...PROVIDER })).toEqual({ changes: false });
  });

  it("plans a change from the host as it is now, exactly as update will", async () => {
    const reports: string[] = [];
    const olds = { name: "a", content: "hi", observed: { content: "changed" }, ...PROVIDER };
    const news = { name: "a", content: "hi", ...PROVIDER };
    expect(await handlersWith(new FakeRunner([cat("a", "changed")]), [], reports).diff("a", olds, news)).toEqual({ changes: true });
    expect(reports).toEqual(['Toy "a": would run: tee /toy/a    # write a']);
    const runner = new FakeRunner([cat("a", "changed"), { command: "tee /toy/a" }, cat("a", "hi")]);
    await handlersWith(runner).update("a", olds, news);
    runner.assertDone();
  });

  it("refuses in preview when the live host makes apply refuse, though the stored observation would not", async () => {
    const olds = { name: "a", content: "hi", observed: { content: "hi" }, ...PROVIDER };
    const news = { name: "a", content: "new", ...PROVIDER };
    const previewed = await handlersWith(new FakeRunner([cat("a", "locked")])).diff("a", olds, news).catch((e) => e.message);
    const applied = await handlersWith(new FakeRunner([cat("a", "locked")])).update("a", olds, news).catch((e) => e.message);
    expect(previewed).toBe('Toy "a": /toy/a is locked (password none)');
    expect(applied).toBe(previewed);
  });

  it("a changed identity is a replace that creates the new object before deleting the old", async () => {
    const reports: string[] = [];
    const olds = { name: "a", content: "hi", allowDestroy: true, observed: { content: "hi" }, ...PROVIDER };
    const h = handlersWith(new FakeRunner([cat("b"), cat("a", "hi")]), [], reports);
    expect(await h.diff("a", olds, { name: "b", content: "hi", ...PROVIDER })).toEqual({ changes: true, replaces: ["name"] });
    expect(reports[0]).toBe('Toy "b": replaces Toy "a" (name changed); would run\n  1. tee /toy/b    # write b\n  2. rm /toy/a    # rm');
  });

  it("a changed identity whose old object may not be deleted stops in preview", async () => {
    const olds = { name: "a", content: "hi", observed: { content: "hi" }, ...PROVIDER };
    const h = handlersWith(new FakeRunner([cat("b"), cat("a", "hi")]));
    await expect(h.diff("a", olds, { name: "b", content: "hi", ...PROVIDER })).rejects.toThrow(
      'Toy "b": name changed from Toy "a": that is another object, and the old one cannot be deleted: would delete data',
    );
  });

  it("an identity change to an object already gone needs no permission", async () => {
    const olds = { name: "a", content: "hi", observed: { content: "hi" }, ...PROVIDER };
    const h = handlersWith(new FakeRunner([cat("b"), cat("a")]));
    expect(await h.diff("a", olds, { name: "b", content: "hi", ...PROVIDER })).toEqual({ changes: true, replaces: ["name"] });
  });
});

describe("check", () => {
  it("returns failures for invalid inputs", async () => {
    expect(await handlersWith(new FakeRunner([])).check({}, { name: 3 })).toEqual({ failures: [{ property: "name", reason: "lower-case letters" }] });
  });

  it("shows a new object's plan from the host in preview", async () => {
    const reports: string[] = [];
    await handlersWith(new FakeRunner([cat("a")]), [], reports).check({}, { name: "a", content: "hi" });
    expect(reports).toEqual(['Toy "a": would run: tee /toy/a    # write a']);
  });

  it("refuses a new object in preview when create would refuse", async () => {
    await expect(handlersWith(new FakeRunner([cat("a", "locked")])).check({}, { name: "a", content: "hi" })).rejects.toThrow("is locked");
  });

  it("does not ask the host for an object that already exists in state (diff decides)", async () => {
    await handlersWith(new FakeRunner([])).check({ name: "a", content: "x" }, { name: "a", content: "hi" });
  });
});

describe("unknown inputs during preview", () => {
  it("check judges what is known and leaves unknown values to apply", async () => {
    const h = handlersWith(new FakeRunner([]));
    expect(await h.check({}, { name: UNKNOWN, content: "hi" })).toEqual({ inputs: { name: UNKNOWN, content: "hi" } });
    expect(await h.check({}, { name: "a", content: UNKNOWN })).toEqual({ inputs: { name: "a", content: UNKNOWN } });
    expect(await h.check({}, { name: "A1", content: UNKNOWN })).toEqual({ failures: [{ property: "name", reason: "lower-case letters" }] });
  });

  it("diff reports a change without touching the host", async () => {
    const reports: string[] = [];
    const olds = { name: "a", content: "hi", observed: { content: "hi" }, ...PROVIDER };
    expect(await handlersWith(new FakeRunner([]), [], reports).diff("a", olds, { name: "a", content: UNKNOWN, ...PROVIDER })).toEqual({ changes: true });
    expect(reports).toEqual(['Toy "a": content known only after apply; the plan is decided then']);
  });
});

describe("secret inputs", () => {
  const SECRET = "hunter2-very-secret";

  it("outputs keep a digest, never the value; an unchanged secret is no change", async () => {
    const runner = new FakeRunner([cat("a"), { command: "tee /toy/a" }, cat("a", "hi")]);
    const { outs } = await handlersWith(runner).create({ name: "a", content: "hi", password: SECRET });
    expect(JSON.stringify(outs)).not.toContain(SECRET);
    expect(runner.seen[1]!.stdin).toBe(`hi${SECRET}`);
    const h = handlersWith(new FakeRunner([]));
    expect(await h.diff("a", { ...outs, ...PROVIDER }, { name: "a", content: "hi", password: SECRET, ...PROVIDER })).toEqual({ changes: false });
    expect(await h.diff("a", { ...outs, ...PROVIDER }, { name: "a", content: "hi", password: "other", ...PROVIDER })).toEqual({ changes: true });
  });

  it("an unchanged secret keeps its digest, so a second apply writes identical outputs", async () => {
    const first = await handlersWith(new FakeRunner([cat("a"), { command: "tee /toy/a" }, cat("a", "hi")])).create({ name: "a", content: "hi", password: SECRET });
    const second = await handlersWith(new FakeRunner([cat("a", "x"), { command: "tee /toy/a" }, cat("a", "hi")])).update("a", first.outs, { name: "a", content: "hi", password: SECRET });
    expect(second.outs).toEqual(first.outs);
  });

  it("refusals and reports never show the value", async () => {
    const err = await handlersWith(new FakeRunner([cat("a", "locked")])).create({ name: "a", content: "hi", password: SECRET }).catch((e) => e);
    expect(err.message).toBe('Toy "a": /toy/a is locked (password [secret])');
  });

  it("read and delete work from the digest alone", async () => {
    const { outs } = await handlersWith(new FakeRunner([cat("a"), { command: "tee /toy/a" }, cat("a", "hi")])).create({ name: "a", content: "hi", password: SECRET });
    const read = await handlersWith(new FakeRunner([cat("a", "hi")])).read("a", outs);
    expect(read.props).toEqual(outs);
    const runner = new FakeRunner([cat("a", "hi"), { command: "rm /toy/a" }]);
    await handlersWith(runner, ["Toy:a"]).delete("a", outs);
    runner.assertDone();
  });
});

describe("read and delete", () => {
  it("read returns an empty result when the object is gone", async () => {
    const h = handlersWith(new FakeRunner([cat("a")]));
    expect(await h.read("a", { name: "a", content: "hi", observed: { content: "hi" } })).toEqual({});
  });

  it("delete refuses without permission and runs nothing", async () => {
    const runner = new FakeRunner([cat("a", "hi")]);
    await expect(handlersWith(runner).delete("a", { name: "a", content: "hi" })).rejects.toThrow('Toy "a": would delete data');
    runner.assertDone();
  });

  it("reports a refusal without a stack trace, since the host prints error.stack", async () => {
    const err = await handlersWith(new FakeRunner([cat("a", "hi")])).delete("a", { name: "a", content: "hi" }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).stack).toBe("");
  });

  it("names the object when a delete command fails", async () => {
    const runner = new FakeRunner([cat("a", "hi"), { command: "rm /toy/a", code: 1, stderr: "busy" }]);
    await expect(handlersWith(runner, ["Toy:a"]).delete("a", { name: "a", content: "hi" })).rejects.toThrow(
      'Toy "a": Command failed with exit code 1 on fake-host: rm /toy/a\nbusy',
    );
  });

  it("delete proceeds when the stack policy names the kind and id", async () => {
    const runner = new FakeRunner([cat("a", "hi"), { command: "rm /toy/a" }]);
    await handlersWith(runner, ["Toy:a"]).delete("a", { name: "a", content: "hi" });
    runner.assertDone();
  });

  it("an allowDestroy entry for another kind with the same id allows nothing here", async () => {
    const runner = new FakeRunner([cat("a", "hi")]);
    await expect(handlersWith(runner, ["Other:a"]).delete("a", { name: "a", content: "hi" })).rejects.toThrow("would delete data");
  });
});

describe("phoenix:allowDestroy", () => {
  const kinds = ["ZfsPool", "ZfsDataset", "AdminUser"];
  it.each([
    ['["ZfsDataset:quickOS/old"]', "ZfsDataset", "quickOS/old", true],
    ["ZfsPool:admin, ZfsDataset:a/b:c", "ZfsDataset", "a/b:c", true],
    ["ZfsPool:admin", "AdminUser", "admin", false],
    ["", "ZfsPool", "admin", false],
  ])("%s allows %s %s: %s", (text, kind, id, expected) => {
    expect(parsePolicy(text, kinds).allowsDestroy(kind, id)).toBe(expected);
  });

  it.each([
    ['["quickOS/old"]', '"quickOS/old"'],
    ["admin", '"admin"'],
    ["Zfspool:admin", '"Zfspool:admin"'],
    ["ZfsPool:", '"ZfsPool:"'],
  ])("the old unqualified form %s is refused with an example", (text, named) => {
    expect(() => parsePolicy(text, kinds)).toThrow(`must name the kind, e.g. "ZfsDataset:quickOS/old"`);
    expect(() => parsePolicy(text, kinds)).toThrow(named);
  });
});

describe("the host claim", () => {
  const OWNER = "11111111-2222-4333-8444-555555555555";
  function guarded(runner: Runner, verdict: "ok" | "taken") {
    const seen: (string | undefined)[] = [];
    const h = makeHandlers(toy, {
      runner: () => runner,
      policy: () => parsePolicy("", ["Toy"]),
      report: () => {},
      guard: async (owner) => {
        seen.push(owner);
        if (verdict === "taken" && owner !== undefined) throw new Error("host taken over");
      },
    });
    return { h, seen };
  }

  it("every hook that touches the host checks the claim first, and a lost claim runs nothing", async () => {
    const runner = new FakeRunner([]);
    const { h } = guarded(runner, "taken");
    const olds = { name: "a", content: "hi", owner: OWNER, observed: { content: "x" }, ...PROVIDER };
    await expect(h.create({ name: "a", content: "hi", owner: OWNER })).rejects.toThrow("host taken over");
    await expect(h.update("a", olds, { name: "a", content: "hi", owner: OWNER })).rejects.toThrow("host taken over");
    await expect(h.diff("a", olds, { name: "a", content: "hi", owner: OWNER, ...PROVIDER })).rejects.toThrow("host taken over");
    await expect(h.read("a", olds)).rejects.toThrow("host taken over");
    await expect(h.delete("a", olds)).rejects.toThrow("host taken over");
    await expect(h.check({}, { name: "a", content: "hi", owner: OWNER })).rejects.toThrow("host taken over");
    runner.assertDone();
  });

  it("carries the claim id through outputs, and an unknown claim (being created) is not checked", async () => {
    const { h, seen } = guarded(new FakeRunner([cat("a"), { command: "tee /toy/a" }, cat("a", "hi")]), "ok");
    const { outs } = await h.create({ name: "a", content: "hi", owner: OWNER });
    expect(outs.owner).toBe(OWNER);
    const { h: h2, seen: seen2 } = guarded(new FakeRunner([cat("a")]), "ok");
    await h2.check({}, { name: "a", content: "hi", owner: UNKNOWN });
    expect(seen).toEqual([OWNER]);
    expect(seen2).toEqual([undefined]);
  });
});

describe("unsettled observations (a pending reboot)", () => {
  // The toy's observation is unsettled while the file says "pending": the host will change by itself.
  const pending = { ...toy, unsettled: (o: { content: string } | undefined) => o?.content === "pending", plan: () => planSteps([]) };
  const handlers = (runner: Runner, reports: string[] = []) => makeHandlers(pending, { runner: () => runner, policy: () => parsePolicy("[]", ["Toy"]), report: (m) => reports.push(m) });
  const olds = { name: "a", content: "x", observed: { content: "pending" }, ...PROVIDER };

  it("asks the host instead of trusting state, and records a moved observation as an update", async () => {
    const reports: string[] = [];
    expect(await handlers(new FakeRunner([cat("a", "done")]), reports).diff("a", olds, { name: "a", content: "x", ...PROVIDER })).toEqual({ changes: true });
    expect(reports.join()).toMatch(/the host changed since the last run; the update records what it shows now \(no commands\)/);
  });
  it("reports no change while the host still shows the same", async () => {
    expect(await handlers(new FakeRunner([cat("a", "pending")])).diff("a", olds, { name: "a", content: "x", ...PROVIDER })).toEqual({ changes: false });
  });
  it("trusts a settled observation without a host command", async () => {
    expect(await handlers(new FakeRunner([])).diff("a", { ...olds, observed: { content: "done" } }, { name: "a", content: "x", ...PROVIDER })).toEqual({ changes: false });
  });
});

describe("reports", () => {
  it("says a plan's warning once per process, though check and create both plan", async () => {
    const warns: ResourceDefinition<Toy, { content: string } | undefined> = { ...toy, plan: (d, o, p) => { const plan = toy.plan(d, o, p); return plan.kind === "steps" ? planSteps(plan.steps, ["careful"]) : plan; } };
    const reports: string[] = [];
    const runner = new FakeRunner([cat("a"), cat("a"), { command: "tee /toy/a" }, cat("a", "hi")]);
    const h = makeHandlers(warns, { runner: () => runner, policy: () => parsePolicy("[]", ["Toy"]), report: (m) => reports.push(m) });
    await h.check({}, { name: "a", content: "hi" });
    await h.create({ name: "a", content: "hi" });
    expect(reports.filter((m) => m.startsWith("warning:"))).toEqual(['warning: Toy "a": careful']);
  });

  // A block in a shared file: check sees the file before another resource added its block,
  // create after. The change is the same; only the file's size and checksum differ.
  const block: ResourceDefinition<{ name: string }, { file: string }> = {
    ...(toy as unknown as ResourceDefinition<{ name: string }, { file: string }>),
    parseInputs: (raw) => ({ ok: true, value: { name: (raw as { name: string }).name } }),
    inspect: async (runner) => ({ file: (await runner.run("cat /shared")).stdout }),
    exists: () => true,
    plan: (d, o) => {
      const edit = planFileEdit("/shared", o.file, (c) => (c?.includes(`[${d.name}]`) ? c : `${c ?? ""}[${d.name}]\n`));
      return planSteps(edit ? [fileEditStep(`add ${d.name}`, edit)] : []);
    },
  };
  it("lists a plan once when apply only finds the shared file grown by others", async () => {
    const reports: string[] = [];
    const runner = new FakeRunner([{ command: "cat /shared", stdout: "[a]\n" }, { command: "cat /shared", stdout: "[a]\n[c]\n" }]);
    const h = makeHandlers(block, { runner: () => runner, policy: () => parsePolicy("[]", ["Toy"]), report: (m) => reports.push(m) });
    await h.check({}, { name: "b", ...PROVIDER });
    await h.create({ name: "b", ...PROVIDER }).catch(() => undefined); // the fake host has no editHostFile; only the reports matter
    expect(reports.filter((r) => r.includes(": would run") || r.includes(": running"))).toHaveLength(1);
  });
});
