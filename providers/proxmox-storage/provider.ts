// ProxmoxStorage lifecycle on the host:
//   inspect: cat /etc/pve/storage.cfg (parsed like PVE's SectionConfig); when it is missing,
//            test -e /etc/pve/.version tells "only local" (pmxcfs up) from "unknown" (refused)
//   create:  pvesm add zfspool|dir <id> …; a foreign section with this id and another type,
//            pool or path is refused unless allowAdopt      update: pvesm set <id> --content …
//   replace: type/pool/path are fixed in PVE: pvesm remove + pvesm add (configuration only)
//   delete:  pvesm remove <id> (never touches data)
import type { Runner } from "../core/runner";
import { probe } from "../core/apply";
import { planSteps, refuse } from "../core/plan";
import type { ResourceDefinition } from "../adapter/definition";
import {
  isStorageCfgMissing, observeStorage, parseStorageCfg, pmxcfsProbeArgv, pmxcfsProblem, readStorageCfgArgv, storageCfgText,
} from "./inspect";
import { fixedChanges, foreignSectionRefusal, planProxmoxStorage, planRemoveStorage, storageLabel } from "./plan";
import { parseProxmoxStorageInputs, type ObservedStorage, type ProxmoxStorageInputs } from "./schema";

async function inspectStorage(runner: Runner, desired: ProxmoxStorageInputs): Promise<ObservedStorage | null> {
  const read = await probe(runner, readStorageCfgArgv());
  if (isStorageCfgMissing(read)) {
    const problem = pmxcfsProblem(await probe(runner, pmxcfsProbeArgv()), runner.host);
    if (problem !== null) throw new Error(problem);
  }
  const text = storageCfgText(read, runner.host);
  return observeStorage(parseStorageCfg(text), desired.storageId) ?? null;
}

/** ProxmoxStorage for the generic adapter. */
export const proxmoxStorageDefinition: ResourceDefinition<ProxmoxStorageInputs, ObservedStorage | null> = {
  kind: "ProxmoxStorage",
  parseInputs: (raw) => parseProxmoxStorageInputs(raw),
  id: (inputs) => inputs.storageId,
  identity: ["storageId"],
  label: (inputs) => storageLabel(inputs),
  inspect: inspectStorage,
  exists: (observed) => observed !== null,
  plan(desired, observed, previous) {
    const foreign = foreignSectionRefusal(desired, observed ?? undefined, previous);
    return foreign === null ? planSteps(planProxmoxStorage(desired, observed ?? undefined)) : refuse(foreign);
  },
  // Fixed options (type, pool, path) can only change by re-adding; that loses no data.
  replacement: (_olds, news, observed) => ({ keys: observed ? fixedChanges(news, observed) : [] }),
  planDelete: (inputs, observed) => planSteps(planRemoveStorage(inputs.storageId, observed ?? undefined)),
  allowsDestroy: () => true,
};
