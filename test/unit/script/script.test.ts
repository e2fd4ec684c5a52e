import { describe, expect, it, vi } from "vitest";
import { makeHandlers } from "../../../providers/adapter/handlers";
import { parsePolicy } from "../../../providers/adapter/policy";
import { lineSplitter, tailLines, throttledLines } from "../../../providers/core/apply";
import { renderStep } from "../../../providers/core/step";
import { parseRecord, readRecordCommand, RUNNER } from "../../../providers/script/inspect";
import { hasRun, planDeleteScript, planScript, runDigest } from "../../../providers/script/plan";
import { containerScriptDefinition, hostScriptDefinition } from "../../../providers/script/provider";
import { ContainerScriptInputsSchema, HostScriptInputsSchema, type ScriptObserved } from "../../../providers/script/schema";
import { argvToShell } from "../../../providers/ssh/quote";
import { FakeRunner } from "../../helpers/fake-runner";

const host = (raw: Record<string, unknown>) => HostScriptInputsSchema.parse({ name: "greet", create: "echo hi\n", instance: "0123456789abcdef", ...raw });
const ct = (raw: Record<string, unknown>) => ContainerScriptInputsSchema.parse({ ctid: "101", name: "base_setup", create: "echo hi\n", instance: "0123456789abcdef", ...raw });
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("parseRecord", () => {
  it("reads a missing record, and the container's presence when asked", () => {
    expect(parseRecord({ code: 0, stdout: "absent\n", stderr: "" })).toEqual({ present: false });
    expect(parseRecord({ code: 0, stdout: "ct=no\nabsent\n", stderr: "" })).toEqual({ present: false, containerExists: false });
  });

  it("reads digest, exit code, the created mark and the tails", () => {
    const stdout = `ct=yes\nstatus=abc123 3 update\ncreated=yes\nstdout=${b64("one\ntwo")}\nstderr=${b64("oops")}\n`;
    expect(parseRecord({ code: 0, stdout, stderr: "" })).toEqual({ present: true, digest: "abc123", exitCode: 3, created: true, stdout: "one\ntwo", stderr: "oops", containerExists: true });
  });

  it("refuses a record it cannot read rather than guessing", () => {
    expect(() => parseRecord({ code: 0, stdout: "status=\n", stderr: "" })).toThrow(/unexpected script record/);
    expect(() => parseRecord({ code: 1, stdout: "", stderr: "Permission denied" })).toThrow(/Permission denied/);
  });

  it("asks for the container's config only for a container script", () => {
    expect(readRecordCommand("/var/lib/phoenix/scripts/host/x").at(-1)).toBe("-");
    expect(readRecordCommand("/var/lib/phoenix/scripts/ct-101/x", "101").at(-1)).toBe("/etc/pve/lxc/101.conf");
  });
});

describe("planScript", () => {
  const d = host({ update: "echo update\n" });
  const done = (inputs = d, extra: Partial<ScriptObserved> = {}): ScriptObserved => ({ present: true, digest: runDigest(inputs), exitCode: 0, created: true, stdout: "", stderr: "", ...extra });
  const modeOf = (observed: ScriptObserved, desired = d) => {
    const plan = planScript(desired, observed);
    if (plan.kind !== "steps") throw new Error("refused");
    return plan.steps.map((s) => s.argv[3]);
  };
  it.each<[string, ScriptObserved, ReturnType<typeof host>, string[]]>([
    ["runs create when nothing ran", { present: false }, d, ["create"]],
    ["runs nothing when these inputs completed", done(), d, []],
    ["runs update when a completed create's inputs changed", done(host({ update: "echo update\n", environment: { A: "1" } })), d, ["update"]],
    ["runs create again on a change when there is no update script", done(host({ create: "echo old\n" })), host({}), ["create"]],
    ["retries a failed create", done(d, { exitCode: 3, created: false }), d, ["create"]],
    ["retries a failed update as an update", done(d, { exitCode: 1 }), d, ["update"]],
    ["runs a new resource (another instance) even where an older one completed", done(host({ update: "echo update\n", instance: "ffffffffffffffff" })), d, ["update"]],
    ["does not run for a timeout change alone", done(d), host({ update: "echo update\n", timeoutSeconds: 60 }), []],
  ])("%s", (_, observed, desired, modes) => {
    expect(modeOf(observed, desired)).toEqual(modes);
  });

  it("a changed input of a container script: script, file, environment, stdin, args, container, triggers", () => {
    const base = ct({});
    for (const change of [{ create: "echo 2\n" }, { files: { "lib/common.sh": "x" } }, { environment: { A: "b" } }, { stdin: "x" }, { args: ["x"] }, { container: "other" }, { triggers: [1] }, { on: "host" }]) {
      expect(hasRun(ct(change), { present: true, digest: runDigest(base), exitCode: 0 }), JSON.stringify(change)).toBe(false);
    }
    expect(hasRun(ct({}), { present: true, digest: runDigest(base), exitCode: 0 })).toBe(true);
  });

  it("a changed secret changes the digest, which holds no secret", () => {
    const a = runDigest(host({ secretEnvironment: JSON.stringify({ T: "tok-A" }) }));
    expect(a).not.toBe(runDigest(host({ secretEnvironment: JSON.stringify({ T: "tok-B" }) })));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });

  it("renders a short argv; script, values and secrets travel on stdin", () => {
    const plan = planScript(ct({ on: "host", environment: { NAME: "it's" }, secretEnvironment: JSON.stringify({ TOKEN: "sekret" }), args: ["--x"] }), { present: false });
    if (plan.kind !== "steps") throw new Error("refused");
    const [s] = plan.steps;
    expect(renderStep(s!)).toBe("bash -s -- create /var/lib/phoenix/scripts/ct-101/base_setup 3600 101 host");
    expect(s!.description).toBe("run the create script on the host for CT 101");
    expect(s!.stdin!.startsWith(RUNNER)).toBe(true);
    const bundle = new Map(s!.stdin!.slice(RUNNER.length).trim().split("\n").map((l) => l.split(" ") as [string, string]));
    const text = (k: string) => Buffer.from(bundle.get(k) ?? "", "base64").toString();
    expect(text(".env")).toBe(`export NAME=${argvToShell(["it's"])}\nexport TOKEN=sekret\n`);
    expect(text(".args")).toBe("101\0--x\0");
    expect(text(".redact")).toBe("sekret\0");
    expect(text("script")).toBe("echo hi\n");
    expect(s!.script).toEqual({ label: 'ContainerScript "101/base_setup"', channelLimitMs: 3_720_000 });
  });
});

describe("planDeleteScript", () => {
  const steps = (p: ReturnType<typeof planDeleteScript>) => (p.kind === "steps" ? p.steps.map(renderStep) : [p.reason]);
  it("runs the delete script, which forgets the record when it succeeds", () => {
    expect(steps(planDeleteScript(host({ delete: "undo\n" }), { present: true }))).toEqual(["bash -s -- delete /var/lib/phoenix/scripts/host/greet 3600 - host"]);
  });
  it("without a delete script only forgets the record, if any", () => {
    expect(steps(planDeleteScript(host({}), { present: true }))).toEqual(["rm -rf -- /var/lib/phoenix/scripts/host/greet"]);
    expect(steps(planDeleteScript(host({}), { present: false }))).toEqual([]);
  });
  it("skips a container's delete script when the container is gone, and says so", () => {
    const plan = planDeleteScript(ct({ delete: "undo\n" }), { present: true, containerExists: false });
    expect(steps(plan)).toEqual(["rm -rf -- /var/lib/phoenix/scripts/ct-101/base_setup"]);
    expect(plan.kind === "steps" && plan.warnings[0]).toMatch(/CT 101 is gone; its delete script is not run/);
  });
});

describe("schema", () => {
  it.each([
    [{ name: "../x", create: "x" }, /invalid script name/],
    [{ name: "x", create: "x", files: { "../etc/passwd": "" } }, /^files/],
    [{ name: "x", create: "x", environment: { "A-B": "1" } }, /^environment/],
    [{ name: "x", create: "x", secretEnvironment: "[1]" }, /secretEnvironment must be a JSON object/],
    [{ name: "x", create: "" }, /^create: /],
  ])("refuses %j", (raw, message) => {
    const r = hostScriptDefinition.parseInputs(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.failures.map((f) => `${f.property}: ${f.reason}`).join(" ")).toMatch(message);
  });
});

describe("output helpers", () => {
  it("splits chunks into whole lines per stream", () => {
    const seen: string[] = [];
    const split = lineSplitter((l) => seen.push(l));
    split.push("a\nb", "stdout");
    split.push("x\n", "stderr");
    split.push("c\n\n", "stdout");
    split.push("tail", "stdout");
    split.end();
    expect(seen).toEqual(["a", "x", "bc", "tail"]);
  });
  it("keeps the last lines of a failure", () => {
    expect(tailLines("1\n2\n\n3\n4\n", 2)).toEqual(["3", "4"]);
  });
  it("shows a running script's first line at once, then the latest line per interval, and its last line at the end", () => {
    vi.useFakeTimers();
    try {
      const seen: string[] = [];
      const shown = throttledLines((l) => seen.push(l), 1000);
      shown.line("Reading package lists...");
      shown.line("Unpacking a");
      shown.line("Unpacking b");
      expect(seen).toEqual(["Reading package lists..."]);
      vi.advanceTimersByTime(1000);
      expect(seen).toEqual(["Reading package lists...", "Unpacking b"]);
      // Nothing held: the interval passes quietly, and the next line is shown at once.
      vi.advanceTimersByTime(5000);
      shown.line("Setting up c");
      shown.line("done");
      expect(seen).toEqual(["Reading package lists...", "Unpacking b", "Setting up c"]);
      shown.end();
      expect(seen).toEqual(["Reading package lists...", "Unpacking b", "Setting up c", "done"]);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

it("a container script exists only while its record and its container do (refresh drops it with the container)", () => {
  expect(containerScriptDefinition.exists({ present: true, containerExists: true })).toBe(true);
  expect(containerScriptDefinition.exists({ present: true, containerExists: false })).toBe(false);
  expect(containerScriptDefinition.exists({ present: false, containerExists: true })).toBe(false);
  expect(hostScriptDefinition.exists({ present: true })).toBe(true);
});

describe("handlers (transcripts)", () => {
  const dir = "/var/lib/phoenix/scripts/ct-101/base_setup";
  const read = (stdout: string) => ({ command: argvToShell(readRecordCommand(dir, "101")), stdout });
  const run = "bash -s -- create /var/lib/phoenix/scripts/ct-101/base_setup 3600 101 container";
  const handlers = (runner: FakeRunner, reports: string[] = []) =>
    makeHandlers(containerScriptDefinition, { runner: () => runner, policy: () => parsePolicy("", ["ContainerScript"]), report: (m) => reports.push(m) });
  const recorded = (digest: string, code: number, out: string) => `ct=yes\nstatus=${digest} ${code} create\ncreated=${code === 0 ? "yes" : "no"}\nstdout=${b64(out)}\nstderr=\n`;

  it("create: reads the record, runs, reads it again; a second diff needs no host command", async () => {
    const reports: string[] = [];
    const first = new FakeRunner([read("ct=yes\nabsent\n")]);
    // The instance is chosen at create, so the digest is known only once the run is planned.
    let digest = "";
    const runner = {
      host: "fake-host",
      run: async (command: string, options?: { stdin?: string; onOutput?: (chunk: string, stream: "stdout" | "stderr") => void }) => {
        if (command === run) {
          digest = Buffer.from(/^\.digest (\S+)$/m.exec(options!.stdin!)![1]!, "base64").toString();
          options?.onOutput?.("hi\n", "stdout");
          return { code: 0, stdout: "hi\n", stderr: "" };
        }
        return first.run(command).catch(() => ({ code: 0, stdout: recorded(digest, 0, "hi"), stderr: "" }));
      },
    };
    const ephemeral: string[] = [];
    const h = makeHandlers(containerScriptDefinition, { runner: () => runner, policy: () => parsePolicy("", ["ContainerScript"]), report: (m, o) => (o?.ephemeral ? ephemeral : reports).push(m) });
    const { id, outs } = await h.create({ ctid: "101", name: "base_setup", create: "echo hi\n" });
    // The script's output streams as ephemeral reports (not repeated in Pulumi's summary); the plan is not.
    expect(ephemeral).toEqual(['ContainerScript "101/base_setup": hi']);
    expect(id).toBe("101/base_setup");
    expect(outs.observed).toMatchObject({ present: true, exitCode: 0, stdout: "hi" });
    expect(outs.instance).toMatch(/^[0-9a-f]{16}$/);
    expect(reports.join("\n")).toContain(`${run}    # run the create script in CT 101`);
    // No command at all: the FakeRunner below has an empty transcript.
    const diff = await handlers(new FakeRunner([])).diff("101/base_setup", { ...outs, __provider: "p" }, { ctid: "101", name: "base_setup", create: "echo hi\n", __provider: "p" });
    expect(diff.changes).toBe(false);
  });

  it("a failed run fails with the tail of its output and records the host's failed run", async () => {
    const inputs = ct({});
    const digest = runDigest(inputs);
    const runner = new FakeRunner([read("ct=yes\nabsent\n"), { command: run, code: 2, stdout: "step 1\nstep 2\n", stderr: "E: no network\n" }, read(recorded(digest, 2, "step 1\nstep 2"))]);
    const err = (await handlers(runner).update("101/base_setup", { ...inputs, observed: { present: false }, __provider: "p" }, { ...inputs, __provider: "p" }).catch((e) => e)) as Error & { id: string; properties: Record<string, unknown> };
    expect(err.message).toBe('ContainerScript "101/base_setup": run the create script in CT 101: failed with exit code 2; last lines of its output:\n  step 1\n  step 2\n  E: no network');
    expect(err.id).toBe("101/base_setup");
    expect(err.properties.observed).toMatchObject({ present: true, exitCode: 2 });
    // The next diff plans from that record: the script runs again.
    const again = await handlers(new FakeRunner([read(recorded(digest, 2, ""))])).diff("101/base_setup", { ...err.properties, __provider: "p" }, { ...inputs, __provider: "p" });
    expect(again.changes).toBe(true);
    runner.assertDone();
  });

  it("a triggers change is a replace: delete script, then create", async () => {
    const inputs = ct({ triggers: ["a"] });
    const diff = await handlers(new FakeRunner([read(recorded(runDigest(inputs), 0, ""))])).diff("101/base_setup", { ...inputs, observed: { present: true, digest: runDigest(inputs), exitCode: 0 }, __provider: "p" }, { ...inputs, triggers: ["b"], __provider: "p" });
    expect(diff).toMatchObject({ changes: true, replaces: ["triggers"], deleteBeforeReplace: true });
  });
});
