// SharedVolume planner: the directory exists and its top belongs to the owner. Existing content
// keeps its owners: the original's `chown -R` rewrote every file of user data on each run,
// which no declared key asks for; Phoenix changes only the directory itself and says so.
import { planSteps, refuse, type Plan } from "../core/plan";
import { step, type Step } from "../core/step";
import { CONTAINER_ROOT, CONTAINER_ROOT_ID, type SharedVolumeInputs, type SharedVolumeObserved } from "./schema";

/**
 * The uid:gid the directory should have; `pending` when the owner is an account this stack
 * creates that does not exist yet (chown then names it: `user:` = its login group); or why not.
 */
export function ownerIds(desired: SharedVolumeInputs, observed: SharedVolumeObserved): { uid: number; gid: number } | { pending: string } | { problem: string } {
  if (desired.ownedBy === CONTAINER_ROOT) return { uid: CONTAINER_ROOT_ID, gid: CONTAINER_ROOT_ID };
  if (observed.user !== null) return observed.user;
  if (desired.ownerDeclared) return { pending: desired.ownedBy };
  return { problem: `owner "${desired.ownedBy}" is no user on the host; create it (e.g. in the users block) or use "${CONTAINER_ROOT}"` };
}

export function planSharedVolume(desired: SharedVolumeInputs, observed: SharedVolumeObserved): Plan {
  const label = `SharedVolume "${desired.name}"`;
  const owner = ownerIds(desired, observed);
  if ("problem" in owner) return refuse(`${label}: ${owner.problem}`);
  const { stat } = observed;
  if (stat !== null && stat.type !== "directory") return refuse(`${label}: ${desired.path} is a ${stat.type}, not a directory; move it away first`);
  const pending = "pending" in owner;
  const ids = "pending" in owner ? `${owner.pending}:` : `${owner.uid}:${owner.gid}`;
  const who = desired.ownedBy === CONTAINER_ROOT ? `container root (${ids})` : pending ? `${desired.ownedBy} (created earlier in this run)` : `${desired.ownedBy} (${ids})`;
  const steps: Step[] = [];
  const warnings: string[] = pending ? [`${label}: user ${desired.ownedBy} does not exist yet; the users block creates it before this runs`] : [];
  // Known ids: created with its owner in one command (install -d, mode 0755 as mkdir -p gives).
  if (stat === null && !("pending" in owner)) return planSteps([step(`create ${desired.path}, owned by ${who}`, ["install", "-d", "-m", "0755", "-o", String(owner.uid), "-g", String(owner.gid), "--", desired.path])], warnings);
  if (stat === null) steps.push(step(`create ${desired.path}`, ["mkdir", "-p", "--", desired.path]));
  if (stat === null || "pending" in owner || stat.uid !== owner.uid || stat.gid !== owner.gid) {
    steps.push(step(`${desired.path} belongs to ${who}${stat ? ` (was ${stat.uid}:${stat.gid})` : ""}`, ["chown", "--", ids, desired.path]));
    if (stat !== null && observed.hasContent) warnings.push(`${label}: only ${desired.path} itself changes owner; what it holds keeps its owners (Phoenix never chowns data recursively; chown -R it by hand if the containers need that)`);
  }
  return planSteps(steps, warnings);
}

/** Removing the resource keeps the directory and everything in it. */
export function planDeleteSharedVolume(inputs: SharedVolumeInputs, observed: SharedVolumeObserved): Plan {
  return planSteps([], observed.stat === null ? [] : [`SharedVolume "${inputs.name}": ${inputs.path} and its content stay on the host; Phoenix only stops managing it`]);
}
