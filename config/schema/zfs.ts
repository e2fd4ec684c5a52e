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

const propertiesString = z.string().superRefine((text, ctx) => {
  for (const message of parseZfsProperties(text).problems) ctx.addIssue({ code: "custom", message });
});

/** One entry of `zfs.datasets`: a filesystem under a pool plus its Proxmox storage. */
export const DatasetSchema = z
  .strictObject({
    name: datasetName,
    pool: poolName,
    properties: propertiesString,
    proxmox_storage_type: z.enum(["zfspool", "dir"]),
    proxmox_content_type: checkedString(contentListProblem),
    /** Phoenix addition: may `zfs destroy` run when the dataset leaves the config. */
    allow_destroy: z.boolean().optional(),
  })
  .superRefine((ds, ctx) => {
    if (ds.proxmox_storage_type !== "zfspool") return;
    const bad = ds.proxmox_content_type.split(",").find((c) => !ZFSPOOL_CONTENT.has(c));
    if (bad !== undefined) {
      ctx.addIssue({ code: "custom", message: `content type "${bad}" is not possible on a zfspool storage (only images, rootdir)`, path: ["proxmox_content_type"] });
    }
  });

/** The `zfs` block. */
export const ZfsSchema = z.strictObject({
  /** Upper bound of the ARC in GiB; Phoenix persists it, unlike the original (C.7). */
  arc_max_gb: z
    .number()
    .refine((gb) => gb > 1 / 16, "must be more than 0.0625 (64 MiB): ZFS ignores a smaller zfs_arc_max")
    .optional(),
  pools: z.array(PoolSchema),
  datasets: z.array(DatasetSchema),
});

/** A pool as written in the file. */
export type PoolInput = z.infer<typeof PoolSchema>;
/** A dataset as written in the file. */
export type DatasetInput = z.infer<typeof DatasetSchema>;
/** The `zfs` block as written in the file. */
export type ZfsInput = z.infer<typeof ZfsSchema>;
