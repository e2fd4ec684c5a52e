// Read-only probes of one configured disk and pure parsers for them: does the path exist, what
// signature does it carry, and what uses it now (an imported pool, a mount, swap, LVM, md RAID).
// A disk in use is never wiped, whatever the config allows (docs/decisions/0014-zfs-disk-safety-and-kept-state.md).
import type { CommandResult } from "../core/runner";
import type { DiskProbe } from "./schema";
import { parseVdevTree, configBlock } from "./vdev-tree";

/** Resolves the disk path (by-id symlink → /dev/sdX); exit 1 and no output when it does not exist. */
export function diskPathCommand(disk: string): string[] {
  return ["readlink", "-e", "--", disk];
}

/** Low-level probe of one disk; works on block devices and regular files, writes nothing. */
export function blkidCommand(disk: string): string[] {
  return ["blkid", "-p", "-o", "export", disk];
}

/** The disk and everything on it (partitions, LVM volumes, md arrays) with filesystem type and mount point. */
export function lsblkCommand(path: string): string[] {
  return ["lsblk", "-J", "-p", "-o", "NAME,TYPE,FSTYPE,MOUNTPOINT", path];
}

/**
 * Every imported pool with full (-P), symlink-resolved (-L) device paths, so a pool built on
 * /dev/disk/by-id/…-part3 is recognised on /dev/sda3 too. No pools: exit 0, stdout empty.
 */
export function importedPoolsCommand(): string[] {
  return ["zpool", "status", "-P", "-L"];
}

/** The canonical path of the disk, or null when it does not exist (`readlink -e` exit 1, no output). */
export function parseDiskPath(disk: string, result: CommandResult): string | null {
  if (result.code === 0 && result.stdout.trim() !== "") return result.stdout.trim();
  if (result.code === 1 && result.stdout.trim() === "") return null;
  throw new Error(`readlink -e ${disk} failed with exit code ${result.code}: ${result.stderr.trim()}`);
}

/** True when lsblk was given a regular file (lab disks, image files): it has no partitions to report. */
export function isNotBlockDevice(result: CommandResult): boolean {
  return result.code !== 0 && /not a block device/.test(result.stderr);
}

/** One row of `lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINT`, the disk itself or a device below it. */
export interface BlockNode {
  readonly name: string;
  readonly type: string;
  readonly fstype: string | null;
  readonly mountpoint: string | null;
}

/** Flattens lsblk's JSON tree (disk, partitions, and the devices stacked on them). */
export function parseLsblk(text: string): BlockNode[] {
  type Raw = { name: string; type: string; fstype?: string | null; mountpoint?: string | null; children?: Raw[] };
  const nodes: BlockNode[] = [];
  const walk = (raw: Raw) => {
    nodes.push({ name: raw.name, type: raw.type, fstype: raw.fstype ?? null, mountpoint: raw.mountpoint ?? null });
    (raw.children ?? []).forEach(walk);
  };
  ((JSON.parse(text) as { blockdevices?: Raw[] }).blockdevices ?? []).forEach(walk);
  return nodes;
}

/** An imported pool and every device path it uses (data, log, special, dedup, cache, spare). */
export interface ImportedPool {
  readonly name: string;
  readonly devices: readonly string[];
}

/** Parses `zpool status -P -L` of all pools: one "pool:" block each. */
export function parseImportedPools(text: string): ImportedPool[] {
  const blocks = text.split(/^(?=\s*pool: )/m).filter((b) => /^\s*pool: /.test(b));
  return blocks.map((block) => {
    const tree = parseVdevTree(configBlock(block));
    const name = /^\s*pool: (\S+)/.exec(block)![1];
    const groups = [...tree.data, ...tree.logs, ...tree.special, ...tree.dedup];
    return { name, devices: [...groups.flatMap((g) => g.devices.map((d) => d.path)), ...tree.cache.map((d) => d.path), ...tree.spares.map((d) => d.path)] };
  });
}

/** Reads `blkid -p -o export <disk>` of a disk known to exist: exit 0 = signature, 2 = none, 8 = ambivalent. */
export function parseBlkid(disk: string, result: CommandResult): Pick<DiskProbe, "exists" | "signature" | "label"> {
  // blkid says the same "nothing found" (exit 2, no output) for a missing path; existence is
  // decided by readlink before, this only covers the path vanishing in between.
  if (result.code === 2 && /No such file or directory/.test(result.stderr)) return { exists: false, signature: null, label: null };
  if (result.code === 2) return { exists: true, signature: null, label: null };
  if (result.code === 8) return { exists: true, signature: "several signatures (ambivalent probe)", label: null };
  if (result.code !== 0) throw new Error(`blkid failed on ${disk} with exit code ${result.code}: ${result.stderr.trim()}`);
  const values = new Map<string, string>();
  for (const line of result.stdout.split("\n")) {
    const eq = line.indexOf("=");
    // export format backslash-escapes special characters in values.
    if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1).replace(/\\(.)/g, "$1"));
  }
  const pttype = values.get("PTTYPE");
  const signature = values.get("TYPE") ?? (pttype ? `${pttype} partition table` : null);
  return { exists: true, signature, label: values.get("LABEL") ?? null };
}

/** Whether `device` (as zpool prints it) is `disk` or one of its partitions. */
function isOnDisk(device: string, disk: string, path: string, nodes: readonly BlockNode[]): boolean {
  if (device === disk || device === path || nodes.some((n) => n.name === device)) return true;
  // By-id and file vdevs: zpool names the partition it made on a whole disk `<disk>-partN`.
  return [disk, path].some((d) => device.startsWith(`${d}-part`) && /^\d+$/.test(device.slice(d.length + 5)));
}

/** What uses the disk now; `ownPool` (being replaced) is not counted. */
export function diskUsers(disk: string, path: string, nodes: readonly BlockNode[], pools: readonly ImportedPool[], ownPool?: string): string[] {
  const users: string[] = [];
  for (const pool of pools.filter((p) => p.name !== ownPool)) {
    const on = pool.devices.filter((d) => isOnDisk(d, disk, path, nodes));
    if (on.length > 0) users.push(`member of imported pool "${pool.name}" (as ${on.join(", ")})`);
  }
  for (const node of nodes) {
    if (node.mountpoint === "[SWAP]") users.push(`active swap (${node.name})`);
    else if (node.mountpoint !== null) users.push(`mounted at ${node.mountpoint} (${node.name})`);
    if (node.fstype === "LVM2_member") users.push(`an LVM physical volume (${node.name})`);
    if (node.fstype === "linux_raid_member") users.push(`an md RAID member (${node.name})`);
  }
  return users;
}

/** Raw outputs of the probes of one disk; blkid and lsblk are absent when the path does not exist. */
export interface DiskProbeOutput {
  readonly readlink: CommandResult;
  readonly blkid?: CommandResult;
  /** Undefined when lsblk said the path is not a block device. */
  readonly lsblk?: string;
}

/** Assembles one disk's probe from its outputs and the imported pools. */
export function observeDisk(disk: string, out: DiskProbeOutput, pools: readonly ImportedPool[], ownPool?: string): DiskProbe {
  const path = parseDiskPath(disk, out.readlink);
  if (path === null || out.blkid === undefined) return { disk, exists: false, signature: null, label: null, inUse: [] };
  const found = parseBlkid(disk, out.blkid);
  if (!found.exists) return { disk, ...found, inUse: [] };
  const nodes = out.lsblk === undefined ? [] : parseLsblk(out.lsblk);
  return { disk, ...found, inUse: diskUsers(disk, path, nodes, pools, ownPool) };
}

/** Says what a probe found, e.g. `carries signature zfs_member (pool "old")`. */
export function describeProbe(probe: DiskProbe): string {
  if (!probe.exists) return `disk ${probe.disk} does not exist`;
  if (probe.signature === null) return `${probe.disk} is blank`;
  const label = probe.label === null ? "" : probe.signature === "zfs_member" ? ` (pool "${probe.label}")` : ` (label "${probe.label}")`;
  return `${probe.disk} carries signature ${probe.signature}${label}`;
}
