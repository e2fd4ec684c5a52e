import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { isMissingContainer, parseSnapshotTree } from "../../../providers/lxc-snapshot/inspect";
import { planDeleteLxcSnapshot, planLxcSnapshot } from "../../../providers/lxc-snapshot/plan";
import { LxcSnapshotInputsSchema, snapshotNameProblem, type LxcSnapshotObserved } from "../../../providers/lxc-snapshot/schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/lxc", name), "utf8");
const SNAP = { ctid: "900", name: "pre-configured", basis: "0123456789abcdef" };
const TAKE = "pct snapshot 900 pre-configured --description 'phoenix template snapshot, basis 0123456789abcdef'";

describe("parseSnapshotTree", () => {
  it("reads names and first description lines at every depth, without the current pseudo-entry", () => {
    expect([...parseSnapshotTree(fixture("pct-listsnapshot.txt"))]).toEqual([
      ["pre-configured", "phoenix template snapshot, basis 0123456789abcdef"],
      ["before-upgrade", ""],
    ]);
  });

  it("reads a container without snapshots as none", () => {
    expect(parseSnapshotTree(fixture("pct-listsnapshot-none.txt")).size).toBe(0);
  });

  it("knows PVE's answer for a missing container", () => {
    expect(isMissingContainer({ code: 255, stdout: "", stderr: "Configuration file 'nodes/pve/lxc/900.conf' does not exist\n" })).toBe(true);
    expect(isMissingContainer({ code: 255, stdout: "", stderr: "CT is locked (snapshot)\n" })).toBe(false);
  });
});

describe("planLxcSnapshot", () => {
  const taken: LxcSnapshotObserved = { containerExists: true, present: true, description: "phoenix template snapshot, basis 0123456789abcdef" };
  it.each<[string, LxcSnapshotObserved, string[]]>([
    ["takes a missing snapshot", { containerExists: true, present: false }, [TAKE]],
    ["takes it on a container the same run creates", { containerExists: false, present: false }, [TAKE]],
    ["is converged when taken from the same basis", taken, []],
    ["re-takes a snapshot taken from another basis", { ...taken, description: "phoenix template snapshot, basis ffffffffffffffff" }, ["pct delsnapshot 900 pre-configured", TAKE]],
    ["re-takes a snapshot someone else took with that name", { containerExists: true, present: true, description: "" }, ["pct delsnapshot 900 pre-configured", TAKE]],
  ])("%s", (_, observed, commands) => {
    const plan = planLxcSnapshot(SNAP, observed);
    expect(plan.kind === "steps" && plan.steps.map(renderStep)).toEqual(commands);
  });

  it("deletes only what is there", () => {
    const del = (o: LxcSnapshotObserved) => {
      const plan = planDeleteLxcSnapshot(SNAP, o);
      return plan.kind === "steps" && plan.steps.map(renderStep);
    };
    expect(del({ containerExists: true, present: true })).toEqual(["pct delsnapshot 900 pre-configured"]);
    expect(del({ containerExists: true, present: false })).toEqual([]);
    expect(del({ containerExists: false, present: false })).toEqual([]);
  });

  it.each(["current", "vzdump", "a", "1abc", "x".repeat(41), "snap shot", "snap;rm"])("refuses the name %j", (name) => {
    expect(snapshotNameProblem(name)).toBeDefined();
  });

  it.each(["99", "1000000000", "9a", "0100"])("refuses the container id %j", (ctid) => {
    expect(LxcSnapshotInputsSchema.safeParse({ ...SNAP, ctid }).success).toBe(false);
  });
});
