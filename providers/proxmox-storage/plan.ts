// What pvesm must run so storage.cfg matches a ProxmoxStorage. Pure: desired + observed in,
// steps out. Every pvesm command here edits storage.cfg only; no dataset or file is touched.
import { step, type Step } from "../core/step";
import { canonicalPath, type ObservedStorage, type ProxmoxStorageInputs } from "./schema";

/** The options PVE marks `fixed`: they cannot change with `pvesm set`. */
export type FixedOptions = Pick<ObservedStorage, "type" | "pool" | "path">;

/** One in-place difference, with the `pvesm set` arguments that fix it. */
interface Drift {
  readonly option: string;
  readonly have: string;
  readonly want: string;
  readonly args: readonly string[];
  readonly remove?: string;
}

const UNSET = "(unset)";
// JSONSchema::parse_boolean's words, as DirPlugin::parse_is_mountpoint reads them.
const TRUE_WORD = /^(1|on|yes|true)$/i;
const FALSE_WORD = /^(0|off|no|false)$/i;

/** How messages name a storage, e.g. `ProxmoxStorage "quickOS-vm-disks"`. */
export function storageLabel(inputs: Pick<ProxmoxStorageInputs, "storageId">): string {
  return `ProxmoxStorage "${inputs.storageId}"`;
}

/** Fixed options that differ (input names); non-empty means remove + add, never `pvesm set`. */
export function fixedChanges(desired: ProxmoxStorageInputs, observed: FixedOptions): string[] {
  const changes: string[] = [];
  if (observed.type !== desired.type) changes.push("type");
  if (desired.type === "zfspool" && observed.pool !== desired.pool) changes.push("pool");
  if (desired.type === "dir" && (observed.path === undefined || canonicalPath(observed.path) !== desired.path)) changes.push("path");
  return changes;
}

/** The directory PVE requires to be mounted (DirPlugin::parse_is_mountpoint), if any. */
export function requiredMountpoint(observed: Pick<ObservedStorage, "isMountpoint" | "path">): string | undefined {
  const value = observed.isMountpoint;
  if (value === undefined || FALSE_WORD.test(value)) return undefined;
  if (TRUE_WORD.test(value)) return observed.path;
  return canonicalPath(value);
}

function sortedList(list: readonly string[]): string {
  return [...list].sort().join(",");
}

function contentDrift(desired: ProxmoxStorageInputs, observed: ObservedStorage): Drift[] {
  const [have, want] = [sortedList(observed.content), sortedList(desired.content)];
  // Compared as sets: PVE writes content in hash order, so order is never drift.
  return have === want ? [] : [{ option: "content", have: have || "none", want, args: ["--content", want] }];
}

function mountDrift(desired: ProxmoxStorageInputs, observed: ObservedStorage): Drift[] {
  if (desired.type !== "dir") return [];
  const required = requiredMountpoint(observed);
  const have = observed.isMountpoint ?? UNSET;
  if (desired.isMountpoint && required !== desired.path) {
    return [{ option: "is_mountpoint", have, want: "yes", args: ["--is_mountpoint", "yes"] }];
  }
  if (!desired.isMountpoint && required !== undefined) {
    return [{ option: "is_mountpoint", have, want: UNSET, args: [], remove: "is_mountpoint" }];
  }
  return [];
}

function sparseDrift(desired: ProxmoxStorageInputs, observed: ObservedStorage): Drift[] {
  // Unset `sparse` in the inputs means "leave the host's choice alone".
  if (desired.type !== "zfspool" || desired.sparse === undefined) return [];
  const have = observed.sparse ?? false;
  if (have === desired.sparse) return [];
  const change = { option: "sparse", have: have ? "1" : UNSET, want: desired.sparse ? "1" : UNSET };
  // Off is PVE's default, so turning sparse off deletes the key instead of writing `sparse 0`.
  return [desired.sparse ? { ...change, args: ["--sparse", "1"] } : { ...change, args: [], remove: "sparse" }];
}

function inPlaceDrift(desired: ProxmoxStorageInputs, observed: ObservedStorage): Drift[] {
  return [...contentDrift(desired, observed), ...mountDrift(desired, observed), ...sparseDrift(desired, observed)];
}

/** The `pvesm add` step that registers the storage. */
export function addStorageStep(desired: ProxmoxStorageInputs): Step {
  const content = sortedList(desired.content);
  const { storageId: id } = desired;
  if (desired.type === "zfspool") {
    const sparse = desired.sparse ? ["--sparse", "1"] : [];
    const argv = ["pvesm", "add", "zfspool", id, "--pool", desired.pool, "--content", content, ...sparse];
    return step(`register zfspool storage ${id} on ${desired.pool} (${content})`, argv);
  }
  // is_mountpoint: PVE refuses to activate (and so to write into) the path unless it is mounted.
  const mount = desired.isMountpoint ? ["--is_mountpoint", "yes"] : [];
  const argv = ["pvesm", "add", "dir", id, "--path", desired.path, "--content", content, ...mount];
  return step(`register dir storage ${id} at ${desired.path} (${content})`, argv);
}

function removeStep(storageId: string, why?: string): Step {
  const reason = why === undefined ? "" : ` ${why}`;
  return step(`remove storage ${storageId} from storage.cfg${reason} (config only, no data touched)`, ["pvesm", "remove", storageId]);
}

function setStep(storageId: string, drifts: readonly Drift[]): Step {
  const removals = drifts.flatMap((d) => (d.remove === undefined ? [] : [d.remove]));
  const args = [...drifts.flatMap((d) => d.args), ...(removals.length > 0 ? ["--delete", removals.join(",")] : [])];
  const what = drifts.map((d) => `${d.option} ${d.have} -> ${d.want}`).join(", ");
  return step(`update storage ${storageId}: ${what}`, ["pvesm", "set", storageId, ...args]);
}

/** Steps that make the storage match: [] when converged, one `set` for drift, remove + add for fixed changes. */
export function planProxmoxStorage(desired: ProxmoxStorageInputs, observed: ObservedStorage | undefined): Step[] {
  if (observed === undefined) return [addStorageStep(desired)];
  const fixed = fixedChanges(desired, observed);
  if (fixed.length > 0) {
    return [removeStep(desired.storageId, `to re-add it (${fixed.join(", ")} cannot change in place)`), addStorageStep(desired)];
  }
  const drifts = inPlaceDrift(desired, observed);
  return drifts.length === 0 ? [] : [setStep(desired.storageId, drifts)];
}

/** How a refusal names a section, e.g. `nfs storage at /mnt/pve/nas (content backup,iso)`. */
export function describeSection(observed: ObservedStorage): string {
  const where = observed.pool !== undefined ? ` on ${observed.pool}` : observed.path !== undefined ? ` at ${observed.path}` : "";
  return `${observed.type} storage${where} (content ${observed.content.join(",") || "none"})`;
}

/**
 * Null, or why a create must not touch the section already there: Phoenix did not create it
 * (no previous inputs) and its type, pool or path differ, so remove + add would repoint a storage
 * someone else set up. `allowAdopt` permits it; an identical section is adopted as is.
 */
export function foreignSectionRefusal(desired: ProxmoxStorageInputs, observed: ObservedStorage | undefined, previous: unknown): string | null {
  if (observed === undefined || previous !== undefined || desired.allowAdopt) return null;
  const fixed = fixedChanges(desired, observed);
  if (fixed.length === 0) return null;
  const wanted = desired.type === "zfspool" ? `zfspool storage on ${desired.pool}` : `dir storage at ${desired.path}`;
  return (
    `${storageLabel(desired)}: storage.cfg already has a section with this id that Phoenix did not create: ${describeSection(observed)}; ` +
    `the config wants ${wanted}. Nothing was changed. Set allow_adopt_storage: true on the dataset entry (allowAdopt) ` +
    `to remove and re-add it (storage.cfg only, no data touched), or choose another dataset name.`
  );
}

/** Steps that unregister a storage: `pvesm remove`, or [] when PVE does not know it. */
export function planRemoveStorage(storageId: string, observed: ObservedStorage | undefined): Step[] {
  return observed === undefined ? [] : [removeStep(storageId)];
}

function fixedValue(source: FixedOptions | ProxmoxStorageInputs, option: string): string {
  const value = (source as Record<string, unknown>)[option];
  return typeof value === "string" ? value : UNSET;
}

/** Human-readable differences for previews, one line per option; [] when converged. */
export function describeStorageDrift(desired: ProxmoxStorageInputs, observed: ObservedStorage | undefined): string[] {
  if (observed === undefined) {
    const where = desired.type === "zfspool" ? `on ${desired.pool}` : `at ${desired.path}`;
    return [`not registered: would add ${desired.type} storage ${where}`];
  }
  const fixed = fixedChanges(desired, observed).map(
    (option) => `${option}: ${fixedValue(observed, option)} -> ${fixedValue(desired, option)} (fixed option: remove and re-add, no data touched)`,
  );
  if (fixed.length > 0) return fixed;
  return inPlaceDrift(desired, observed).map((d) => `${d.option}: ${d.have} -> ${d.want}`);
}
