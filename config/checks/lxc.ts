// Rules of phoenix_lxc_configs.json that span several containers, plus the rules that need both
// files (storages and shared volumes). They see only the containers that passed the schema;
// references are resolved against every CTID in the file, so a container with an error of
// its own does not also show up as "not defined" wherever it is referenced.
import type { LxcContainer } from "../schema/lxc";
import { formatPath, type ProblemSink } from "../problems";
import { deriveStorageId } from "../../providers/proxmox-storage/schema";
import type { HypervisorSections } from "./hypervisor";

/** The containers that are valid on their own, and every CTID key present in the file. */
export interface LxcView {
  readonly containers: Readonly<Record<string, LxcContainer>>;
  readonly ids: ReadonlySet<string>;
}

type Entry = [ctid: string, container: LxcContainer];

function checkCloneSource([id, ct]: Entry, view: LxcView, sink: ProblemSink): void {
  const path = ["lxc_configs", id];
  if (ct.clone_from_ctid === undefined) {
    if (ct.template === undefined) sink.error(path, "needs either template or clone_from_ctid");
    return;
  }
  if (ct.template !== undefined) sink.warn([...path, "template"], "ignored because clone_from_ctid is set");
  if (ct.clone_from_ctid === id) sink.error([...path, "clone_from_ctid"], "a container cannot be cloned from itself");
  else if (!view.ids.has(ct.clone_from_ctid)) sink.error([...path, "clone_from_ctid"], `container ${ct.clone_from_ctid} is not defined in lxc_configs`);
}

// Follows clone_from_ctid links; a chain that revisits a container can never be built.
function checkCloneCycle([id, ct]: Entry, view: LxcView, sink: ProblemSink): void {
  const seen = [id];
  let next = ct.clone_from_ctid;
  while (next !== undefined && next !== id && view.containers[next] !== undefined) {
    if (seen.includes(next)) return; // a cycle that does not include `id`; reported from its members
    seen.push(next);
    next = view.containers[next].clone_from_ctid;
  }
  // Reported once, at the loop's lowest CTID, rather than at every member.
  const lowest = seen.every((other) => Number(id) <= Number(other));
  if (next === id && seen.length > 1 && lowest) sink.error(["lxc_configs", id, "clone_from_ctid"], `clone chain loops: ${[...seen, id].join(" -> ")}`);
}

function checkDependencies([id, ct]: Entry, view: LxcView, sink: ProblemSink): void {
  (ct.dependencies ?? []).forEach((dep, i) => {
    const path = ["lxc_configs", id, "dependencies", i];
    if (dep === id) sink.error(path, "a container cannot depend on itself");
    else if (!view.ids.has(dep)) sink.error(path, `container ${dep} is not defined in lxc_configs`);
  });
}

// Two NICs with one MAC or one address on the same bridge break both containers' networking.
function checkUniqueNetwork(entries: readonly Entry[], sink: ProblemSink): void {
  const macs = new Map<string, string>();
  const ips = new Map<string, string>();
  for (const [id, ct] of entries) {
    const mac = ct.mac_address?.toLowerCase();
    const ip = ct.network_config.ip.split("/")[0];
    if (mac !== undefined && macs.has(mac)) sink.error(["lxc_configs", id, "mac_address"], `MAC address is also used by container ${macs.get(mac)}`);
    if (ips.has(ip)) sink.error(["lxc_configs", id, "network_config", "ip"], `address ${ip} is also used by container ${ips.get(ip)}`);
    if (mac !== undefined && !macs.has(mac)) macs.set(mac, id);
    if (!ips.has(ip)) ips.set(ip, id);
  }
}

// pct refuses two mount points at one path; the original would silently overwrite one (C.12).
function checkVolumeMountPoints([id, ct]: Entry, sink: ProblemSink): void {
  const seen = new Map<string, number>();
  (ct.volumes ?? []).forEach((volume, i) => {
    const earlier = seen.get(volume.mount_point);
    if (earlier !== undefined) sink.error(["lxc_configs", id, "volumes", i, "mount_point"], `${volume.mount_point} is already the mount point of volumes[${earlier}]`);
    else seen.set(volume.mount_point, i);
  });
}

/** Runs every cross-container rule of the LXC file. */
export function checkLxcFile(view: LxcView, sink: ProblemSink): void {
  const entries = Object.entries(view.containers);
  for (const entry of entries) {
    checkCloneSource(entry, view, sink);
    checkCloneCycle(entry, view, sink);
    checkDependencies(entry, view, sink);
    checkVolumeMountPoints(entry, sink);
  }
  checkUniqueNetwork(entries, sink);
}

// Storages this config creates, with their content lists.
function storageContents(zfs: NonNullable<HypervisorSections["zfs"]>): Map<string, string[]> {
  return new Map(zfs.datasets.map((d) => [deriveStorageId(d.pool, d.name), d.proxmox_content_type.split(",")]));
}

// A storage this config defines must hold container volumes (rootdir); one it does not
// define may exist on the host already (local-lvm), so that is only a warning.
function checkStorageRef(storage: string, path: (string | number)[], contents: Map<string, string[]>, sink: ProblemSink): void {
  const content = contents.get(storage);
  if (content === undefined) sink.warn(path, `storage "${storage}" is not defined by the hypervisor config; it must already exist on the host`);
  else if (!content.includes("rootdir")) sink.error(path, `storage "${storage}" does not allow container volumes (content ${content.join(",")} lacks rootdir)`);
}

/** Rules that need both files; problems land in the file that holds the offending value. */
export function checkConfigPair(hv: HypervisorSections, lxc: LxcView, hvSink: ProblemSink, lxcSink: ProblemSink): void {
  if (hv.zfs) {
    const contents = storageContents(hv.zfs);
    for (const [id, ct] of Object.entries(lxc.containers)) {
      checkStorageRef(ct.storage_pool, ["lxc_configs", id, "storage_pool"], contents, lxcSink);
      (ct.volumes ?? []).forEach((v, i) => checkStorageRef(v.pool, ["lxc_configs", id, "volumes", i, "pool"], contents, lxcSink));
    }
  }
  checkSharedMounts(hv, lxc, hvSink);
}

// Shared volumes name containers by CTID; a mount for an unknown container is never applied,
// and one whose path a dedicated volume already uses would shadow it (C.12).
function checkSharedMounts(hv: HypervisorSections, lxc: LxcView, sink: ProblemSink): void {
  const taken = new Map<string, string>(); // "<ctid> <path>" -> volume name
  for (const [name, volume] of Object.entries(hv.shared_volumes ?? {})) {
    if (name === "firewall" || volume === undefined || !("mounts" in volume)) continue;
    for (const [id, mountPath] of Object.entries(volume.mounts)) {
      const path = ["shared_volumes", name, "mounts", id];
      const other = taken.get(`${id} ${mountPath}`);
      if (other !== undefined) sink.error(path, `${mountPath} in container ${id} is already the mount point of shared volume ${other}`);
      taken.set(`${id} ${mountPath}`, other ?? name);
      const ct = lxc.containers[id];
      if (!lxc.ids.has(id)) sink.warn(path, `container ${id} is not defined in the LXC config`);
      const clash = ct?.volumes?.findIndex((v) => v.mount_point === mountPath) ?? -1;
      if (clash >= 0) sink.error(path, `${mountPath} is already the mount point of ${formatPath(["lxc_configs", id, "volumes", clash])} in the LXC config`);
    }
  }
}
