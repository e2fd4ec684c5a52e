// rootfs and mpN: volumes and bind mounts found by their `mp=` path, never by index, so adding
// or removing one mount never renumbers or remounts another. New mounts take the lowest free
// index; a mount Phoenix no longer owns is deleted (a volume then stays as unusedN: no data is
// destroyed); a mount Phoenix never owned is reported and left.
import { parseMount, volumeStorage, type ObservedMount } from "./props";
import type { LxcContainerInputs } from "./schema";

const GIB = 2 ** 30;

/** What the mount planner wants: `pct set` options, deletes, resizes, warnings, or a refusal. */
export interface MountPlan {
  readonly set: [string, string][];
  readonly del: string[];
  readonly resize: { key: string; sizeGb: number; was: number }[];
  readonly warnings: string[];
  readonly problem?: string;
}

type Wanted = { path: string; volume?: { storage: string; sizeGb: number }; bind?: { hostPath: string; readOnly: boolean } };

function wanted(inputs: LxcContainerInputs): Wanted[] {
  return [
    ...inputs.volumes.map((v) => ({ path: v.mountPoint, volume: { storage: v.storage, sizeGb: v.sizeGb } })),
    ...inputs.bindMounts.map((b) => ({ path: b.containerPath, bind: { hostPath: b.hostPath, readOnly: b.readOnly } })),
  ];
}

/** The mpN mounts of a set of conf keys. */
export function observedMounts(keys: Readonly<Record<string, string>>): ObservedMount[] {
  return Object.entries(keys)
    .filter(([k]) => /^mp\d+$/.test(k))
    .map(([k, v]) => parseMount(k, v));
}

const bindValue = (b: { hostPath: string; readOnly: boolean }, path: string) => `${b.hostPath},mp=${path}${b.readOnly ? ",ro=1" : ""}`;

/** Plans mpN and rootfs against `keys` (the conf as it will be after pending changes). */
export function planMounts(desired: LxcContainerInputs, keys: Readonly<Record<string, string>>, taken: ReadonlySet<string>, previous?: LxcContainerInputs): MountPlan {
  const plan: MountPlan = { set: [], del: [], resize: [], warnings: [] };
  const fail = (problem: string): MountPlan => ({ ...plan, problem });
  const rootfs = keys.rootfs === undefined ? undefined : parseMount("rootfs", keys.rootfs);
  if (rootfs !== undefined) {
    const storage = volumeStorage(rootfs.volume);
    if (storage !== desired.rootfs.storage) return fail(`rootfs is ${rootfs.volume}, not on storage ${desired.rootfs.storage}; Phoenix does not move root disks (pct move-volume ${desired.ctid} rootfs ${desired.rootfs.storage} does)`);
    const problem = sizeChange(plan, "rootfs", rootfs.sizeBytes, desired.rootfs.sizeGb);
    if (problem) return fail(problem);
  }
  const mounts = observedMounts(keys);
  const used = new Set([...taken, ...mounts.map((m) => m.key)]);
  const freeKey = () => {
    let i = 0;
    while (used.has(`mp${i}`)) i++;
    used.add(`mp${i}`);
    return `mp${i}`;
  };
  const owned = new Set(previous ? wanted(previous).map((w) => w.path) : []);
  const reattached = new Set<string>();
  for (const w of wanted(desired)) {
    const found = mounts.find((m) => m.mp === w.path);
    if (w.volume) {
      if (found === undefined) {
        // A volume mount Phoenix made and someone removed (`pct set --delete mpN`) leaves its
        // volume as unusedN: re-attach it rather than hide the data behind a new, empty volume.
        // A path new to the config gets a new volume (an unused one may be another path's data).
        const parked = owned.has(w.path) ? Object.entries(keys).filter(([k, v]) => /^unused\d+$/.test(k) && volumeStorage(v) === w.volume!.storage && !reattached.has(v)) : [];
        if (parked.length > 1) {
          return fail(`no mount at ${w.path}, and ${parked.map(([k, v]) => `${k} (${v})`).join(", ")} on ${w.volume.storage} may hold its data; re-attach the right one with pct set ${desired.ctid} --mpN <volume>,mp=${w.path}`);
        }
        if (parked.length === 1) {
          reattached.add(parked[0][1]);
          plan.set.push([freeKey(), `${parked[0][1]},mp=${w.path}`]);
          plan.warnings.push(`${w.path}: re-attaching ${parked[0][1]} (${parked[0][0]}), the volume that was mounted there`);
        } else plan.set.push([freeKey(), `${w.volume.storage}:${w.volume.sizeGb},mp=${w.path}`]);
      }
      else if (found.bind || volumeStorage(found.volume) !== w.volume.storage) {
        return fail(`${found.key} at ${w.path} is ${found.volume}, but the config wants a volume on ${w.volume.storage} there; Phoenix does not move or replace mounted data (remove the mount or use pct move-volume)`);
      } else {
        const problem = sizeChange(plan, found.key, found.sizeBytes, w.volume.sizeGb);
        if (problem) return fail(problem);
      }
    } else if (w.bind) {
      if (found !== undefined && !found.bind) return fail(`${found.key} at ${w.path} is the volume ${found.volume}, but the config wants a bind mount of ${w.bind.hostPath} there; remove the volume mount first (its data stays as unusedN)`);
      if (found === undefined) plan.set.push([freeKey(), bindValue(w.bind, w.path)]);
      else if (found.volume !== w.bind.hostPath || found.readOnly !== w.bind.readOnly) plan.set.push([found.key, bindValue(w.bind, w.path)]);
    }
  }
  const desiredPaths = new Set(wanted(desired).map((w) => w.path));
  for (const m of mounts) {
    if (desiredPaths.has(m.mp)) continue;
    if (owned.has(m.mp)) {
      plan.del.push(m.key);
      if (!m.bind) plan.warnings.push(`${m.key} (${m.volume} at ${m.mp}) is removed from the container; the volume is kept as unusedN, not destroyed`);
    } else plan.warnings.push(`${m.key} (${m.volume} at ${m.mp}) is not in the config; left as is`);
  }
  return plan;
}

// Grow in place; never shrink (PVE refuses too: "unable to shrink disk size").
function sizeChange(plan: MountPlan, key: string, bytes: number | undefined, sizeGb: number): string | undefined {
  if (bytes === undefined) return undefined;
  if (bytes < sizeGb * GIB) plan.resize.push({ key, sizeGb, was: bytes / GIB });
  else if (bytes > sizeGb * GIB) return `${key} is ${formatGib(bytes)}, the config says ${sizeGb}G: disks only grow (shrinking would cut off data); raise the config to at least ${formatGib(bytes)}`;
  return undefined;
}

const formatGib = (bytes: number) => `${Number((bytes / GIB).toFixed(2))}G`;

