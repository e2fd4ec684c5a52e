// ProxmoxStorage lifecycle on the host:
//   inspect: cat /etc/pve/storage.cfg (parsed like PVE's SectionConfig)
//   create:  pvesm add zfspool|dir <id> …        update: pvesm set <id> --content …
//   replace: type/pool/path are fixed in PVE: pvesm remove + pvesm add (configuration only)
//   delete:  pvesm remove <id> (never touches data)
import type { Runner } from "../core/runner";
import { probe } from "../core/apply";
import { planSteps } from "../core/plan";
import type { ResourceDefinition } from "../adapter/definition";
import { observeStorage, parseStorageCfg, readStorageCfgArgv, storageCfgText } from "./inspect";
import { fixedChanges, planProxmoxStorage, planRemoveStorage, storageLabel } from "./plan";
import { parseProxmoxStorageInputs, type ObservedStorage, type ProxmoxStorageInputs } from "./schema";

async function inspectStorage(runner: Runner, desired: ProxmoxStorageInputs): Promise<ObservedStorage | null> {
  const text = storageCfgText(await probe(runner, readStorageCfgArgv()), runner.host);
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
  plan: (desired, observed) => planSteps(planProxmoxStorage(desired, observed ?? undefined)),
  // Fixed options (type, pool, path) can only change by re-adding; that loses no data.
  replacement: (_olds, news, observed) => ({ keys: observed ? fixedChanges(news, observed) : [] }),
  planDelete: (inputs, observed) => planSteps(planRemoveStorage(inputs.storageId, observed ?? undefined)),
  allowsDestroy: () => true,
};
