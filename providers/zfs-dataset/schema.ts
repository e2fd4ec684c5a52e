// ZfsDataset inputs (validated with zod) and the observed/outputs shapes the adapter stores.
import { z } from "zod";
import { parseZfsSize } from "../core/zfs-size";
import { poolNameProblem } from "../zfs-pool/schema";
import { isUserProperty, PROPERTY_ALIASES, propertySpec, READ_ONLY_PROPERTIES } from "./properties";

/** Why `name` is not a `<pool>/<path>` filesystem name we manage, or null when it is fine. */
export function datasetNameProblem(name: string): string | null {
  const [pool, ...rest] = name.split("/");
  if (rest.length === 0) return "must be <pool>/<name>; the pool's root dataset belongs to ZfsPool";
  const poolProblem = poolNameProblem(pool);
  if (poolProblem) return `has a pool part that ${poolProblem}`;
  if (name.length > 255) return "must be at most 255 characters";
  for (const part of rest) {
    // OpenZFS also allows spaces; we do not, so names survive PVE storage.cfg and shell previews unchanged.
    if (!/^[A-Za-z0-9_.:-]+$/.test(part)) return `has a component "${part}" that is empty or not made of letters, digits, '_', '.', ':', '-'`;
    if (part === "." || part === "..") return `has a component "${part}"`;
  }
  return null;
}

/** Maps a configured key to the property name zfs prints, or explains why it cannot be managed. */
export function canonicalPropertyName(key: string): { name: string } | { problem: string } {
  const name = PROPERTY_ALIASES[key.toLowerCase()] ?? key;
  if (READ_ONLY_PROPERTIES.has(name)) return { problem: `property "${key}" is read-only` };
  if (name === "volsize" || name === "volblocksize") return { problem: `property "${key}" is for volumes, which ZfsDataset does not manage` };
  if (propertySpec(name) !== undefined || isUserProperty(name)) return { name };
  return { problem: `"${key}" is not a settable filesystem property (user properties need a colon, e.g. "phoenix:role")` };
}

/** Validates one value and returns the spelling sent to zfs (index values lowercased), or a problem. */
export function checkPropertyValue(name: string, raw: string): { value: string } | { problem: string } {
  const value = raw.trim();
  // Tabs and newlines would break the tab-separated `zfs get -H` output we parse back.
  if (value === "" || /[\t\n\r\0]/.test(value)) return { problem: `value for ${name} must be non-empty without tabs or newlines` };
  const spec = propertySpec(name);
  if (spec === undefined) return value.length < 8192 ? { value } : { problem: `value for ${name} is too long` };
  if (spec.kind === "size") return checkSize(name, value, spec.noneIsZero === true);
  if (spec.kind === "number") {
    const ok = /^\d+$/.test(value) || (name.endsWith("_limit") && value.toLowerCase() === "none");
    return ok ? { value: value.toLowerCase() } : { problem: `${name}=${value} is not a whole number` };
  }
  if (spec.kind === "string") {
    const ok = name !== "mountpoint" || /^(none|legacy|\/)$/.test(value) || /^\/.*[^/]$/.test(value);
    return ok ? { value } : { problem: `mountpoint=${value} must be an absolute path without a trailing slash, none or legacy` };
  }
  const normalized = spec.keepCase ? value : value.toLowerCase();
  return spec.values?.test(normalized) === false ? { problem: `${name}=${value} is not a value zfs accepts` } : { value: normalized };
}

function checkSize(name: string, value: string, noneIsZero: boolean): { value: string } | { problem: string } {
  if (noneIsZero && value.toLowerCase() === "none") return { value: "none" };
  let bytes: bigint;
  try {
    bytes = parseZfsSize(value);
  } catch (err) {
    return { problem: `${name}=${value}: ${(err as Error).message}` };
  }
  // zfs only accepts powers of two from 512B to 16M (zfs_max_recordsize) for recordsize.
  if (name === "recordsize" && (bytes < 512n || bytes > 16n << 20n || (bytes & (bytes - 1n)) !== 0n)) {
    return { problem: `recordsize=${value} must be a power of two from 512 to 16M` };
  }
  return { value };
}

const propertiesSchema = z.record(z.string(), z.string()).transform((raw, ctx) => {
  const out: Record<string, string> = {};
  for (const [key, rawValue] of Object.entries(raw)) {
    const canonical = canonicalPropertyName(key);
    if ("problem" in canonical) {
      ctx.addIssue({ code: "custom", path: [key], message: canonical.problem });
      continue;
    }
    if (canonical.name in out) ctx.addIssue({ code: "custom", path: [key], message: `property ${canonical.name} is given twice` });
    const checked = checkPropertyValue(canonical.name, rawValue);
    if ("problem" in checked) ctx.addIssue({ code: "custom", path: [key], message: checked.problem });
    else out[canonical.name] = checked.value;
  }
  return out;
});

/** Validates ZfsDataset inputs; property keys come out canonical (recsize → recordsize). */
export const ZfsDatasetInputsSchema = z.object({
  /** Full name `<pool>/<path>`, e.g. `quickOS/vm-disks`. Immutable: a new name is a new dataset. */
  fullName: z.string().superRefine((name, ctx) => {
    const problem = datasetNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: `dataset name "${name}" ${problem}` });
  }),
  /** Properties owned by this resource, e.g. `{ recordsize: "128K", quota: "800G" }`; set locally. */
  properties: propertiesSchema.default({}),
  /** Lets delete run `zfs destroy` (never -r/-R; children and snapshots always block it). */
  allowDestroy: z.boolean().default(false),
});

export type ZfsDatasetInputs = z.output<typeof ZfsDatasetInputsSchema>;

/** Where a reported value comes from (the SOURCE column; `-` is "none"). */
export type PropertySource = "local" | "default" | "inherited" | "received" | "temporary" | "none";

/** One row of `zfs get -H -p … all`. */
export interface ObservedProperty {
  readonly value: string;
  readonly source: PropertySource;
  /** For inherited values: the ancestor it comes from. */
  readonly inheritedFrom?: string;
}

/** The dataset as found on the host. */
export type ZfsDatasetObserved =
  | { readonly exists: false }
  | {
      readonly exists: true;
      readonly type: string;
      readonly properties: Readonly<Record<string, ObservedProperty>>;
      /** Descendant filesystems and volumes. */
      readonly children: readonly string[];
      /** Snapshots of the dataset and of its descendants. */
      readonly snapshots: readonly string[];
    };

/** State stored by the adapter: the inputs plus what the host reported. */
export type ZfsDatasetOutputs = ZfsDatasetInputs & { readonly observed: ZfsDatasetObserved };
