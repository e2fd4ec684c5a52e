// Rules of phoenix_hypervisor_config.json that span several objects. They see only the
// top-level sections that passed the schema (a section with errors is absent), so each rule
// first checks that the sections it needs are there.
import { sambaShareName, type HypervisorFile } from "../schema/hypervisor";
import { deriveStorageId, storageIdProblem } from "../../providers/proxmox-storage/schema";
import { isPathWithin, sambaShareNameProblem } from "../schema/names";
import { formatPath, type JsonPath, type ProblemSink } from "../problems";

/** Where ZFS mounts a configured dataset: always `/<pool>/<name>` (C.4). */
export function datasetMountpoint(pool: string, dataset: string): string {
  return `/${pool}/${dataset}`;
}

// Reports every repeated key after the first; `where(i)` is the path of entry i.
function reportDuplicates(keys: readonly string[], where: (i: number) => JsonPath, what: string, sink: ProblemSink): void {
  const first = new Map<string, number>();
  keys.forEach((key, i) => {
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else sink.error(where(i), `${what} "${key}" is already defined at ${formatPath(where(earlier))}`);
  });
}

/** The valid top-level sections of a hypervisor file. */
export type HypervisorSections = Partial<HypervisorFile>;

function checkPools(file: HypervisorSections, sink: ProblemSink): void {
  if (!file.zfs) return;
  const pools = file.zfs.pools;
  reportDuplicates(pools.map((p) => p.name), (i) => ["zfs", "pools", i, "name"], "pool", sink);
  const owner = new Map<string, string>();
  pools.forEach((pool, i) =>
    pool.disks.forEach((disk, j) => {
      const other = owner.get(disk);
      const where = other === pool.name ? "listed earlier in this pool" : `already used by pool "${other}"`;
      if (other !== undefined) sink.error(["zfs", "pools", i, "disks", j], `disk "${disk}" is ${where}`);
      owner.set(disk, pool.name);
    }),
  );
}

function checkDatasets(file: HypervisorSections, sink: ProblemSink): void {
  if (!file.zfs) return;
  const pools = new Set(file.zfs.pools.map((p) => p.name));
  const datasets = file.zfs.datasets;
  datasets.forEach((ds, i) => {
    if (!pools.has(ds.pool)) sink.error(["zfs", "datasets", i, "pool"], `pool "${ds.pool}" is not defined in $.zfs.pools`);
    const id = deriveStorageId(ds.pool, ds.name);
    const problem = storageIdProblem(id);
    if (problem) sink.error(["zfs", "datasets", i, "name"], `the derived Proxmox storage id is unusable: ${problem}`);
  });
  reportDuplicates(datasets.map((d) => `${d.pool}/${d.name}`), (i) => ["zfs", "datasets", i, "name"], "dataset", sink);
  checkStorageIdCollisions(file, sink);
}

// "a-b" + "c" and "a" + "b-c" both derive "a-b-c"; Proxmox would see one storage.
function checkStorageIdCollisions(file: HypervisorSections, sink: ProblemSink): void {
  if (!file.zfs) return;
  const byId = new Map<string, { index: number; fullName: string }>();
  file.zfs.datasets.forEach((ds, i) => {
    const id = deriveStorageId(ds.pool, ds.name);
    const fullName = `${ds.pool}/${ds.name}`;
    const earlier = byId.get(id);
    if (earlier === undefined) byId.set(id, { index: i, fullName });
    else if (earlier.fullName !== fullName) {
      sink.error(["zfs", "datasets", i, "name"], `derived storage id "${id}" is also the id of dataset ${earlier.fullName} at ${formatPath(["zfs", "datasets", earlier.index])}`);
    }
  });
}

// The original looked the map up under keys that never matched (C.5); the keys are aliases
// now, and a value that is no dataset's storage id most likely points at nothing.
function checkStorageIdMap(file: HypervisorSections, sink: ProblemSink): void {
  if (!file.zfs || !file.proxmox_storage_ids) return;
  const ids = new Set(file.zfs.datasets.map((d) => deriveStorageId(d.pool, d.name)));
  for (const [alias, id] of Object.entries(file.proxmox_storage_ids)) {
    if (!ids.has(id)) sink.warn(["proxmox_storage_ids", alias], `"${id}" is not the storage id of any configured dataset (ids are <pool>-<dataset>)`);
  }
}

function checkFirewallPlacement(file: HypervisorSections, sink: ProblemSink): void {
  if (file.shared_volumes?.firewall === undefined) return;
  if (file.firewall !== undefined) {
    sink.error(["shared_volumes", "firewall"], "firewall is defined both at the top level and under shared_volumes; keep only the top-level block");
  } else {
    sink.warn(["shared_volumes", "firewall"], "firewall belongs at the top level; it is read as the top-level firewall block");
  }
}

function datasetMountpoints(zfs: NonNullable<HypervisorFile["zfs"]>): string[] {
  return zfs.datasets.map((d) => datasetMountpoint(d.pool, d.name));
}

// C.4: a host path outside every dataset lands on the root file system. Paths under
// mount_point_base are left alone here; where that base maps to is the shared-volume code's call.
function checkSharedVolumes(file: HypervisorSections, sink: ProblemSink): void {
  if (!file.shared_volumes) return;
  for (const name of Object.keys(file.shared_volumes)) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) sink.error(["shared_volumes", name], `invalid shared volume name "${name}" (letters, digits, _ or -)`);
  }
  if (!file.zfs || file.mount_point_base === undefined) return;
  const mountpoints = datasetMountpoints(file.zfs);
  for (const [name, volume] of Object.entries(file.shared_volumes)) {
    if (name === "firewall" || volume === undefined || !("host_path" in volume)) continue;
    const path = volume.host_path;
    const covered = mountpoints.some((m) => isPathWithin(path, m)) || isPathWithin(path, file.mount_point_base);
    if (!covered) {
      sink.warn(["shared_volumes", name, "host_path"], `"${path}" is not inside any dataset mountpoint (/<pool>/<dataset>) or mount_point_base (${file.mount_point_base}); it lives on the root file system`);
    }
  }
}

function checkSamba(file: HypervisorSections, sink: ProblemSink): void {
  if (!file.samba) return;
  const shares = file.samba.shares;
  reportDuplicates(shares.map((s) => sambaShareName(s).toLowerCase()), (i) => ["samba", "shares", i, "name"], "share (names are case-insensitive)", sink);
  // A share without a name is named after its path, which must then be a valid share name too.
  shares.forEach((share, i) => {
    const problem = share.name === undefined ? sambaShareNameProblem(sambaShareName(share)) : undefined;
    if (problem) sink.error(["samba", "shares", i, "path"], `the share is named after its path, but ${problem}`);
  });
  if (!file.zfs) return;
  const mountpoints = datasetMountpoints(file.zfs);
  shares.forEach((share, i) => {
    const path = `/${share.path.replace(/^\//, "")}`;
    if (!mountpoints.some((m) => isPathWithin(path, m))) {
      sink.warn(["samba", "shares", i, "path"], `"${path}" is not inside any configured dataset; the share would be a plain directory`);
    }
  });
}

function checkMisc(file: HypervisorSections, sink: ProblemSink): void {
  if (file.vms) reportDuplicates(file.vms.map((v) => v.name), (i) => ["vms", i, "name"], "VM", sink);
  // Declared, so never silently ignored: the original built a VM only on an explicit command.
  if (file.vms?.length) {
    const names = file.vms.map((v) => v.name).join(", ");
    sink.warn(["vms"], `${names} not created: Phoenix manages the host and its containers, not VMs (the original created a VM only with --create-vm <name>, and its qm command could not work)`);
  }
  if (file.behavior?.rollback_on_failure) {
    sink.warn(["behavior", "rollback_on_failure"], "not honoured: a failed run never destroys a container; the next up continues from what the host shows (the original of this revision ignored it too)");
  }
  if (file.nfs?.exports) reportDuplicates(file.nfs.exports.map((e) => e.path), (i) => ["nfs", "exports", i, "path"], "export", sink);
  // The first revision's shares are exported to the default subnet; without one they would go to the world.
  if (file.nfs?.shares?.length && !file.network?.default_subnet) sink.error(["nfs", "shares"], "shares are exported to network.default_subnet, which is not set; set it or use nfs.exports with explicit clients");
  if (!file.zfs || !file.proxmox_defaults) return;
  const full = new Set(file.zfs.datasets.map((d) => `${d.pool}/${d.name}`));
  const lxcPool = file.proxmox_defaults.zfs_lxc_pool;
  if (!full.has(lxcPool)) sink.warn(["proxmox_defaults", "zfs_lxc_pool"], `"${lxcPool}" is not a configured dataset`);
}

/** Runs every cross-object rule of the hypervisor file. */
export function checkHypervisorFile(file: HypervisorSections, sink: ProblemSink, present: ReadonlySet<string> = new Set(["zfs"])): void {
  // An absent zfs block is accepted (one early revision has none), but never silently: under a
  // declarative tool it means "no pools or datasets", and a misspelled key would read the same.
  if (!present.has("zfs")) sink.warn([], "no zfs section: Phoenix manages no ZFS pools, datasets or storages for this host");
  // In the order the sections appear in the shipped file, so output reads top to bottom.
  checkSamba(file, sink);
  checkPools(file, sink);
  checkDatasets(file, sink);
  checkStorageIdMap(file, sink);
  checkMisc(file, sink);
  checkSharedVolumes(file, sink);
  checkFirewallPlacement(file, sink);
}
