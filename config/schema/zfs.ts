// Schema of the `zfs` block of phoenix_hypervisor_config.json: pools, datasets, ARC limit.
// The original turned every raid_level it did not recognise into a plain stripe (C.7); here an
// unknown level is an error, and the disk count is checked against the level.
import { z } from "zod";
import { diskCountProblem, RAID_LEVELS, type RaidLevel } from "../../providers/zfs-pool/schema";
import { checkedString, datasetName, diskPath, poolName } from "./common";
import { parseZfsProperties } from "./zfs-properties";

/** The normalised level for a raid_level as written (case-insensitive), or undefined. */
export function normalizeRaidLevel(text: string): RaidLevel | undefined {
  const lower = text.toLowerCase();
  return RAID_LEVELS.find((level) => level === lower);
}

const raidLevel = checkedString((v) =>
  normalizeRaidLevel(v) ? undefined : `unknown raid level "${v}" (expected ${RAID_LEVELS.join(", ")})`,
);

// The rule is ZfsPool's; the config adds a hint for the two levels people mix up.
function diskCountMessage(level: RaidLevel, count: number): string | undefined {
  const problem = diskCountProblem(level, count);
  if (problem === undefined) return undefined;
  const hint = level === "single" ? " (use stripe or mirror for more)" : level === "stripe" && count === 1 ? " (use single for one disk)" : "";
  return `raid level ${level} ${problem}${hint}`;
}

/** One entry of `zfs.pools`; the disk count must suit the raid level. */
export const PoolSchema = z
  .strictObject({
    name: poolName,
    raid_level: raidLevel,
    disks: z.array(diskPath),
    /** Phoenix addition: may `wipefs -a` / `zpool create -f` run on these disks when the pool is missing. */
    allow_wipe: z.boolean().optional(),
    /** Phoenix addition: may `zpool destroy` run when the pool leaves the config. */
    allow_destroy: z.boolean().optional(),
  })
  .superRefine((pool, ctx) => {
    const level = normalizeRaidLevel(pool.raid_level);
    const problem = level && diskCountMessage(level, pool.disks.length);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["disks"] });
  });

/** Proxmox content types (pvesm `content`); zfspool storages hold only images and rootdir. */
export const STORAGE_CONTENT = ["images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import"] as const;
const ZFSPOOL_CONTENT = new Set(["images", "rootdir"]);

function contentListProblem(text: string): string | undefined {
  const items = text.split(",");
  const unknown = items.find((c) => !(STORAGE_CONTENT as readonly string[]).includes(c));
  if (unknown !== undefined) return `unknown content type "${unknown}" (expected a comma list of ${STORAGE_CONTENT.join(", ")})`;
  const duplicate = items.find((c, i) => items.indexOf(c) !== i);
  if (duplicate !== undefined) return `content type "${duplicate}" is listed more than once`;
  return undefined;
}

// "recordsize=128K,compression=lz4" as the original writes it since 2025-09-07, or the first
// revision's object form {"recordsize": "128K"}; both are checked as one k=v list.
const propertiesValue = z
  .union([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))])
  .superRefine((value, ctx) => {
    for (const message of parseZfsProperties(propertiesText(value)).problems) ctx.addIssue({ code: "custom", message });
  });

/** The property list in its `k=v,k=v` form, whichever form the file used. */
export function propertiesText(value: string | Record<string, string | number>): string {
  return typeof value === "string" ? value : Object.entries(value).map(([k, v]) => `${k}=${v}`).join(",");
}

/** One entry of `zfs.datasets`: a filesystem under a pool plus its Proxmox storage. */
export const DatasetSchema = z
  .strictObject({
    name: datasetName,
    pool: poolName,
    properties: propertiesValue,
    /** Absent in the first revision, whose script registered every dataset as zfspool. */
    proxmox_storage_type: z.enum(["zfspool", "dir"]).default("zfspool"),
    /** Absent in the first revision, whose script used "images". */
    proxmox_content_type: checkedString(contentListProblem).default("images"),
    /**
     * "direct" or "shared". The original registered only "direct" datasets as storages from
     * 2025-10-17 and every dataset again from 2025-10-20, while later files mark datasets
     * "shared" and allocate volumes on them; every dataset gets its storage (0009).
     */
    storage_class: z.enum(["direct", "shared"]).optional(),
    /** Phoenix addition: may `zfs destroy` run when the dataset leaves the config. */
    allow_destroy: z.boolean().optional(),
    /** Take over a Proxmox storage section of the same id that Phoenix did not create (ADR 0014). */
    allow_adopt_storage: z.boolean().optional(),
  })
  .superRefine((ds, ctx) => {
    if (ds.proxmox_storage_type !== "zfspool") return;
    const bad = ds.proxmox_content_type.split(",").find((c) => !ZFSPOOL_CONTENT.has(c));
    if (bad !== undefined) {
      ctx.addIssue({ code: "custom", message: `content type "${bad}" is not possible on a zfspool storage (only images, rootdir)`, path: ["proxmox_content_type"] });
    }
  });

// zfs_arc_max is a 64-bit module parameter, but Phoenix carries it as a JavaScript number: the
// byte count must stay an exact integer (2^53 - 1 bytes is 8 PiB, far above any host's RAM).
const ARC_MAX_GB = Math.floor(Number.MAX_SAFE_INTEGER / 1024 ** 3);

/** The `zfs` block. */
export const ZfsSchema = z
  .strictObject({
    /** Upper bound of the ARC in GiB; Phoenix persists it, unlike the original (C.7). */
    arc_max_gb: z
      .number()
      .refine((gb) => gb > 1 / 16, "must be more than 0.0625 (64 MiB): ZFS ignores a smaller zfs_arc_max")
      .refine((gb) => gb <= ARC_MAX_GB, `must be at most ${ARC_MAX_GB} (GiB; larger limits cannot be counted in bytes exactly)`)
      .optional(),
    /** The first revision's spelling: bytes, as a decimal string. */
    arc_max: checkedString((v) => {
      if (!/^[1-9][0-9]*$/.test(v)) return `invalid byte count "${v}" (expected a whole number of bytes)`;
      if (Number(v) > ARC_MAX_GB * 1024 ** 3) return `${v} bytes is more than ${ARC_MAX_GB} GiB`;
      return Number(v) <= 64 * 1024 ** 2 ? "must be more than 67108864 bytes (64 MiB): ZFS ignores a smaller zfs_arc_max" : undefined;
    }).optional(),
    pools: z.array(PoolSchema),
    datasets: z.array(DatasetSchema),
  })
  .superRefine((zfs, ctx) => {
    if (zfs.arc_max !== undefined && zfs.arc_max_gb !== undefined) ctx.addIssue({ code: "custom", message: "arc_max and arc_max_gb both set the ARC limit; keep one", path: ["arc_max"] });
  });

/** A pool as written in the file. */
export type PoolInput = z.infer<typeof PoolSchema>;
/** A dataset as written in the file. */
export type DatasetInput = z.infer<typeof DatasetSchema>;
/** The `zfs` block as written in the file. */
export type ZfsInput = z.infer<typeof ZfsSchema>;
