import { describe, expect, it } from "vitest";
import { makeHandlers } from "../../../providers/adapter/handlers";
import { parsePolicy } from "../../../providers/adapter/policy";
import { renderPlan } from "../../../providers/core/step";
import { parseMarker } from "../../../providers/phoenix-host/marker";
import { checkOwner } from "../../../providers/phoenix-host/owner";
import { planPhoenixHost, planReleaseHost } from "../../../providers/phoenix-host/plan";
import { phoenixHostDefinition } from "../../../providers/phoenix-host/provider";
import type { ChosenClaim, HostMarker } from "../../../providers/phoenix-host/schema";
import { FakeRunner } from "../../helpers/fake-runner";
import type { Runner } from "../../../providers/core/runner";
import { answerHostFile, type HostFiles } from "../ssh/fake-host-files";

const OURS = "11111111-2222-4333-8444-555555555555";
const THEIRS = "99999999-8888-4777-8666-555555555555";
const NOW = "2026-12-02T00:00:00Z";
const desired: ChosenClaim = { stack: "organization/phoenix/pve1", where: "ws:/home/me/phoenix", claimId: OURS };
const theirs: HostMarker = { claimId: THEIRS, stack: "organization/phoenix/dev", where: "laptop:/src/phoenix", claimedAt: "2026-11-30T10:00:00Z" };
const READ = `sh -c 'if [ -e "$1" ]; then cat -- "$1"; fi' sh /etc/phoenix/owner.json`;

describe("planPhoenixHost", () => {
  it("claims an unclaimed host through the one host file edit", () => {
    const plan = planPhoenixHost(desired, null, NOW);
    expect(plan.kind === "steps" && renderPlan(plan.steps)).toMatch(/^ {2}1\. write \/etc\/phoenix\/owner\.json \(6 lines, sha256 [0-9a-f]{12}\) {4}# claim the host for stack organization\/phoenix\/pve1$/);
    expect(plan.kind === "steps" && JSON.parse(plan.steps[0]!.fileEdit!.after!)).toEqual({ ...desired, claimedAt: NOW });
  });

  it("refuses at apply time when another stack claimed the host after the plan was made", () => {
    const plan = planPhoenixHost(desired, null, NOW);
    const change = plan.kind === "steps" ? plan.steps[0]!.fileEdit!.change : () => null;
    expect(() => change(JSON.stringify(theirs))).toThrow("the host was claimed by stack organization/phoenix/dev");
    expect(change(null)).toContain(OURS);
  });

  it("keeps its own claim without a command", () => {
    expect(planPhoenixHost(desired, { ...desired, claimedAt: NOW }, NOW)).toEqual({ kind: "steps", steps: [], warnings: [] });
  });

  it("a stack whose claim was taken over stops, naming the new owner", () => {
    expect(planPhoenixHost(desired, theirs, NOW)).toMatchObject({
      kind: "refuse",
      reason: expect.stringContaining(`the host is now managed by stack organization/phoenix/dev at laptop:/src/phoenix (claim ${THEIRS}, since 2026-11-30T10:00:00Z): this stack's claim ${OURS} was taken over`),
    });
  });

  it("refuses another stack's host, naming the owner and the take-over setting", () => {
    const { claimId: _none, ...unclaimed } = desired;
    expect(planPhoenixHost(unclaimed, theirs, NOW)).toEqual({
      kind: "refuse",
      reason:
        "the host is managed by stack organization/phoenix/dev at laptop:/src/phoenix (claim 99999999-8888-4777-8666-555555555555, since 2026-11-30T10:00:00Z); " +
        "two stacks would fight over it. To move the host to this stack, set phoenix:takeOverHost to 99999999-8888-4777-8666-555555555555 (README: \"Moving a host to another stack\").",
    });
  });

  it("takes the host over only from the claim the config names", () => {
    const plan = planPhoenixHost({ ...desired, takeOver: THEIRS }, theirs, NOW);
    expect(plan.kind).toBe("steps");
    expect(plan.kind === "steps" && plan.steps[0]!.description).toContain("take the host over from stack organization/phoenix/dev");
    expect(planPhoenixHost({ ...desired, takeOver: OURS }, theirs, NOW).kind).toBe("refuse");
  });

  it("releases only its own claim", () => {
    expect(planReleaseHost(desired, { ...desired, claimedAt: NOW })).toMatchObject({ steps: [{ argv: ["rm", "-f", "--", "/etc/phoenix/owner.json"] }] });
    expect(planReleaseHost(desired, theirs)).toMatchObject({ steps: [] });
  });
});

describe("parseMarker", () => {
  it("reads a marker, and an empty read as no marker", () => {
    expect(parseMarker(JSON.stringify(theirs), "h")).toEqual(theirs);
    expect(parseMarker("", "h")).toBeNull();
  });

  it.each(["garbage", "{}", '{"claimId": 1}'])("refuses %s instead of guessing the host is free", (text) => {
    expect(() => parseMarker(text, "h")).toThrow("is not a Phoenix owner marker");
  });
});

describe("the claim id", () => {
  /** A host whose only file is the marker, answering the read and editHostFile's commands. */
  function host(files: HostFiles = {}): Runner {
    return {
      host: "fake-host",
      async run(command, options) {
        const file = answerHostFile(command.replace(/\/etc\/phoenix\/owner\.json/g, "marker"), options?.stdin, files);
        if (file) return file.result;
        if (command === READ) return { code: 0, stdout: files.marker ?? "", stderr: "" };
        throw new Error(`unexpected command: ${command}`);
      },
    };
  }
  const h = (runner: Runner, reports: string[] = []) =>
    makeHandlers(phoenixHostDefinition, { runner: () => runner, policy: () => parsePolicy("", ["PhoenixHost"]), report: (m) => reports.push(m) });
  const news = { stack: desired.stack, where: desired.where };

  it("stays unknown through check (dependents see it only after create), and the preview shows the claim", async () => {
    const reports: string[] = [];
    const checked = (await h(host(), reports).check({}, news)) as { inputs: Record<string, unknown> };
    expect(checked.inputs.claimId).toBeUndefined();
    expect(reports[0]).toContain("claim the host for stack organization/phoenix/pve1");
  });

  it("is chosen at create, written to the marker, and kept from the outputs after", async () => {
    const files: HostFiles = {};
    const created = await h(host(files)).create(news);
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.outs.claimId).toBe(created.id);
    expect(JSON.parse(files.marker!).claimId).toBe(created.id);
    expect(await h(host(files)).diff(created.id, { ...created.outs, __provider: "p" }, { ...news, __provider: "p" })).toEqual({ changes: false });
  });
});

describe("checkOwner (every resource, before touching the host)", () => {
  it("passes when the marker names our claim", async () => {
    await checkOwner(new FakeRunner([{ command: READ, stdout: JSON.stringify({ ...desired, claimedAt: NOW }) }]), OURS);
  });

  it("stops naming the stack that took the host over", async () => {
    await expect(checkOwner(new FakeRunner([{ command: READ, stdout: JSON.stringify(theirs) }]), OURS)).rejects.toThrow(
      "fake-host is now managed by stack organization/phoenix/dev at laptop:/src/phoenix",
    );
  });

  it("stops when the marker is gone", async () => {
    await expect(checkOwner(new FakeRunner([{ command: READ }]), OURS)).rejects.toThrow("has no Phoenix owner marker");
  });
});
