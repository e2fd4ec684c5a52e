import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { observePresentPool, parseZpoolImport } from "../../../providers/zfs-pool/inspect";
import { planDestroyPool, planZfsPool, type ZfsPoolPlan } from "../../../providers/zfs-pool/plan";
import { ZfsPoolInputsSchema, type AbsentPool, type DiskProbe, type PresentPool, type ZfsPoolInputs } from "../../../providers/zfs-pool/schema";
import { ATA, fixture, N1, N2, N4 } from "./fixtures";

const pool = (extra: Partial<ZfsPoolInputs> & Pick<ZfsPoolInputs, "name" | "raidLevel" | "disks">): ZfsPoolInputs =>
  ZfsPoolInputsSchema.parse(extra);
const quickOS = (extra: Partial<ZfsPoolInputs> = {}) => pool({ name: "quickOS", raidLevel: "mirror", disks: [N1, N2], ...extra });

function present(status: string, overrides: Partial<PresentPool> = {}): PresentPool {
  const observed = observePresentPool({
    list: fixture("zpool-list-quickos.txt"),
    status: fixture(status),
    autotrim: fixture("zpool-get-autotrim.txt"),
    contents: fixture("zfs-list-tree-quickos.txt"),
  });
  return { ...observed, ...overrides };
}
const blank = (disk: string): DiskProbe => ({ disk, exists: true, signature: null, label: null, inUse: [] });
const absent = (disks: DiskProbe[], importable = parseZpoolImport("")): AbsentPool => ({ state: "absent", importable, disks });

// Commands as the host would receive them, or the refusal/replace object itself.
function outcome(plan: ZfsPoolPlan): unknown {
  return plan.kind === "steps" ? plan.steps.map(renderStep) : plan;
}

describe("planZfsPool on an imported pool", () => {
  it.each<[string, ZfsPoolInputs, PresentPool, string[]]>([
    ["converges autotrim only", quickOS(), present("zpool-status-mirror.txt"), ["zpool set autotrim=on quickOS"]],
    ["is converged when autotrim matches (idempotence)", quickOS(), present("zpool-status-mirror.txt", { autotrim: "on" }), []],
    ["turns autotrim off when asked", quickOS({ autotrim: false }), present("zpool-status-mirror.txt", { autotrim: "on" }), ["zpool set autotrim=off quickOS"]],
    ["accepts disks listed in another order", quickOS({ disks: [N2, N1] }), present("zpool-status-mirror.txt", { autotrim: "on" }), []],
  ])("%s", (_, desired, observed, commands) => {
    expect(outcome(planZfsPool(desired, observed))).toEqual(commands);
  });

  it("does not recreate a degraded mirror, and warns about it", () => {
    const plan = planZfsPool(quickOS(), present("zpool-status-degraded-mirror.txt", { health: "DEGRADED", autotrim: "on" }));
    expect(plan).toEqual({ kind: "steps", steps: [], warnings: [`ZfsPool "quickOS": pool is DEGRADED: ${N2}-part1 UNAVAIL`] });
  });

  it("reports log, cache and spare vdevs without touching them", () => {
    const desired = pool({ name: "tank", raidLevel: "mirror", disks: [ATA[0], ATA[1]] });
    const plan = planZfsPool(desired, present("zpool-status-logs-cache.txt", { autotrim: "on" }));
    expect(plan).toEqual({
      kind: "steps",
      steps: [],
      warnings: [
        'ZfsPool "tank": has 1 log vdev(s), which ZfsPool reports but does not manage',
        'ZfsPool "tank": has 1 cache vdev(s), which ZfsPool reports but does not manage',
        'ZfsPool "tank": has 1 spare vdev(s), which ZfsPool reports but does not manage',
      ],
    });
  });

  it("refuses a layout change and says what a replace would lose", () => {
    expect(planZfsPool(quickOS({ raidLevel: "stripe" }), present("zpool-status-mirror.txt"))).toEqual({
      kind: "refuse",
      reason:
        `ZfsPool "quickOS": vdev layout cannot change in place (host has mirror of ${N2}, ${N1}; config wants stripe of 2 disks (${N1}, ${N2})). ` +
        "Replacing it would destroy pool quickOS with 3 datasets, 2 snapshots and 384G allocated. Set allowDestroy: true to replace the pool, or restore the config.",
    });
  });

  it("asks for a replace when the layout changes and allowDestroy is set", () => {
    const plan = planZfsPool(quickOS({ disks: [N1, N4], allowDestroy: true }), present("zpool-status-mirror.txt"));
    expect(plan.kind).toBe("replace");
    expect(plan.kind === "replace" && plan.change).toEqual({ from: `mirror of ${N2}-part1, ${N1}`, to: `mirror of ${N1}, ${N4}`, added: [N4], removed: [`${N2}-part1`] });
  });

  it("never replaces an unhealthy pool, even with allowDestroy", () => {
    const plan = planZfsPool(quickOS({ raidLevel: "stripe", allowDestroy: true }), present("zpool-status-degraded-mirror.txt", { health: "DEGRADED" }));
    expect(plan.kind === "refuse" && plan.reason).toMatch(/and the pool is DEGRADED; repair it/);
  });
});

describe("planZfsPool on an absent pool", () => {
  it.each<[string, ZfsPoolInputs, string[]]>([
    ["creates a mirror", quickOS(), [`zpool create -o autotrim=on -O compression=lz4 -O atime=off quickOS mirror ${N1} ${N2}`]],
    ["creates a single-disk pool without a vdev keyword", pool({ name: "fastData", raidLevel: "single", disks: [N4] }), [`zpool create -o autotrim=on -O compression=lz4 -O atime=off fastData ${N4}`]],
    ["creates raidz2 with its keyword (not a stripe, original bug C.7)", pool({ name: "tank", raidLevel: "raidz2", disks: ATA.slice(0, 3) }), [`zpool create -o autotrim=on -O compression=lz4 -O atime=off tank raidz2 ${ATA.slice(0, 3).join(" ")}`]],
    ["creates a stripe", pool({ name: "scratch", raidLevel: "stripe", disks: [N1, N2], autotrim: false }), [`zpool create -o autotrim=off -O compression=lz4 -O atime=off scratch ${N1} ${N2}`]],
  ])("%s on blank disks, never with -f", (_, desired, commands) => {
    expect(outcome(planZfsPool(desired, absent(desired.disks.map(blank))))).toEqual(commands);
  });

  const signed: DiskProbe = { disk: N2, exists: true, signature: "zfs_member", label: "oldtank", inUse: [] };

  it("refuses to touch a disk with a signature unless allowWipe", () => {
    expect(planZfsPool(quickOS(), absent([blank(N1), signed]))).toEqual({
      kind: "refuse",
      reason:
        `ZfsPool "quickOS": refusing to create because ${N2} carries signature zfs_member (pool "oldtank"). Nothing was changed. ` +
        "If these disks hold nothing you need, set allowWipe: true to run wipefs -a on them and zpool create -f.",
    });
  });

  it("wipes only the signed disks, then forces the create, when allowWipe", () => {
    const plan = planZfsPool(quickOS({ allowWipe: true }), absent([blank(N1), signed]));
    expect(outcome(plan)).toEqual([`wipefs -a ${N2}`, `zpool create -f -o autotrim=on -O compression=lz4 -O atime=off quickOS mirror ${N1} ${N2}`]);
    expect(plan.kind === "steps" && plan.steps.map((s) => s.destructive === true)).toEqual([true, true]);
  });

  it("does not force a create on blank disks even when allowWipe", () => {
    expect(outcome(planZfsPool(quickOS({ allowWipe: true }), absent([blank(N1), blank(N2)])))).toEqual([
      `zpool create -o autotrim=on -O compression=lz4 -O atime=off quickOS mirror ${N1} ${N2}`,
    ]);
  });

  it.each<[string, DiskProbe[], RegExp]>([
    ["a disk that does not exist", [blank(N1), { disk: N2, exists: false, signature: null, label: null, inUse: [] }], /cannot create: disk .*S7U6NJ0Y310536X does not exist/],
    ["a disk that was not probed", [blank(N1)], /no probe for .*S7U6NJ0Y310536X/],
  ])("refuses %s", (_, probes, reason) => {
    const plan = planZfsPool(quickOS({ allowWipe: true }), absent(probes));
    expect(plan.kind === "refuse" && plan.reason).toMatch(reason);
  });

  it.each<[string, DiskProbe, string]>([
    ["a member of another imported pool", { ...signed, signature: "gpt partition table", label: null, inUse: ['member of imported pool "rpool" (as /dev/sda3)'] },
      `${N2} is member of imported pool "rpool" (as /dev/sda3)`],
    ["a mounted disk", { ...blank(N2), inUse: ["mounted at /boot/efi (/dev/sdb2)"] }, `${N2} is mounted at /boot/efi (/dev/sdb2)`],
    ["a disk with swap and LVM on it", { ...blank(N2), inUse: ["an LVM physical volume (/dev/sdb3)", "active swap (/dev/mapper/pve-swap)"] },
      `${N2} is an LVM physical volume (/dev/sdb3) and active swap (/dev/mapper/pve-swap)`],
  ])("refuses %s even with allowWipe, naming the disk and its user", (_, probe, named) => {
    expect(planZfsPool(quickOS({ allowWipe: true }), absent([blank(N1), probe]))).toEqual({
      kind: "refuse",
      reason: `ZfsPool "quickOS": refusing to create: ${named}. Nothing was changed. No setting, allowWipe included, wipes a disk that is in use: free it or fix the disk list.`,
    });
  });
});

describe("planZfsPool on an exported pool", () => {
  const listing = parseZpoolImport(fixture("zpool-import-list.txt"));
  const fastData = pool({ name: "fastData", raidLevel: "single", disks: [N4] });

  it("imports it instead of creating a new pool", () => {
    expect(outcome(planZfsPool(fastData, absent([blank(N4)], listing)))).toEqual([
      "zpool import -d /dev/disk/by-id fastData",
      "zpool set autotrim=on fastData",
    ]);
  });

  it.each<[string, ZfsPoolInputs, AbsentPool, RegExp]>([
    ["one last used by another host", pool({ name: "oldtank", raidLevel: "mirror", disks: [ATA[2], ATA[3]] }), absent([], listing), /last accessed by another system; import it by hand with `zpool import -f`/],
    ["one that cannot be imported", pool({ name: "backup", raidLevel: "mirror", disks: [ATA[0], ATA[1]] }), absent([], parseZpoolImport(fixture("zpool-import-unavail.txt"))), /\(id 3318054921877264120\) is UNAVAIL and cannot be imported/],
    ["one with another layout", pool({ name: "fastData", raidLevel: "mirror", disks: [N4, N1] }), absent([], listing), /exported pool \(id 15378242418226358251\) has single disk .*4TB_S7U8NJ0Y402334Y, but the config wants mirror/],
    ["two with the same name", fastData, absent([], [...listing, { ...listing[0], id: "42" }]), /2 exported pools with this name are visible \(ids 15378242418226358251, 42\)/],
  ])("refuses to import %s", (_, desired, observed, reason) => {
    const plan = planZfsPool(desired, observed);
    expect(plan.kind === "refuse" && plan.reason).toMatch(reason);
  });

  it("ignores exported pools with other names", () => {
    expect(outcome(planZfsPool(quickOS(), absent([blank(N1), blank(N2)], listing)))).toEqual([
      `zpool create -o autotrim=on -O compression=lz4 -O atime=off quickOS mirror ${N1} ${N2}`,
    ]);
  });
});

describe("planDestroyPool", () => {
  it("treats an absent pool as deleted", () => {
    expect(planDestroyPool("quickOS", absent([]), true)).toEqual({ kind: "steps", steps: [], warnings: [] });
  });

  it("leaves an exported pool of that name alone and says so", () => {
    const plan = planDestroyPool("fastData", absent([], parseZpoolImport(fixture("zpool-import-list.txt"))), true);
    expect(plan).toEqual({
      kind: "steps",
      steps: [],
      warnings: ['ZfsPool "fastData": an exported pool with this name (id 15378242418226358251) remains on its disks; left untouched'],
    });
  });

  it("refuses without allowDestroy, naming what would be lost", () => {
    expect(planDestroyPool("quickOS", present("zpool-status-mirror.txt"), false)).toEqual({
      kind: "refuse",
      reason:
        'ZfsPool "quickOS": destroy refused because allowDestroy is false; it would lose pool quickOS with 3 datasets, 2 snapshots and 384G allocated. ' +
        "Set allowDestroy: true to destroy it, or drop it from the stack with `pulumi state delete` to keep the pool.",
    });
  });

  it("destroys without -f when allowed", () => {
    const plan = planDestroyPool("quickOS", present("zpool-status-mirror.txt"), true);
    expect(outcome(plan)).toEqual(["zpool destroy quickOS"]);
    expect(plan.kind === "steps" && plan.steps[0].destructive).toBe(true);
  });
});
