// ZfsPool inputs (validated with zod) and the observed/outputs shapes the adapter stores.
import { z } from "zod";

/** Redundancy of the single top-level vdev group; `single` is one disk, `stripe` several without redundancy; neither adds a keyword. */
export const RAID_LEVELS = ["mirror", "raidz1", "raidz2", "raidz3", "single", "stripe"] as const;
/** One of RAID_LEVELS. */
export type RaidLevel = (typeof RAID_LEVELS)[number];

/**
 * Fewest disks per layout. mirror and raidzN are the OpenZFS minimums (raidzN needs N+1 disks);
 * a one-disk stripe is spelled `single`, so `stripe` needs 2.
 */
export const MIN_DISKS: Readonly<Record<RaidLevel, number>> = { mirror: 2, raidz1: 2, raidz2: 3, raidz3: 4, single: 1, stripe: 2 };

/** Why `count` disks do not suit `level` (e.g. "needs at least 2 disks, got 1"), or undefined. */
export function diskCountProblem(level: RaidLevel, count: number): string | undefined {
  if (level === "single") return count === 1 ? undefined : `needs exactly 1 disk, got ${count}`;
  const min = MIN_DISKS[level];
  return count < min ? `needs at least ${min} disks, got ${count}` : undefined;
}

// zpool refuses these at create/import (libzfs zpool_name_valid); cache/special/dedup are vdev
// class keywords too, and a pool named like one makes `zpool create` argv ambiguous to readers.
const RESERVED_PREFIXES = ["mirror", "raidz", "draid", "spare"];
const RESERVED_NAMES = new Set(["log", "cache", "special", "dedup"]);

/** Why `name` is not a pool name `zpool create` accepts, or null when it is fine. */
export function poolNameProblem(name: string): string | null {
  if (!/^[A-Za-z]/.test(name)) return "must start with a letter";
  if (!/^[A-Za-z0-9_.:-]+$/.test(name)) return "may only contain letters, digits, '_', '.', ':' and '-'";
  if (name.length > 255) return "must be at most 255 characters";
  if (RESERVED_NAMES.has(name) || RESERVED_PREFIXES.some((p) => name.startsWith(p))) {
    return `is reserved by zpool (names starting with mirror, raidz, draid, spare, or log/cache/special/dedup)`;
  }
  // Solaris disk names (c0t0d0) are rejected by zpool_name_valid as "disklike".
  if (/^c[0-9]/.test(name)) return "must not look like a disk name (c followed by a digit)";
  return null;
}

/** Why `path` is not an acceptable disk path (absolute, normalized, no whitespace), or null. */
export function diskPathProblem(path: string): string | null {
  if (!path.startsWith("/")) return "must be an absolute path such as /dev/disk/by-id/...";
  if (/\s/.test(path) || path.includes("\0")) return "must not contain whitespace";
  if (path.endsWith("/") || path.includes("//") || /\/\.\.?(\/|$)/.test(path)) return "must be a normalized path";
  return null;
}

const poolName = z.string().superRefine((name, ctx) => {
  const problem = poolNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: `pool name "${name}" ${problem}` });
});

const diskPath = z.string().superRefine((path, ctx) => {
  const problem = diskPathProblem(path);
  if (problem) ctx.addIssue({ code: "custom", message: `disk "${path}" ${problem}` });
});

/** Validates ZfsPool inputs; the disk count must suit the raid level and disks must be distinct. */
export const ZfsPoolInputsSchema = z
  .object({
    /** Pool name, e.g. `quickOS`. Immutable: a new name is a new pool. */
    name: poolName,
    /** Layout of the one top-level vdev group. Immutable in place. */
    raidLevel: z.enum(RAID_LEVELS),
    /** Disks, normally `/dev/disk/by-id/...` whole disks (regular files work for labs). */
    disks: z.array(diskPath).min(1),
    /** Pool `autotrim` property; converged in place. */
    autotrim: z.boolean().default(true),
    /** Lets create erase disks that carry any signature (`wipefs -a`, then `zpool create -f`). */
    allowWipe: z.boolean().default(false),
    /** Lets delete (and a layout-changing replace) run `zpool destroy`. */
    allowDestroy: z.boolean().default(false),
  })
  .superRefine((pool, ctx) => {
    const problem = diskCountProblem(pool.raidLevel, pool.disks.length);
    if (problem) ctx.addIssue({ code: "custom", path: ["disks"], message: `raidLevel ${pool.raidLevel} ${problem}` });
    const seen = new Set<string>();
    pool.disks.forEach((disk, i) => {
      if (seen.has(disk)) ctx.addIssue({ code: "custom", path: ["disks", i], message: `disk "${disk}" is listed twice` });
      seen.add(disk);
    });
  });

export type ZfsPoolInputs = z.output<typeof ZfsPoolInputsSchema>;

/** One device in `zpool status`/`zpool import` output; a missing device reports its "was" path. */
export interface VdevDevice {
  readonly path: string;
  readonly state: string;
}

/** A top-level vdev: a mirror/raidz group, or a bare disk (`kind: "disk"`, one device). */
export interface VdevGroup {
  readonly kind: "mirror" | "raidz1" | "raidz2" | "raidz3" | "draid" | "disk";
  /** As printed: `mirror-0`, `raidz2-0`, or the disk path for a bare disk. */
  readonly name: string;
  readonly state: string;
  readonly devices: readonly VdevDevice[];
}

/** The vdev tree of a pool; logs/special/dedup/cache/spares are reported, never managed. */
export interface PoolTree {
  readonly name: string;
  readonly state: string;
  readonly data: readonly VdevGroup[];
  readonly logs: readonly VdevGroup[];
  readonly special: readonly VdevGroup[];
  readonly dedup: readonly VdevGroup[];
  readonly cache: readonly VdevDevice[];
  readonly spares: readonly VdevDevice[];
}

/** An exported pool listed by `zpool import -d …` (not imported on this host). */
export interface ImportablePool {
  readonly name: string;
  readonly id: string;
  readonly state: string;
  /** False when the action line says it cannot be imported (missing devices, newer version, …). */
  readonly importable: boolean;
  /** True when importing needs `-f` (last accessed by another system). */
  readonly needsForce: boolean;
  readonly tree: PoolTree;
}

/** What `blkid -p` found on one configured disk. */
export interface DiskProbe {
  readonly disk: string;
  /** False when the path does not exist. */
  readonly exists: boolean;
  /** e.g. `zfs_member`, `ext4`, `gpt partition table`; null when blank. */
  readonly signature: string | null;
  /** Filesystem label; for zfs_member the pool name in the label. */
  readonly label: string | null;
}

/** The pool as imported on the host. */
export interface PresentPool {
  readonly state: "present";
  readonly sizeBytes: number;
  readonly allocBytes: number;
  readonly freeBytes: number;
  readonly health: string;
  readonly tree: PoolTree;
  readonly autotrim: string;
  /** Filesystems and volumes below the root dataset. */
  readonly datasetCount: number;
  readonly snapshotCount: number;
}

/** No imported pool of that name: exported candidates and disk probes decide import vs create. */
export interface AbsentPool {
  readonly state: "absent";
  readonly importable: readonly ImportablePool[];
  readonly disks: readonly DiskProbe[];
}

export type ZfsPoolObserved = PresentPool | AbsentPool;

/** State stored by the adapter: the inputs plus what the host reported. */
export type ZfsPoolOutputs = ZfsPoolInputs & { readonly observed: ZfsPoolObserved };
