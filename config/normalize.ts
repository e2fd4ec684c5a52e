// Turns the validated hypervisor file into the shapes providers consume. Only called on a file
// that passed the schema and the checks, so every lookup here succeeds.
import { deriveStorageId } from "../providers/proxmox-storage/schema";
import { datasetMountpoint } from "./checks/hypervisor";
import { normalizeFirewallRule, type FirewallRule } from "./schema/firewall";
import type { HypervisorFile } from "./schema/hypervisor";
import type { RaidLevel } from "../providers/zfs-pool/schema";
import { normalizeRaidLevel, propertiesText } from "./schema/zfs";
import { parseZfsProperties } from "./schema/zfs-properties";

/** A ZFS pool as Phoenix manages it. */
export interface ZfsPoolSpec {
  readonly name: string;
  /** Lower-case layout; `single` and `stripe` both mean "no vdev keyword". */
  readonly raidLevel: RaidLevel;
  readonly disks: readonly string[];
  /** May disks be wiped and the pool created with -f; false unless the config says true. */
  readonly allowWipe: boolean;
  /** May the pool be destroyed when it leaves the config; false unless the config says true. */
  readonly allowDestroy: boolean;
}

/** The Proxmox storage registered for a dataset. */
export interface StorageSpec {
  /** `<pool>-<name>`, e.g. `quickOS-vm-disks`. */
  readonly id: string;
  readonly type: "zfspool" | "dir";
  readonly content: readonly string[];
}

/** A ZFS dataset (always a filesystem, mounted at `/<pool>/<name>`) and its storage. */
export interface ZfsDatasetSpec {
  readonly pool: string;
  readonly name: string;
  /** `<pool>/<name>`. */
  readonly fullName: string;
  /** Always `/<pool>/<name>`, as the original set it at creation (`dir` storages point here). */
  readonly mountpoint: string;
  /** Full property names (aliases resolved), values exactly as written. */
  readonly properties: Readonly<Record<string, string>>;
  readonly storage: StorageSpec;
  readonly allowDestroy: boolean;
  /** allow_adopt_storage: a foreign storage section with this id may be taken over. */
  readonly allowAdoptStorage: boolean;
  /** The file's storage_class label, when written; storage registration does not depend on it (ADR 0009). */
  readonly storageClass?: "direct" | "shared";
}

/** Everything ZFS-related the rest of the program needs. */
export interface ZfsConfig {
  readonly pools: readonly ZfsPoolSpec[];
  readonly datasets: readonly ZfsDatasetSpec[];
  /** zfs_arc_max in bytes (arc_max_gb * 1024^3, rounded down); absent when not configured. */
  readonly arcMaxBytes?: number;
}

/** The ZFS part of a validated hypervisor file, normalised. */
export function normalizeZfs(file: HypervisorFile): ZfsConfig {
  // A file without a zfs block manages no pools or datasets.
  const zfs = file.zfs ?? { pools: [], datasets: [], arc_max_gb: undefined, arc_max: undefined };
  const pools = zfs.pools.map((p) => ({
    name: p.name,
    raidLevel: normalizeRaidLevel(p.raid_level) as RaidLevel,
    disks: [...p.disks],
    allowWipe: p.allow_wipe ?? false,
    allowDestroy: p.allow_destroy ?? false,
  }));
  const datasets = zfs.datasets.map((d) => ({
    pool: d.pool,
    name: d.name,
    fullName: `${d.pool}/${d.name}`,
    mountpoint: datasetMountpoint(d.pool, d.name),
    properties: parseZfsProperties(propertiesText(d.properties)).properties,
    storage: { id: deriveStorageId(d.pool, d.name), type: d.proxmox_storage_type, content: d.proxmox_content_type.split(",") },
    allowDestroy: d.allow_destroy ?? false,
    allowAdoptStorage: d.allow_adopt_storage ?? false,
    ...(d.storage_class === undefined ? {} : { storageClass: d.storage_class }),
  }));
  const arcMaxBytes = zfs.arc_max !== undefined ? Number(zfs.arc_max) : zfs.arc_max_gb === undefined ? undefined : Math.floor(zfs.arc_max_gb * 1024 ** 3);
  return arcMaxBytes === undefined ? { pools, datasets } : { pools, datasets, arcMaxBytes };
}

/** The datacenter firewall (cluster.fw): switch, default policies and cluster-wide rules. */
export interface HostFirewall {
  readonly enabled: boolean;
  readonly default_input_policy: "ACCEPT" | "DROP" | "REJECT";
  readonly default_output_policy: "ACCEPT" | "DROP" | "REJECT";
  /** global_firewall_rules, normalised; undefined when the file has no such key ([RULES] is then not Phoenix's). */
  readonly rules?: readonly FirewallRule[];
}

/** The datacenter firewall block, wherever the file put it (top level wins; both is an error). */
export function resolveHostFirewall(file: HypervisorFile): HostFirewall | undefined {
  const block = file.firewall ?? file.shared_volumes?.firewall;
  if (block === undefined) return undefined;
  const { global_firewall_rules: rules, ...rest } = block;
  return rules === undefined ? rest : { ...rest, rules: rules.map(normalizeFirewallRule) };
}
