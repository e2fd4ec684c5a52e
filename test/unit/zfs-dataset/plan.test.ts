import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { observeDataset } from "../../../providers/zfs-dataset/inspect";
import { planDestroyDataset, planZfsDataset, verifyDataset, type ZfsDatasetPlan } from "../../../providers/zfs-dataset/plan";
import { ZfsDatasetInputsSchema, type ObservedProperty, type ZfsDatasetInputs, type ZfsDatasetObserved } from "../../../providers/zfs-dataset/schema";
import type { Plan as ZfsPlan } from "../../../providers/core/plan";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/zfs", name), "utf8");
const DS = "quickOS/vm-disks";
const desired = (properties: Record<string, string>): ZfsDatasetInputs => ZfsDatasetInputsSchema.parse({ fullName: DS, properties });

// quickOS/vm-disks as the fixture shows it: recordsize and quota local, compression inherited,
// sync default, mountpoint and com.sun:auto-snapshot set locally by someone else; no children.
function existing(change: Record<string, ObservedProperty | undefined> = {}, type = "filesystem"): ZfsDatasetObserved {
  const base = observeDataset(fixture("zfs-get-all-vm-disks.txt"), "quickOS/vm-disks\n", DS);
  if (!base.exists) throw new Error("fixture must exist");
  const properties = { ...base.properties, ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete properties[k];
  return { ...base, type, properties: properties as Record<string, ObservedProperty> };
}
const ABSENT: ZfsDatasetObserved = { exists: false };

function outcome(plan: ZfsDatasetPlan | ZfsPlan): unknown {
  return plan.kind === "steps" ? plan.steps.map(renderStep) : plan.reason;
}

describe("planZfsDataset", () => {
  it.each<[string, Record<string, string>, string[], ZfsDatasetObserved, string[]]>([
    ["creates an absent dataset with every property", { recordsize: "128K", compression: "lz4", sync: "standard", quota: "800G" }, [], ABSENT,
      [`zfs create -o compression=lz4 -o quota=800G -o recordsize=128K -o sync=standard ${DS}`]],
    ["is converged when managed values are local and equal (idempotence)", { recordsize: "128K", quota: "800G" }, ["recordsize", "quota"], existing(), []],
    ["compares sizes in bytes, not as text", { recordsize: "131072", quota: "0.78125T" }, ["recordsize", "quota"], existing(), []],
    ["pins equal values that are only inherited or default", { recordsize: "128K", compression: "lz4", sync: "standard", quota: "800G" }, [], existing(),
      [`zfs set compression=lz4 ${DS}`, `zfs set sync=standard ${DS}`]],
    ["sets only the drifted property", { recordsize: "128K", quota: "600G" }, ["recordsize", "quota"], existing(), [`zfs set quota=600G ${DS}`]],
    ["sets an absent user property", { "phoenix:role": "vm" }, [], existing(), [`zfs set phoenix:role=vm ${DS}`]],
    ["reverts properties that are no longer managed with inherit -S", { recordsize: "128K" }, ["recordsize", "quota", "com.sun:auto-snapshot"], existing(),
      [`zfs inherit -S com.sun:auto-snapshot ${DS}`, `zfs inherit -S quota ${DS}`]],
    ["leaves a formerly managed property alone when it is no longer local", { recordsize: "128K" }, ["recordsize", "compression"], existing(), []],
    ["accepts a matching creation-time property whose source is '-'", { casesensitivity: "sensitive", utf8only: "off" }, [], existing(), []],
  ])("%s", (_, properties, previous, observed, commands) => {
    expect(outcome(planZfsDataset(desired(properties), previous, observed))).toEqual(commands);
  });

  it("reports properties someone else set locally, without touching them", () => {
    const plan = planZfsDataset(desired({ recordsize: "128K", quota: "800G" }), ["recordsize", "quota"], existing());
    expect(plan.kind === "steps" && plan.unmanagedLocal).toEqual([
      { property: "com.sun:auto-snapshot", value: "false" },
      { property: "mountpoint", value: "/quickOS/vm-disks" },
    ]);
  });

  it.each([
    [{ compression: "lz4" }, `pin compression=lz4 locally on ${DS} (same value, but inherited from quickOS)`],
    [{ sync: "standard" }, `pin sync=standard locally on ${DS} (same value, but the default)`],
    [{ quota: "600G" }, `set quota=600G on ${DS} (was 858993459200, local)`],
  ])("says why %j is set", (properties, description) => {
    const plan = planZfsDataset(desired(properties), [], existing());
    expect(plan.kind === "steps" && plan.steps.map((s) => s.description)).toEqual([description]);
  });

  it.each<[string, Record<string, string>, ZfsDatasetObserved, string]>([
    ["a creation-time property that differs", { casesensitivity: "insensitive" }, existing(),
      `ZfsDataset "${DS}": casesensitivity is sensitive but the config says insensitive; it can only be chosen when the dataset is created`],
    ["a quota below what is used", { quota: "10G" }, existing(),
      `ZfsDataset "${DS}": quota=10G is below the 50G it already uses; zfs would refuse it. Free space or raise the quota.`],
    ["a volume in place of a filesystem", { quota: "800G" }, existing({}, "volume"), `ZfsDataset "${DS}": exists as a volume, not a filesystem`],
    ["a property this OpenZFS does not know", { prefetch: "metadata" }, existing({ prefetch: undefined }),
      `ZfsDataset "${DS}": the host's OpenZFS does not report property prefetch; it may be too old for it`],
  ])("refuses %s before running anything", (_, properties, observed, reason) => {
    expect(outcome(planZfsDataset(desired(properties), [], observed))).toBe(reason);
  });
});

describe("verifyDataset", () => {
  it("is empty when every configured property is local and equal", () => {
    expect(verifyDataset(desired({ recordsize: "128K", quota: "800G" }), existing())).toEqual([]);
  });

  it("names each property that did not take", () => {
    expect(verifyDataset(desired({ recordsize: "16K", compression: "lz4", quota: "800G", "phoenix:role": "vm" }), existing())).toEqual([
      "property compression is lz4 (inherited from quickOS), expected it set locally",
      "property phoenix:role is not reported, expected vm",
      "property recordsize is 131072, expected 16K",
    ]);
  });

  it("reports a dataset that is missing after apply", () => {
    expect(verifyDataset(desired({}), ABSENT)).toEqual([`ZfsDataset "${DS}": dataset does not exist`]);
  });
});

describe("planDestroyDataset", () => {
  const withTree = (children: string[], snapshots: string[]): ZfsDatasetObserved => {
    const base = existing();
    return base.exists ? { ...base, children, snapshots } : base;
  };

  it("treats an absent dataset as deleted", () => {
    expect(outcome(planDestroyDataset(DS, ABSENT, false))).toEqual([]);
  });

  it("destroys a leaf dataset without -r when allowed", () => {
    const plan = planDestroyDataset(DS, existing(), true);
    expect(outcome(plan)).toEqual([`zfs destroy ${DS}`]);
    expect(plan.kind === "steps" && plan.steps[0].destructive).toBe(true);
  });

  it.each<[string, ZfsDatasetObserved, boolean, string]>([
    ["without allowDestroy", existing(), false, `ZfsDataset "${DS}": destroy refused (it uses 50G): allowDestroy is false.`],
    ["with children and snapshots, naming them", withTree([`${DS}/vm-100-disk-0`], [`${DS}@before-upgrade`]), true,
      `ZfsDataset "${DS}": destroy refused (it uses 50G): it has child datasets ${DS}/vm-100-disk-0; it has snapshots ${DS}@before-upgrade. ` +
      "Children and snapshots are never destroyed implicitly (no -r/-R); remove them first."],
    ["with many snapshots, listing the first five", withTree([], ["a", "b", "c", "d", "e", "f", "g"].map((s) => `${DS}@${s}`)), true,
      `ZfsDataset "${DS}": destroy refused (it uses 50G): it has snapshots ${["a", "b", "c", "d", "e"].map((s) => `${DS}@${s}`).join(", ")} and 2 more. ` +
      "Children and snapshots are never destroyed implicitly (no -r/-R); remove them first."],
  ])("refuses %s", (_, observed, allow, reason) => {
    expect(outcome(planDestroyDataset(DS, observed, allow))).toBe(reason);
  });
});
