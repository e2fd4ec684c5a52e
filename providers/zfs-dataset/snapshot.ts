// What of a dataset observation is kept in state: enough for the planner to reach the same
// verdict as on the live observation, and for refresh to show real drift (a managed property
// changed, a foreign local setting appeared), without usage counters or zfs defaults.
// The verdicts that still need a live look are listed in docs/decisions/0014-zfs-disk-safety-and-kept-state.md.
import { propertySpec, SETTABLE_PROPERTIES } from "./properties";
import type { ZfsDatasetObserved } from "./schema";

/** Values that change with every write or snapshot; never kept, never drift. */
export const VOLATILE_PROPERTIES =
  /^(used|usedby\w+|available|referenced|written|written@.*|logicalused|logicalreferenced|compressratio|refcompressratio|snapshot_count|filesystem_count|snapshots_changed)$/;

/**
 * Keeps the type and the properties that are set locally, fixed at creation, or managed
 * (`managed`: the keys of the desired and previously applied inputs). Children and snapshot
 * lists are dropped: only delete reads them, and it always inspects live.
 */
export function snapshotDataset(observed: ZfsDatasetObserved, managed: readonly string[] = []): ZfsDatasetObserved {
  if (!observed.exists) return observed;
  const keep = (name: string, source: string) =>
    !VOLATILE_PROPERTIES.test(name) && (source === "local" || propertySpec(name)?.when === "create" || managed.includes(name));
  const properties = Object.fromEntries(Object.entries(observed.properties).filter(([name, p]) => keep(name, p.source)));
  const unreported = observed.trimmed?.unreported ?? Object.keys(SETTABLE_PROPERTIES).filter((name) => !(name in observed.properties));
  return { exists: true, type: observed.type, properties, trimmed: { unreported } };
}
