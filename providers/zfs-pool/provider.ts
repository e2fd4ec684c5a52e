// ZfsPool lifecycle on the host:
//   inspect: zpool list -H -p …; present → zpool status -P, zpool get autotrim, zfs list -r;
//            absent → zpool import -d <disk dirs> (exported pools to adopt); absent or layout
//            changed → zpool status -P -L (all pools), then per disk readlink -e, blkid -p, lsblk
//   create:  zpool import -d … <pool> (adopt) or zpool create … (refused on missing disks and on
//            disks in use; on disks with signatures unless allowWipe), then autotrim
//   update:  zpool set autotrim
//   replace: only for a layout change, only when allowDestroy was recorded or the stack allows,
//            and only when the create that follows would not be refused
//   delete:  zpool destroy <pool>, only when allowed
import type { Runner } from "../core/runner";
import { probe, probeExpecting, readArgv } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { layoutChange } from "./layout";
import { planDestroyPool, planZfsPool, recreateProblem, snapshotPool } from "./plan";
import { refuse } from "../core/plan";
import { ZfsPoolInputsSchema, type DiskProbe, type ZfsPoolInputs, type ZfsPoolObserved } from "./schema";
import {
  blkidCommand, diskPathCommand, importedPoolsCommand, isNotBlockDevice, lsblkCommand, observeDisk, parseDiskPath, parseImportedPools,
} from "./disk-probe";

async function inspectPool(runner: Runner, desired: ZfsPoolInputs): Promise<ZfsPoolObserved> {
  const list = await probeExpecting(runner, inspect.zpoolListCommand(desired.name), inspect.isPoolMissing);
  if (list.code !== 0) return inspectAbsent(runner, desired);
  const [status, autotrim, contents] = await Promise.all([
    readArgv(runner, inspect.zpoolStatusCommand(desired.name)),
    readArgv(runner, inspect.zpoolGetAutotrimCommand(desired.name)),
    readArgv(runner, inspect.poolContentsCommand(desired.name)),
  ]);
  const observed = inspect.observePresentPool({ list: list.stdout, status, autotrim, contents });
  // Only a layout change can lead to a replace, which must know whether the disks can take the new pool.
  if (layoutChange(desired, observed.tree) === null) return observed;
  return { ...observed, disks: await probeDisks(runner, desired.disks, desired.name) };
}

async function inspectAbsent(runner: Runner, desired: ZfsPoolInputs): Promise<ZfsPoolObserved> {
  const listing = await probeExpecting(runner, inspect.zpoolImportListCommand(desired.disks), inspect.isNoPoolsToImport);
  return { state: "absent", importable: inspect.parseZpoolImport(listing.stdout), disks: await probeDisks(runner, desired.disks) };
}

/** Probes each disk in turn: existence, then signature and what uses it (`ownPool` excluded). */
async function probeDisks(runner: Runner, disks: readonly string[], ownPool?: string): Promise<DiskProbe[]> {
  const pools = parseImportedPools(await readArgv(runner, importedPoolsCommand()));
  const probes: DiskProbe[] = [];
  for (const disk of disks) {
    const readlink = await probe(runner, diskPathCommand(disk));
    const path = parseDiskPath(disk, readlink);
    if (path === null) {
      probes.push(observeDisk(disk, { readlink }, pools));
      continue;
    }
    const blkid = await probe(runner, blkidCommand(disk));
    const lsblk = await probeExpecting(runner, lsblkCommand(path), isNotBlockDevice);
    probes.push(observeDisk(disk, { readlink, blkid, ...(lsblk.code === 0 && { lsblk: lsblk.stdout }) }, pools, ownPool));
  }
  return probes;
}

/** ZfsPool for the generic adapter. */
export const zfsPoolDefinition: ResourceDefinition<ZfsPoolInputs, ZfsPoolObserved> = {
  kind: "ZfsPool",
  parseInputs: (raw) => parseWith(ZfsPoolInputsSchema, raw),
  id: (inputs) => inputs.name,
  identity: ["name"],
  label: (inputs) => `ZfsPool "${inputs.name}"`,
  inspect: inspectPool,
  exists: (observed) => observed.state === "present",
  // Usage moves with every write and snapshot; the layout, health and settings are what drift means.
  snapshot: snapshotPool,
  plan(desired, observed) {
    const plan = planZfsPool(desired, observed);
    if (plan.kind !== "replace") return plan;
    // A layout change reaches create/update only if the host changed after the diff.
    return refuse(`${plan.reason}; the pool was not touched`);
  },
  replacement(olds, news, observed, destroyAllowed) {
    if (observed.state !== "present" || layoutChange(news, observed.tree) === null) return { keys: [] };
    // Delete runs with the state recorded before this change, so only an allowDestroy that is
    // already in state (or the stack policy) may let a replace destroy the pool.
    const allowed = destroyAllowed;
    const plan = planZfsPool({ ...news, allowDestroy: allowed }, observed);
    if (plan.kind === "replace") {
      // Refuse now rather than destroy the pool and then stop at a create that cannot run.
      const problem = recreateProblem(news, observed);
      if (problem === null) return { keys: ["raidLevel", "disks"] };
      return { refuse: `${plan.reason}; refused because the pool could not be re-created: ${problem}. Nothing was changed.` };
    }
    if (plan.kind === "refuse") {
      return { refuse: `${plan.reason}${news.allowDestroy && !olds.allowDestroy ? " (allowDestroy must be applied by one `pulumi up` before the layout changes)" : ""}` };
    }
    return { keys: [] };
  },
  planDelete: (inputs, observed, allowed) => planDestroyPool(inputs.name, observed, allowed),
  allowsDestroy: (inputs) => inputs.allowDestroy,
};
