// Pure planners for ZfsPool: adopt (import) or create a pool, converge autotrim, destroy.
// Anything that could lose data is either refused as data (before any command runs) or marked
// destructive and only planned when the config allows it (allowWipe / allowDestroy).
import { step, type Step } from "../core/step";
import { formatBytes } from "../core/zfs-size";
import { importSearchArgs } from "./inspect";
import { describeProbe } from "./disk-probe";
import { canonicalDevice, describeLayout, desiredLayout, layoutChange, type LayoutChange } from "./layout";
import { listSome, planSteps, refuse, type Plan } from "../core/plan";
import type { AbsentPool, DiskProbe, ImportablePool, PresentPool, ZfsPoolInputs, ZfsPoolObserved } from "./schema";

/** Root-dataset properties every new pool gets, as the original script set them. */
export const CREATE_ROOT_PROPERTIES = ["compression=lz4", "atime=off"] as const;

/** The layout differs and allowDestroy is set: the adapter must replace (destroy, then create). */
export interface PlanReplace {
  readonly kind: "replace";
  readonly reason: string;
  readonly change: LayoutChange;
}

export type ZfsPoolPlan = Plan | PlanReplace;

const who = (name: string): string => `ZfsPool "${name}"`;

/** Plans create/import/update: import an exported pool of that name, else create; converge autotrim. */
export function planZfsPool(desired: ZfsPoolInputs, observed: ZfsPoolObserved): ZfsPoolPlan {
  if (observed.state === "present") return planPresent(desired, observed);
  const candidates = observed.importable.filter((p) => p.name === desired.name);
  if (candidates.length > 0) return planImport(desired, candidates);
  return planCreate(desired, observed);
}

/** Plans delete: `zpool destroy` only when allowed; an absent pool is already deleted. */
export function planDestroyPool(name: string, observed: ZfsPoolObserved, allowDestroy: boolean): Plan {
  if (observed.state === "absent") {
    const exported = observed.importable.filter((p) => p.name === name);
    const note = exported.map((p) => `${who(name)}: an exported pool with this name (id ${p.id}) remains on its disks; left untouched`);
    return planSteps([], note);
  }
  const loss = describeLoss(name, observed);
  if (!allowDestroy) {
    return refuse(
      `${who(name)}: destroy refused because allowDestroy is false; it would lose ${loss}. ` +
        `Set allowDestroy: true to destroy it, or drop it from the stack with \`pulumi state delete\` to keep the pool.`,
    );
  }
  // Plain destroy, never -f: a busy pool (mounted and in use) should fail rather than be torn down.
  return planSteps([step(`destroy ${loss}`, ["zpool", "destroy", name], { destructive: true })]);
}

/** What destroying the pool loses, for refusals: name, dataset and snapshot counts, allocated bytes. */
export function describeLoss(name: string, pool: PresentPool): string {
  const { datasetCount, snapshotCount, allocBytes } = pool;
  // A kept (stored) observation has no usage figures; never print "0B" for a pool holding data.
  if (datasetCount === undefined || snapshotCount === undefined || allocBytes === undefined) return `pool ${name} and everything in it`;
  return `pool ${name} with ${datasetCount} datasets, ${snapshotCount} snapshots and ${formatBytes(allocBytes)} allocated`;
}

/**
 * The part of a pool observation kept in state: layout, health, autotrim and the disk probes a
 * replace verdict needs; no usage figures (they change with every write or snapshot).
 */
export function snapshotPool(observed: ZfsPoolObserved): ZfsPoolObserved {
  if (observed.state === "absent") return observed;
  const { state, health, tree, autotrim, disks } = observed;
  return { state, health, tree, autotrim, ...(disks !== undefined && { disks }) };
}

function planPresent(desired: ZfsPoolInputs, observed: PresentPool): ZfsPoolPlan {
  const change = layoutChange(desired, observed.tree);
  if (change) return planLayoutChange(desired, observed, change);
  const want = desired.autotrim ? "on" : "off";
  const steps: Step[] = [];
  if (observed.autotrim !== want) {
    steps.push(step(`set autotrim=${want} on ${desired.name} (was ${observed.autotrim})`, ["zpool", "set", `autotrim=${want}`, desired.name]));
  }
  return planSteps(steps, presentWarnings(desired.name, observed));
}

function planLayoutChange(desired: ZfsPoolInputs, observed: PresentPool, change: LayoutChange): ZfsPoolPlan {
  const what = `${who(desired.name)}: vdev layout cannot change in place (host has ${change.from}; config wants ${change.to})`;
  const loss = describeLoss(desired.name, observed);
  if (!desired.allowDestroy) {
    return refuse(`${what}. Replacing it would destroy ${loss}. Set allowDestroy: true to replace the pool, or restore the config.`);
  }
  // A degraded pool can look like a different device set; never destroy on that evidence.
  if (observed.health !== "ONLINE") {
    return refuse(`${what}, and the pool is ${observed.health}; repair it (see zpool status) before replacing it.`);
  }
  return { kind: "replace", reason: `${what}; replacing destroys ${loss}`, change };
}

function presentWarnings(name: string, pool: PresentPool): string[] {
  const warnings: string[] = [];
  if (pool.health !== "ONLINE") {
    const bad = pool.tree.data.flatMap((g) => g.devices).filter((d) => d.state !== "ONLINE");
    warnings.push(`${who(name)}: pool is ${pool.health}${bad.length ? `: ${bad.map((d) => `${d.path} ${d.state}`).join(", ")}` : ""}`);
  }
  const aux: Array<[string, readonly unknown[]]> = [
    ["log", pool.tree.logs], ["special", pool.tree.special], ["dedup", pool.tree.dedup], ["cache", pool.tree.cache], ["spare", pool.tree.spares],
  ];
  for (const [label, vdevs] of aux) {
    if (vdevs.length > 0) warnings.push(`${who(name)}: has ${vdevs.length} ${label} vdev(s), which ZfsPool reports but does not manage`);
  }
  return warnings;
}

function planImport(desired: ZfsPoolInputs, candidates: readonly ImportablePool[]): Plan {
  const name = desired.name;
  if (candidates.length > 1) {
    return refuse(`${who(name)}: ${candidates.length} exported pools with this name are visible (ids ${candidates.map((c) => c.id).join(", ")}); import the right one by hand with \`zpool import <id>\`.`);
  }
  const pool = candidates[0];
  if (!pool.importable) {
    return refuse(`${who(name)}: an exported pool with this name (id ${pool.id}) is ${pool.state} and cannot be imported; repair or remove it by hand.`);
  }
  if (pool.needsForce) {
    return refuse(`${who(name)}: exported pool (id ${pool.id}) was last accessed by another system; import it by hand with \`zpool import -f\` only if no other host uses it.`);
  }
  const change = layoutChange(desired, pool.tree);
  if (change) {
    return refuse(`${who(name)}: exported pool (id ${pool.id}) has ${change.from}, but the config wants ${change.to}; import or destroy it by hand, or fix the config.`);
  }
  const want = desired.autotrim ? "on" : "off";
  const warnings = pool.state === "ONLINE" ? [] : [`${who(name)}: exported pool is ${pool.state}; importing it anyway`];
  return planSteps(
    [
      step(`import exported pool ${name} (id ${pool.id}) instead of creating it`, ["zpool", "import", ...importSearchArgs(desired.disks), name]),
      // Its autotrim cannot be read before import; setting it is idempotent.
      step(`set autotrim=${want} on ${name}`, ["zpool", "set", `autotrim=${want}`, name]),
    ],
    warnings,
  );
}

/** Why a create on these disks cannot run as is; empty lists mean it can. */
interface CreateBlockers {
  readonly unprobed: readonly string[];
  readonly missing: readonly DiskProbe[];
  readonly inUse: readonly DiskProbe[];
  readonly signed: readonly DiskProbe[];
}

function createBlockers(desired: ZfsPoolInputs, probes: readonly DiskProbe[]): CreateBlockers {
  const found = desired.disks.map((disk) => probes.find((p) => p.disk === disk));
  const known = found.filter((p): p is DiskProbe => p !== undefined);
  return {
    unprobed: desired.disks.filter((_, i) => found[i] === undefined),
    missing: known.filter((p) => !p.exists),
    inUse: known.filter((p) => p.exists && p.inUse.length > 0),
    signed: known.filter((p) => p.exists && p.signature !== null),
  };
}

const describeUse = (p: DiskProbe): string => `${p.disk} is ${p.inUse.join(" and ")}`;
const IN_USE_HINT = "No setting, allowWipe included, wipes a disk that is in use: free it or fix the disk list.";

function planCreate(desired: ZfsPoolInputs, observed: AbsentPool): Plan {
  const name = desired.name;
  const blockers = createBlockers(desired, observed.disks);
  if (blockers.unprobed.length > 0) return refuse(`${who(name)}: no probe for ${listSome(blockers.unprobed)}; every disk must be probed before create`);
  if (blockers.missing.length > 0) return refuse(`${who(name)}: cannot create: ${blockers.missing.map(describeProbe).join("; ")}`);
  if (blockers.inUse.length > 0) {
    return refuse(`${who(name)}: refusing to create: ${blockers.inUse.map(describeUse).join("; ")}. Nothing was changed. ${IN_USE_HINT}`);
  }
  const signed = blockers.signed;
  if (signed.length > 0 && !desired.allowWipe) {
    return refuse(
      `${who(name)}: refusing to create because ${signed.map(describeProbe).join("; ")}. Nothing was changed. ` +
        `If these disks hold nothing you need, set allowWipe: true to run wipefs -a on them and zpool create -f.`,
    );
  }
  const wipes = signed.map((p) => step(`erase the ${p.signature} signature on ${p.disk}`, ["wipefs", "-a", p.disk], { destructive: true }));
  return planSteps([...wipes, createStep(desired, signed.length > 0)]);
}

/**
 * Null when a replace (destroy, then create on `desired.disks`) would get through its create;
 * else why not. Disks of the old pool keep its zfs_member label after `zpool destroy`, so
 * re-using one needs allowWipe; the other disks are judged from their live probes.
 */
export function recreateProblem(desired: ZfsPoolInputs, observed: PresentPool): string | null {
  const tree = observed.tree;
  const groups = [...tree.data, ...tree.logs, ...tree.special, ...tree.dedup];
  const devices = [...groups.flatMap((g) => g.devices), ...tree.cache, ...tree.spares].map((d) => canonicalDevice(d.path, desired.disks));
  const old = desired.disks.filter((d) => devices.includes(d));
  const afterDestroy = old.map((disk): DiskProbe => ({ disk, exists: true, signature: "zfs_member", label: desired.name, inUse: [] }));
  const blockers = createBlockers(desired, [...afterDestroy, ...(observed.disks ?? []).filter((p) => !old.includes(p.disk))]);
  const problems = [
    ...blockers.unprobed.map((d) => `${d} was not inspected (a replace is only decided on a live look at every new disk)`),
    ...blockers.missing.map(describeProbe),
    ...blockers.inUse.map(describeUse),
  ];
  const parts = problems.length > 0 ? [`${problems.join("; ")}${blockers.inUse.length > 0 ? `. ${IN_USE_HINT.replace(/\.$/, "")}` : ""}`] : [];
  if (blockers.signed.length > 0 && !desired.allowWipe) {
    const kept = old.length > 0 ? [`after zpool destroy, ${listSome(old)} keep the zfs_member label of pool "${desired.name}"`] : [];
    const others = blockers.signed.filter((p) => !old.includes(p.disk)).map(describeProbe);
    parts.push(`${[...kept, ...others].join("; ")}. Set allow_wipe: true on the new pool entry (allowWipe) so that the re-create may wipe them`);
  }
  return parts.length === 0 ? null : parts.join(". Also: ");
}

function createStep(desired: ZfsPoolInputs, force: boolean): Step {
  const keyword = desired.raidLevel === "single" || desired.raidLevel === "stripe" ? [] : [desired.raidLevel];
  // -f only after a wipe: wipefs clears the disk's own signatures, but old ZFS labels inside a
  // former partition survive it and would make a plain `zpool create` refuse.
  const argv = [
    "zpool", "create", ...(force ? ["-f"] : []),
    "-o", `autotrim=${desired.autotrim ? "on" : "off"}`,
    ...CREATE_ROOT_PROPERTIES.flatMap((p) => ["-O", p]),
    desired.name, ...keyword, ...desired.disks,
  ];
  return step(`create pool ${desired.name} as ${describeLayout(desiredLayout(desired))}`, argv, force ? { destructive: true } : {});
}
