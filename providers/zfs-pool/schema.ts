// ZfsPool inputs (validated with zod) and the observed/outputs shapes the adapter stores.
import { z } from "zod";
import { checkedString } from "../core/checked-string";
import { absolutePathProblem, describeChar, firstBadChar } from "../core/names";

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

/** Longest pool name `zpool create` takes: 256 - 2 - 2 * strlen("$ORIGIN") - 1 (zfs_namecheck.c). */
export const ZPOOL_NAME_MAX = 239;

// OpenZFS valid_char() also allows a space in pool and dataset names; we do not, because every
// consumer of these names (pvesm, smb.conf, scripts) would have to quote it.
/** The characters of a pool name and of a dataset name component. */
export const ZFS_NAME_CHAR = /[A-Za-z0-9_.:-]/;

/** Why `name` cannot be a ZFS pool name (OpenZFS pool_namecheck + zpool_name_valid), or undefined. */
export function poolNameProblem(name: string): string | undefined {
  if (name === "") return "pool name is empty";
  if (name.length > ZPOOL_NAME_MAX) return `pool name is longer than ${ZPOOL_NAME_MAX} characters`;
  const bad = firstBadChar(name, ZFS_NAME_CHAR);
  if (bad !== undefined) return `invalid character ${describeChar(bad)} in pool name "${name}" (allowed: letters, digits, _ . : -)`;
  if (!/^[A-Za-z]/.test(name)) return `pool name "${name}" must begin with a letter`;
  // libzfs zpool_name_valid reserves the first four prefixes; cache, special and dedup are
  // vdev-class keywords too, refused so `zpool create` argv reads unambiguously.
  if (/^(mirror|raidz|draid|spare)/.test(name) || ["log", "cache", "special", "dedup"].includes(name)) {
    return `pool name "${name}" is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)`;
  }
  // Solaris disk names (c0t0d0); old OpenZFS refused them as pool names (NAME_ERR_DISKLIKE).
  if (/^c[0-9]/.test(name)) return `pool name "${name}" is reserved (names starting with c[0-9] look like Solaris disk names)`;
  return undefined;
}

/** Why `path` cannot be a pool disk: a clean absolute path (normally /dev/disk/by-id/...), not the root. */
export function diskPathProblem(path: string): string | undefined {
  return absolutePathProblem(path) ?? (path === "/" ? 'path "/" is not a disk' : undefined);
}

/** Validates ZfsPool inputs; the disk count must suit the raid level and disks must be distinct. */
export const ZfsPoolInputsSchema = z
  .object({
    /** Pool name, e.g. `quickOS`. Immutable: a new name is a new pool. */
    name: checkedString(poolNameProblem),
    /** Layout of the one top-level vdev group. Immutable in place. */
    raidLevel: z.enum(RAID_LEVELS),
    /** Disks, normally `/dev/disk/by-id/...` whole disks (regular files work for labs). */
    disks: z.array(checkedString(diskPathProblem)).min(1),
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

/** What the probes found on one configured disk (existence, `blkid -p`, what uses it). */
export interface DiskProbe {
  readonly disk: string;
  /** False when the path does not exist (checked with `readlink -e`, never inferred from blkid). */
  readonly exists: boolean;
  /** e.g. `zfs_member`, `ext4`, `gpt partition table`; null when blank. */
  readonly signature: string | null;
  /** Filesystem label; for zfs_member the pool name in the label. */
  readonly label: string | null;
  /**
   * What uses the disk or one of its partitions right now, e.g. `member of imported pool "rpool"
   * (as /dev/sda3)`, `mounted at /boot/efi (/dev/sda2)`, `swap (/dev/sda3)`. No permission wipes
   * such a disk.
   */
  readonly inUse: readonly string[];
}

/** The pool as imported on the host. */
export interface PresentPool {
  readonly state: "present";
  readonly health: string;
  readonly tree: PoolTree;
  readonly autotrim: string;
  // Usage figures: on a live observation only (they change with every write and snapshot, so
  // the copy kept in state leaves them out; see snapshotPool).
  readonly sizeBytes?: number;
  readonly allocBytes?: number;
  readonly freeBytes?: number;
  /** Filesystems and volumes below the root dataset. */
  readonly datasetCount?: number;
  readonly snapshotCount?: number;
  /**
   * Probes of the configured disks, taken only when the layout differs from the config: whether
   * a replace could re-create the pool on them (existence, signatures, other users).
   */
  readonly disks?: readonly DiskProbe[];
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
