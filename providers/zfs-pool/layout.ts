// Compares the configured vdev layout with the one on the host. A layout is the set of top-level
// groups, each a kind plus a set of devices; order of disks and groups does not matter.
import type { PoolTree, ZfsPoolInputs } from "./schema";

/** A top-level vdev group reduced to what defines the layout; devices sorted. */
export interface LayoutGroup {
  readonly kind: string;
  readonly devices: readonly string[];
}

/** Why the pool on the host cannot be converged to the config in place. */
export interface LayoutChange {
  /** The host's layout, e.g. `mirror of /dev/a, /dev/b`. */
  readonly from: string;
  /** The configured layout. */
  readonly to: string;
  /** Configured disks the host's pool does not use. */
  readonly added: readonly string[];
  /** Devices of the host's pool that the config does not list. */
  readonly removed: readonly string[];
}

// zpool's default search paths (lib/libzutil/os/linux/zutil_import_os.c); without -P it prints
// device names relative to the first that matches (zfs_strip_path).
const SEARCH_DIRS = [
  "/dev/disk/by-vdev", "/dev/mapper", "/dev/disk/by-partlabel", "/dev/disk/by-partuuid",
  "/dev/disk/by-label", "/dev/disk/by-uuid", "/dev/disk/by-id", "/dev/disk/by-path", "/dev",
];

/** The partition zpool creates on a whole disk (zfs_append_partition): by-id X → X-part1, nvme0n1 → nvme0n1p1, sda → sda1. */
export function wholeDiskPartition(disk: string): string | null {
  if (!disk.startsWith("/dev/")) return null; // regular files are never partitioned
  if (disk.startsWith("/dev/disk/") || disk.startsWith("/dev/zvol/")) return `${disk}-part1`;
  return /\d$/.test(disk) ? `${disk}p1` : `${disk}1`;
}

function stripSearchDir(path: string): string {
  const dir = SEARCH_DIRS.find((d) => path.startsWith(`${d}/`));
  return dir === undefined ? path : path.slice(dir.length + 1);
}

/** Maps a device name printed by zpool (full -P path, whole-disk partition, or short name) to the configured disk; else returns it unchanged. */
export function canonicalDevice(printed: string, configured: readonly string[]): string {
  for (const disk of configured) {
    const part = wholeDiskPartition(disk);
    const forms = part === null ? [disk, stripSearchDir(disk)] : [disk, part, stripSearchDir(disk), stripSearchDir(part)];
    if (forms.includes(printed)) return disk;
  }
  return printed;
}

/** The layout the config asks for: one group for mirror/raidz, one bare disk per disk for single/stripe. */
export function desiredLayout(desired: Pick<ZfsPoolInputs, "raidLevel" | "disks">): LayoutGroup[] {
  if (desired.raidLevel === "single" || desired.raidLevel === "stripe") {
    return desired.disks.map((disk) => ({ kind: "disk", devices: [disk] }));
  }
  return [{ kind: desired.raidLevel, devices: [...desired.disks].sort() }];
}

/** The layout on the host, with device names mapped back to the configured disks. */
export function observedLayout(tree: PoolTree, configured: readonly string[]): LayoutGroup[] {
  return tree.data.map((group) => ({
    kind: group.kind,
    devices: group.devices.map((d) => canonicalDevice(d.path, configured)).sort(),
  }));
}

/** Human form of a layout, e.g. `mirror of /dev/a, /dev/b` or `stripe of 2 disks (/dev/a, /dev/b)`. */
export function describeLayout(groups: readonly LayoutGroup[]): string {
  if (groups.length > 0 && groups.every((g) => g.kind === "disk")) {
    const disks = groups.flatMap((g) => g.devices);
    return disks.length === 1 ? `single disk ${disks[0]}` : `stripe of ${disks.length} disks (${disks.join(", ")})`;
  }
  return groups.map((g) => `${g.kind} of ${g.devices.join(", ")}`).join(" + ");
}

function layoutKey(groups: readonly LayoutGroup[]): string {
  return groups.map((g) => `${g.kind}(${g.devices.join(",")})`).sort().join("+");
}

/** Null when the host's layout matches the config; otherwise what differs (type or device set). */
export function layoutChange(desired: Pick<ZfsPoolInputs, "raidLevel" | "disks">, tree: PoolTree): LayoutChange | null {
  const want = desiredLayout(desired);
  const have = observedLayout(tree, desired.disks);
  if (layoutKey(want) === layoutKey(have)) return null;
  const haveDevices = new Set(have.flatMap((g) => g.devices));
  return {
    from: describeLayout(have),
    to: describeLayout(want),
    added: desired.disks.filter((d) => !haveDevices.has(d)),
    removed: [...haveDevices].filter((d) => !desired.disks.includes(d)),
  };
}
