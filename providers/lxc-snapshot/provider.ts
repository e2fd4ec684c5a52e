// LxcSnapshot lifecycle on the host:
//   inspect: pct listsnapshot <ctid>
//   create/update: [pct delsnapshot <ctid> <name>;] pct snapshot <ctid> <name> --description <basis>
//   delete:  pct delsnapshot <ctid> <name> (full clones made from it keep their own data)
import type { Runner } from "../core/runner";
import { probeExpecting } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { planDeleteLxcSnapshot, planLxcSnapshot } from "./plan";
import { LxcSnapshotInputsSchema, type LxcSnapshotInputs, type LxcSnapshotObserved } from "./schema";

async function inspectSnapshot(runner: Runner, inputs: LxcSnapshotInputs): Promise<LxcSnapshotObserved> {
  const result = await probeExpecting(runner, inspect.listSnapshotsCommand(inputs.ctid), inspect.isMissingContainer);
  if (result.code !== 0) return { containerExists: false, present: false };
  const description = inspect.parseSnapshotTree(result.stdout).get(inputs.name);
  return { containerExists: true, present: description !== undefined, ...(description === undefined ? {} : { description }) };
}

export const lxcSnapshotDefinition: ResourceDefinition<LxcSnapshotInputs, LxcSnapshotObserved> = {
  kind: "LxcSnapshot",
  parseInputs: (raw) => parseWith(LxcSnapshotInputsSchema, raw),
  id: (inputs) => `${inputs.ctid}@${inputs.name}`,
  identity: ["ctid", "name"],
  label: (inputs) => `LxcSnapshot "${inputs.ctid}@${inputs.name}"`,
  inspect: (runner, inputs) => inspectSnapshot(runner, inputs),
  exists: (observed) => observed.present,
  plan: (desired, observed) => planLxcSnapshot(desired, observed),
  planDelete: (inputs, observed) => planDeleteLxcSnapshot(inputs, observed),
  allowsDestroy: () => true,
};
