// LxcSnapshot planner: take the snapshot when missing; re-take it when it was taken from another
// basis (its description says which), so clones made later start from the current template.
import { planSteps, type Plan } from "../core/plan";
import { step } from "../core/step";
import { snapshotDescription, type LxcSnapshotInputs, type LxcSnapshotObserved } from "./schema";

export function takeStep(desired: LxcSnapshotInputs) {
  return step(`snapshot CT ${desired.ctid} as ${desired.name}`, ["pct", "snapshot", desired.ctid, desired.name, "--description", snapshotDescription(desired)]);
}

export function deleteStep(desired: Pick<LxcSnapshotInputs, "ctid" | "name">, why: string) {
  return step(why, ["pct", "delsnapshot", desired.ctid, desired.name]);
}

export function planLxcSnapshot(desired: LxcSnapshotInputs, observed: LxcSnapshotObserved): Plan {
  if (!observed.present) return planSteps([takeStep(desired)]);
  if (observed.description === snapshotDescription(desired)) return planSteps([]);
  const was = observed.description ? `"${observed.description}"` : "no description";
  return planSteps(
    [deleteStep(desired, `drop snapshot ${desired.name} of CT ${desired.ctid} (taken from another basis: ${was})`), takeStep(desired)],
    [`snapshot ${desired.name} of CT ${desired.ctid} is re-taken; containers already cloned from it keep their own copy (to re-create one from it: phoenix:allowDestroy naming it, then pulumi up --replace <its URN>)`],
  );
}

/** Removing the snapshot: clones are full copies, so only the rollback point goes. */
export function planDeleteLxcSnapshot(inputs: LxcSnapshotInputs, observed: LxcSnapshotObserved): Plan {
  if (!observed.containerExists || !observed.present) return planSteps([]);
  return planSteps([deleteStep(inputs, `delete snapshot ${inputs.name} of CT ${inputs.ctid}`)]);
}
