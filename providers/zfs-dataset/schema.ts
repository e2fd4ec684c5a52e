// ZfsDataset inputs (validated with zod) and the observed/outputs shapes the adapter stores.
import { z } from "zod";
import { checkedString } from "../core/checked-string";
import { describeChar, firstBadChar } from "../core/names";
import { parseZfsSize, zfsSizeProblem } from "../core/zfs-size";
import { poolNameProblem, ZFS_NAME_CHAR } from "../zfs-pool/schema";
import { describeValues, isUserProperty, PROPERTY_ALIASES, propertySpec, READ_ONLY_PROPERTIES } from "./properties";

/** Longest full dataset name, `pool/child` (ZFS_MAX_DATASET_NAME_LEN - 1). */
export const DATASET_NAME_MAX = 255;

/** Why `name` cannot be one dataset name component (the part between slashes), or undefined. */
export function datasetComponentProblem(name: string): string | undefined {
  if (name === "") return "dataset name is empty";
  // Same characters as pool names; see ZFS_NAME_CHAR for why a space is refused.
  const bad = firstBadChar(name, ZFS_NAME_CHAR);
  if (bad !== undefined) return `invalid character ${describeChar(bad)} in dataset name "${name}" (allowed: letters, digits, _ . : -)`;
  if (name === "." || name === "..") return `dataset name "${name}" is not allowed`;
  if (name.length > DATASET_NAME_MAX) return `dataset name is longer than ${DATASET_NAME_MAX} characters`;
  return undefined;
}

/** Why `name` is not a `<pool>/<path>` filesystem name ZfsDataset manages, or undefined. */
export function datasetNameProblem(name: string): string | undefined {
  const [pool, ...rest] = name.split("/");
  const who = `dataset name "${name}"`;
  if (rest.length === 0) return `${who} must be <pool>/<name>; the pool's root dataset belongs to ZfsPool`;
  const poolProblem = poolNameProblem(pool);
  if (poolProblem !== undefined) return `${who} has an invalid pool part: ${poolProblem}`;
  if (name.length > DATASET_NAME_MAX) return `${who} is longer than ${DATASET_NAME_MAX} characters`;
  if (rest.includes("")) return `${who} has an empty component (double or trailing slash)`;
  const problem = rest.map(datasetComponentProblem).find((p) => p !== undefined);
  return problem === undefined ? undefined : `${who} has an invalid component: ${problem}`;
}

/** Maps a configured key to the property name zfs prints, or explains why it cannot be managed. */
export function canonicalPropertyName(key: string): { name: string } | { problem: string } {
  // zfs takes a column alias only in lower case (zprop_common.c propname_match): RECSIZE is no property.
  const name = Object.hasOwn(PROPERTY_ALIASES, key) ? PROPERTY_ALIASES[key] : key;
  if (READ_ONLY_PROPERTIES.has(name)) return { problem: `property "${key}" is read-only` };
  if (name === "volsize" || name === "volblocksize") return { problem: `property "${key}" is for volumes, which ZfsDataset does not manage` };
  if (propertySpec(name) !== undefined || isUserProperty(name)) return { name };
  if (name.includes(":")) return { problem: `invalid user property name "${key}" (only lower-case letters, digits, - _ . and :, under 256 characters)` };
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
  if (spec.kind === "number") return checkNumber(name, value);
  if (spec.kind === "string") return checkString(name, value);
  const normalized = spec.keepCase ? value : value.toLowerCase();
  if (spec.values?.test(normalized) === false) return { problem: `${name}=${value} is not a value zfs accepts (expected ${describeValues(spec)})` };
  return { value: normalized };
}

type Checked = { value: string } | { problem: string };

function checkSize(name: string, value: string, noneIsZero: boolean): Checked {
  if (noneIsZero && value.toLowerCase() === "none") return { value: "none" };
  // libzfs zprop_parse_value: "'refreservation=auto' only allowed on volumes".
  if (name === "refreservation" && value.toLowerCase() === "auto") return { problem: "refreservation=auto is only allowed on volumes, which ZfsDataset does not manage" };
  const problem = zfsSizeProblem(value);
  if (problem !== undefined) return { problem: `${name}=${value}: ${problem}` };
  const bytes = parseZfsSize(value);
  // Block sizes are powers of two from 512B to 16M (zfs_max_recordsize, the pool's maxblocksize);
  // special_small_blocks may also be 0 (libzfs zfs_valid_proplist).
  const isBlockSize = bytes >= 512n && bytes <= 16n << 20n && (bytes & (bytes - 1n)) === 0n;
  if (name === "recordsize" && !isBlockSize) return { problem: `recordsize=${value} must be a power of two from 512 to 16M` };
  if (name === "special_small_blocks" && !isBlockSize && bytes !== 0n) {
    return { problem: `special_small_blocks=${value} must be 0 or a power of two from 512 to 16M` };
  }
  return { value };
}

function checkNumber(name: string, value: string): Checked {
  const ok = /^\d+$/.test(value) || (name.endsWith("_limit") && value.toLowerCase() === "none");
  if (!ok) return { problem: `${name}=${value} is not a whole number` };
  // libzfs_crypto refuses fewer iterations than MIN_PBKDF2_ITERATIONS.
  if (name === "pbkdf2iters" && Number(value) < 100_000) return { problem: `pbkdf2iters=${value} must be at least 100000` };
  return { value: value.toLowerCase() };
}

// String properties whose syntax zfs checks (zfs_valid_proplist; zfs_prop_valid_keylocation,
// where "none" only fits unencrypted datasets and is not accepted here); the rest take any text.
const STRING_SYNTAX: Readonly<Record<string, readonly [RegExp, string]>> = {
  mountpoint: [/^(none|legacy|\/|\/.*[^/])$/, "must be an absolute path without a trailing slash, none or legacy"],
  keylocation: [/^(prompt|(file:\/\/\/|https?:\/\/)\S+)$/, "must be prompt, file:///<path> or http(s)://<url>"],
};

function checkString(name: string, value: string): Checked {
  const syntax = Object.hasOwn(STRING_SYNTAX, name) ? STRING_SYNTAX[name] : undefined;
  return syntax === undefined || syntax[0].test(value) ? { value } : { problem: `${name}=${value} ${syntax[1]}` };
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
  fullName: checkedString(datasetNameProblem),
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
      /** Descendant filesystems and volumes (live inspection only; not kept in state). */
      readonly children?: readonly string[];
      /** Snapshots of the dataset and of its descendants (live inspection only; not kept in state). */
      readonly snapshots?: readonly string[];
      /**
       * Present when `properties` was trimmed for state (see snapshotDataset): it then lists only
       * local, creation-time and managed properties. Any other native property the host reports
       * is there, not set locally; `unreported` names the settable ones the host did not report.
       */
      readonly trimmed?: { readonly unreported: readonly string[] };
    };

/** State stored by the adapter: the inputs plus what the host reported. */
export type ZfsDatasetOutputs = ZfsDatasetInputs & { readonly observed: ZfsDatasetObserved };
