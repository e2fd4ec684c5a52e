// ZfsPool lifecycle on the host:
//   inspect: zpool list -H -p …; present → zpool status -P, zpool get autotrim, zfs list -r;
//            absent → zpool import -d <disk dirs> (exported pools to adopt), blkid -p per disk
//   create:  zpool import -d … <pool> (adopt) or zpool create … (refused on disks with signatures
//            unless allowWipe), then autotrim; update: zpool set autotrim
//   replace: only for a layout change, and only when allowDestroy was recorded or the stack allows
//   delete:  zpool destroy <pool>, only when allowed
import type { Runner } from "../core/runner";
import { probe, probeExpecting, readArgv } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { layoutChange } from "./layout";
import { planDestroyPool, planZfsPool } from "./plan";
import { refuse } from "../core/plan";
import { ZfsPoolInputsSchema, type ZfsPoolInputs, type ZfsPoolObserved } from "./schema";

async function inspectPool(runner: Runner, desired: ZfsPoolInputs): Promise<ZfsPoolObserved> {
  const list = await probeExpecting(runner, inspect.zpoolListCommand(desired.name), inspect.isPoolMissing);
  if (list.code !== 0) return inspectAbsent(runner, desired);
  const [status, autotrim, contents] = await Promise.all([
    readArgv(runner, inspect.zpoolStatusCommand(desired.name)),
    readArgv(runner, inspect.zpoolGetAutotrimCommand(desired.name)),
    readArgv(runner, inspect.poolContentsCommand(desired.name)),
  ]);
  return inspect.observePresentPool({ list: list.stdout, status, autotrim, contents });
}

async function inspectAbsent(runner: Runner, desired: ZfsPoolInputs): Promise<ZfsPoolObserved> {
  const listing = await probeExpecting(runner, inspect.zpoolImportListCommand(desired.disks), inspect.isNoPoolsToImport);
  const disks = await Promise.all(desired.disks.map(async (disk) => inspect.parseBlkid(disk, await probe(runner, inspect.blkidCommand(disk)))));
  return { state: "absent", importable: listing.code === 0 ? inspect.parseZpoolImport(listing.stdout) : [], disks };
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
  // Allocation moves with every write; the layout, health and settings are what drift means.
  snapshot: (observed) => (observed.state === "present" ? { ...observed, allocBytes: 0, freeBytes: 0 } : observed),
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
    if (plan.kind === "replace") return { keys: ["raidLevel", "disks"] };
    if (plan.kind === "refuse") {
      return { refuse: `${plan.reason}${news.allowDestroy && !olds.allowDestroy ? " (allowDestroy must be applied by one `pulumi up` before the layout changes)" : ""}` };
    }
    return { keys: [] };
  },
  planDelete: (inputs, observed, allowed) => planDestroyPool(inputs.name, observed, allowed),
  allowsDestroy: (inputs) => inputs.allowDestroy,
};
