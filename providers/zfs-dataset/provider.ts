// ZfsDataset lifecycle on the host:
//   inspect: zfs get -H -p -o name,property,value,source all <ds>; zfs list -H -p -o name -r <ds>
//   create:  zfs create -o k=v … <ds>            update: zfs set k=v <ds> / zfs inherit -S <k> <ds>
//   delete:  zfs destroy <ds> (never -r/-R), only when allowed and nothing lives below it
import type { Runner } from "../core/runner";
import { probeExpecting, readArgv } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import { isDatasetMissing, observeDataset, zfsGetAllCommand, zfsListTreeCommand } from "./inspect";
import { planDestroyDataset, planZfsDataset } from "./plan";
import { snapshotDataset } from "./snapshot";
import { ZfsDatasetInputsSchema, type ZfsDatasetInputs, type ZfsDatasetObserved } from "./schema";

async function inspectDataset(runner: Runner, desired: ZfsDatasetInputs): Promise<ZfsDatasetObserved> {
  const get = await probeExpecting(runner, zfsGetAllCommand(desired.fullName), isDatasetMissing);
  if (get.code !== 0) return { exists: false };
  const tree = await readArgv(runner, zfsListTreeCommand(desired.fullName));
  return observeDataset(get.stdout, tree, desired.fullName);
}

/** ZfsDataset for the generic adapter. */
export const zfsDatasetDefinition: ResourceDefinition<ZfsDatasetInputs, ZfsDatasetObserved> = {
  kind: "ZfsDataset",
  parseInputs: (raw) => parseWith(ZfsDatasetInputsSchema, raw),
  id: (inputs) => inputs.fullName,
  identity: ["fullName"],
  label: (inputs) => `ZfsDataset "${inputs.fullName}"`,
  inspect: inspectDataset,
  exists: (observed) => observed.exists,
  snapshot: (observed, desired) => snapshotDataset(observed, Object.keys(desired.properties)),
  plan(desired, observed, previous) {
    const plan = planZfsDataset(desired, previous ? Object.keys(previous.properties) : [], observed);
    if (plan.kind === "refuse") return plan;
    const foreign = plan.unmanagedLocal.map((p) => `${p.property}=${p.value} is set locally outside the config; left as is`);
    return { kind: "steps", steps: plan.steps, warnings: [...plan.warnings, ...foreign] };
  },
  planDelete: (inputs, observed, allowed) => planDestroyDataset(inputs.fullName, observed, allowed),
  allowsDestroy: (inputs) => inputs.allowDestroy,
};
