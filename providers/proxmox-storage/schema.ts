// Inputs of a ProxmoxStorage (one section of /etc/pve/storage.cfg) and what inspection reports.
// Rules come from pve-storage 8.3 (Plugin.pm, DirPlugin.pm, ZFSPoolPlugin.pm) and pve-common's
// JSONSchema.pm, so a config that passes here is one `pvesm add` accepts.
import { z } from "zod";
import { checkedString } from "../core/checked-string";
import { datasetNameProblem } from "../zfs-dataset/schema";
import { poolNameProblem } from "../zfs-pool/schema";

/** PVE storage ids (`PVE::JSONSchema::parse_id`): a letter first, a letter or digit last. */
export const STORAGE_ID_RE = /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i;

/** Why `id` cannot be a Proxmox storage id (PVE::JSONSchema pve-storage-id), or undefined. */
export function storageIdProblem(id: string): string | undefined {
  if (STORAGE_ID_RE.test(id)) return undefined;
  return `invalid storage id "${id}" (expected a letter, then letters, digits, - _ or ., ending in a letter or digit)`;
}

/** Content types per storage type (`plugindata()`), without `none`: a Phoenix storage always holds something. */
export const CONTENT_TYPES = {
  zfspool: ["images", "rootdir"],
  dir: ["images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import"],
} as const;

/** Storage types Phoenix manages. */
export type StorageType = keyof typeof CONTENT_TYPES;

// PVE only needs no whitespace (storage.cfg values end at the line); ZfsPool's and ZfsDataset's
// name rules are the stricter ones.
const isZfsName = (name: string) => (name.includes("/") ? datasetNameProblem(name) : poolNameProblem(name)) === undefined;
// DirPlugin::check_config refuses any other character in a dir storage path.
const DIR_PATH_RE = /^\/[-/a-zA-Z0-9_.@]+$/;

/** Derives the Phoenix storage id of a dataset, e.g. `quickOS` + `vm-disks` → `quickOS-vm-disks`. */
export function deriveStorageId(pool: string, dataset: string): string {
  return `${pool}-${dataset.replace(/\//g, "-")}`;
}

/** PVE stores dir paths through File::Spec canonpath; comparing canonical forms avoids false drift. */
export function canonicalPath(path: string): string {
  const collapsed = path.replace(/\/+/g, "/");
  return collapsed.length > 1 ? collapsed.replace(/\/$/, "") : collapsed;
}

const storageId = checkedString(storageIdProblem)
  // PVE re-creates `local` (dir /var/lib/vz) whenever it is missing, so it cannot be managed.
  .refine((id) => id !== "local", "'local' is built into Proxmox VE and cannot be managed");

function contentList<T extends StorageType>(type: T) {
  const allowed = CONTENT_TYPES[type];
  const item = z.enum(allowed, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a content type of ${type} storages (${allowed.join(", ")})`,
  });
  return z
    .array(item)
    .min(1, "needs at least one content type")
    .refine((list) => new Set(list).size === list.length, "lists a content type twice")
    // PVE keeps content as a set: sorting makes ["rootdir","images"] and ["images","rootdir"] equal inputs.
    .transform((list) => [...list].sort());
}

/**
 * Lets a create take over a section with the same id that Phoenix did not create and whose type,
 * pool or path differ (`pvesm remove` + `pvesm add`). Off by default: such a section may be a
 * storage guests use. An identical section (same type and pool/path) is adopted without it.
 */
const allowAdopt = z.boolean().default(false);

const ZfsPoolStorageSchema = z.object({
  /** Storage id in storage.cfg, e.g. `quickOS-vm-disks`. */
  storageId,
  type: z.literal("zfspool"),
  /** The ZFS pool or `<pool>/<dataset>` the storage allocates volumes in (fixed: changing it replaces). */
  pool: z.string().refine(isZfsName, "must be a ZFS pool or <pool>/<dataset> name"),
  /** What PVE may put there: images (VM disks) and/or rootdir (container volumes). */
  content: contentList("zfspool"),
  /** Thin-provision new zvols (`sparse 1`); unset leaves the host's setting alone. */
  sparse: z.boolean().optional(),
  allowAdopt,
});

const DirStorageSchema = z.object({
  /** Storage id in storage.cfg, e.g. `fastData-shared-iso`. */
  storageId,
  type: z.literal("dir"),
  /** Absolute directory, normally the dataset mountpoint `/<pool>/<dataset>` (fixed: changing it replaces). */
  path: z
    .string()
    .regex(DIR_PATH_RE, "must be an absolute path of letters, digits and - _ . @ /")
    .refine((p) => !p.split("/").some((part) => part === "." || part === ".."), "must not contain . or .. segments")
    .transform(canonicalPath)
    .refine((p) => p !== "/", "must not be the root directory"),
  /** Content types the directory holds; PVE creates their subdirectories (images, dump, template/iso, ...). */
  content: contentList("dir"),
  /**
   * Require `path` to be a mount point (`is_mountpoint yes`). Default true: without it an unmounted
   * dataset made PVE write into the root filesystem (original bug, A.3).
   */
  isMountpoint: z.boolean().default(true),
  allowAdopt,
});

/** Validated inputs of a ProxmoxStorage; unknown keys are dropped so older state still parses. */
export const ProxmoxStorageInputsSchema = z.discriminatedUnion("type", [ZfsPoolStorageSchema, DirStorageSchema], {
  error: (issue) => (issue.code === "invalid_union" ? 'type must be "zfspool" or "dir"' : undefined),
});

/** Inputs after validation and normalisation (sorted content, canonical path, defaults applied). */
export type ProxmoxStorageInputs = z.output<typeof ProxmoxStorageInputsSchema>;
/** Inputs as a user writes them (isMountpoint optional, content in any order). */
export type ProxmoxStorageRawInputs = z.input<typeof ProxmoxStorageInputsSchema>;
/** Inputs of a zfspool storage. */
export type ZfsPoolStorageInputs = Extract<ProxmoxStorageInputs, { type: "zfspool" }>;
/** Inputs of a dir storage. */
export type DirStorageInputs = Extract<ProxmoxStorageInputs, { type: "dir" }>;

/** One storage as PVE sees it after parsing storage.cfg (any type, not only Phoenix's two). */
export interface ObservedStorage {
  readonly storageId: string;
  /** Section type, e.g. `zfspool`, `dir`, `nfs`. */
  readonly type: string;
  readonly pool?: string;
  readonly path?: string;
  /** Content types PVE accepts for this type (unsupported ones are dropped as PVE does), sorted. */
  readonly content: readonly string[];
  /** Raw `is_mountpoint` value: a boolean word (`yes`, `1`) or a path. */
  readonly isMountpoint?: string;
  readonly sparse?: boolean;
  /** zfspool: the dataset mountpoint PVE recorded at `pvesm add`. */
  readonly mountpoint?: string;
  readonly disabled: boolean;
}

/** Stored state: the inputs plus the last observation (null when the storage was absent). */
export type ProxmoxStorageOutputs = ProxmoxStorageInputs & { observed: ObservedStorage | null };

/** A check failure in Pulumi's shape. */
export interface StorageCheckFailure {
  readonly property: string;
  readonly reason: string;
}

/** Validates raw inputs into typed ones, or Pulumi check failures naming each bad property. */
export function parseProxmoxStorageInputs(
  raw: unknown,
): { ok: true; value: ProxmoxStorageInputs } | { ok: false; failures: StorageCheckFailure[] } {
  const result = ProxmoxStorageInputsSchema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const failures = result.error.issues.map((issue) => ({ property: z.core.toDotPath(issue.path), reason: issue.message }));
  return { ok: false, failures };
}
