// Rules of phoenix_lxc_configs.json that span several containers, plus the rules that need both
// files (storages and shared volumes). They see only the containers that passed the schema;
// references are resolved against every CTID in the file, so a container with an error of
// its own does not also show up as "not defined" wherever it is referenced.
import type { LxcContainer } from "../schema/lxc";
import { parseLxcOption } from "../schema/lxc-options";
import { formatPath, type JsonPath, type ProblemSink } from "../problems";
import { deriveStorageId } from "../../providers/proxmox-storage/schema";
import { checkContainerScripts, type ScriptCatalogs } from "./scripts";
import type { HypervisorSections } from "./hypervisor";

/** The containers that are valid on their own, and every CTID key present in the file. */
export interface LxcView {
  readonly containers: Readonly<Record<string, LxcContainer>>;
  readonly ids: ReadonlySet<string>;
}

/** What the LXC checks need from outside the LXC file. */
export interface LxcCheckContext {
  /** Where feature and application scripts are found. */
  readonly scripts: ScriptCatalogs;
  /** The hypervisor file names a VM file (core_paths.vm_config_file): unknown dependency ids may be VMs there. */
  readonly vmFileDeclared: boolean;
}

type Entry = [ctid: string, container: LxcContainer];

function checkCloneSource([id, ct]: Entry, view: LxcView, sink: ProblemSink): void {
  const path = ["lxc_configs", id];
  if (ct.template !== undefined && ct.template_file !== undefined) sink.error([...path, "template_file"], "template and template_file both name the template; keep one");
  if (ct.clone_from_ctid === undefined) {
    if (ct.template === undefined && ct.template_file === undefined) sink.error(path, "needs template, template_file or clone_from_ctid");
    else if (ct.unprivileged === undefined) sink.warn(path, "unprivileged is not set: Proxmox creates the container privileged; write unprivileged: true or false");
    return;
  }
  if (ct.template !== undefined) sink.warn([...path, "template"], "ignored because clone_from_ctid is set");
  if (ct.template_file !== undefined) sink.warn([...path, "template_file"], "ignored because clone_from_ctid is set");
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

function checkDependencies([id, ct]: Entry, view: LxcView, context: LxcCheckContext, sink: ProblemSink): void {
  (ct.dependencies ?? []).forEach((dep, i) => {
    const path = ["lxc_configs", id, "dependencies", i];
    if (dep === id) sink.error(path, "a container cannot depend on itself");
    else if (view.ids.has(dep)) return;
    // Later revisions let containers wait for VMs defined in phoenix_vm_configs.json.
    else if (context.vmFileDeclared) sink.warn(path, `${dep} is not a container in lxc_configs; if it is a VM of core_paths.vm_config_file, Phoenix does not manage it and cannot wait for it`);
    else sink.error(path, `container ${dep} is not defined in lxc_configs`);
  });
}

// A container is set up after its clone source and its dependencies; a loop through those
// edges can never be ordered. Reported once, at the loop's lowest CTID.
function checkOrderCycles(view: LxcView, sink: ProblemSink): void {
  const after = (id: string): string[] => {
    const ct = view.containers[id];
    if (ct === undefined) return [];
    return [...(ct.clone_from_ctid === undefined ? [] : [ct.clone_from_ctid]), ...(ct.dependencies ?? [])].filter((d) => d !== id && view.containers[d] !== undefined);
  };
  const reported = new Set<string>();
  for (const start of Object.keys(view.containers).sort((a, b) => Number(a) - Number(b))) {
    const loop = findLoop(start, after);
    if (loop === undefined || loop.some((id) => reported.has(id))) continue;
    const lowest = loop.reduce((a, b) => (Number(a) <= Number(b) ? a : b));
    // A loop of clone links alone is checkCloneCycle's report.
    const cloneOnly = loop.every((id, i) => view.containers[id]?.clone_from_ctid === (loop[i + 1] ?? start));
    if (lowest !== start || cloneOnly) continue;
    loop.forEach((id) => reported.add(id));
    sink.error(["lxc_configs", start, "dependencies"], `setup order loops (clone sources and dependencies): ${[...loop, start].join(" -> ")}`);
  }
}

// Depth-first search for a path from `start` back to itself; returns it without the final repeat.
function findLoop(start: string, next: (id: string) => string[]): string[] | undefined {
  const visited = new Set<string>();
  const walk = (id: string, path: string[]): string[] | undefined => {
    for (const n of next(id)) {
      if (n === start) return path;
      if (visited.has(n)) continue;
      visited.add(n);
      const found = walk(n, [...path, n]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

// Each NIC's MAC: its own hwaddr, or for net0 the container's mac_address.
function nicsOf(ct: LxcContainer): { path: JsonPath; ip?: string; mac?: string }[] {
  const out: { path: JsonPath; ip?: string; mac?: string }[] = [];
  const add = (key: string, net: { ip: string; hwaddr?: string }, fallbackMac?: string) => {
    const ip = /\//.test(net.ip) ? net.ip.split("/")[0] : undefined;
    out.push({ path: [key], ip, mac: (net.hwaddr ?? fallbackMac)?.toLowerCase() });
  };
  add("network_config", ct.network_config, ct.mac_address);
  if (ct.secondary_network_config) add("secondary_network_config", ct.secondary_network_config);
  if (ct.public_interface?.enabled) add("public_interface", { ip: ct.public_interface.ip, hwaddr: ct.public_interface.mac_address });
  return out;
}

// Two NICs with one MAC or one address break both containers' networking.
function checkUniqueNetwork(entries: readonly Entry[], sink: ProblemSink): void {
  const macs = new Map<string, string>();
  const ips = new Map<string, string>();
  for (const [id, ct] of entries) {
    for (const nic of nicsOf(ct)) {
      const where = (field: string) => ["lxc_configs", id, ...nic.path, field];
      const owner = nic.path[0] === "network_config" ? `container ${id}` : `container ${id} (${nic.path[0]})`;
      if (nic.mac !== undefined) {
        const macPath = nic.path[0] === "network_config" && ct.network_config.hwaddr === undefined ? ["lxc_configs", id, "mac_address"] : where(nic.path[0] === "public_interface" ? "mac_address" : "hwaddr");
        if (macs.has(nic.mac)) sink.error(macPath, `MAC address is also used by ${macs.get(nic.mac)}`);
        else macs.set(nic.mac, owner);
      }
      if (nic.ip !== undefined) {
        if (ips.has(nic.ip)) sink.error(where("ip"), `address ${nic.ip} is also used by ${ips.get(nic.ip)}`);
        else ips.set(nic.ip, owner);
      }
    }
    if (ct.secondary_network_config?.name === ct.network_config.name) {
      sink.error(["lxc_configs", id, "secondary_network_config", "name"], `interface name ${ct.network_config.name} is already used by network_config`);
    }
  }
}

/** Every mount point a container entry declares, with where it is declared. */
function mountPointsOf(ct: LxcContainer): { path: JsonPath; at: string }[] {
  return [
    ...(ct.volumes ?? []).map((v, i) => ({ path: ["volumes", i, "mount_point"], at: v.mount_point })),
    ...(ct.zfs_volumes ?? []).map((v, i) => ({ path: ["zfs_volumes", i, "mount_point"], at: v.mount_point })),
    ...(ct.mount_points ?? []).map((m, i) => ({ path: ["mount_points", i, "container_path"], at: m.container_path })),
  ];
}

// pct refuses two mount points at one path; the original would silently overwrite one (C.12).
function checkMountPoints([id, ct]: Entry, sink: ProblemSink): void {
  const seen = new Map<string, JsonPath>();
  for (const { path, at } of mountPointsOf(ct)) {
    const earlier = seen.get(at);
    if (earlier !== undefined) sink.error(["lxc_configs", id, ...path], `${at} is already the mount point of ${formatPath(earlier).slice(2)}`);
    else seen.set(at, path.slice(0, 2));
  }
}

// apparmor_profile and an lxc.apparmor.profile line in lxc_options that disagree leave the
// container's confinement to whichever the builder writes last.
function checkApparmor([id, ct]: Entry, sink: ProblemSink): void {
  if (ct.apparmor_profile === undefined) return;
  (ct.lxc_options ?? []).forEach((option, i) => {
    const parsed = parseLxcOption(option);
    const profile = "entries" in parsed ? parsed.entries.find((e) => e.key === "lxc.apparmor.profile")?.value : undefined;
    if (profile !== undefined && profile !== ct.apparmor_profile) {
      sink.error(["lxc_configs", id, "lxc_options", i], `sets AppArmor profile "${profile}" but apparmor_profile is "${ct.apparmor_profile}"`);
    }
  });
}

function checkNameservers([id, ct]: Entry, sink: ProblemSink): void {
  const { nameserver, nameservers } = ct.network_config;
  if (nameserver !== undefined && nameservers !== undefined && JSON.stringify(nameserver) !== JSON.stringify(nameservers)) {
    sink.error(["lxc_configs", id, "network_config", "nameserver"], "nameserver and nameservers disagree; keep one (the original used nameserver)");
  }
}

/** Runs every cross-container rule of the LXC file. */
export function checkLxcFile(view: LxcView, context: LxcCheckContext, sink: ProblemSink): void {
  const entries = Object.entries(view.containers);
  for (const entry of entries) {
    checkCloneSource(entry, view, sink);
    checkCloneCycle(entry, view, sink);
    checkDependencies(entry, view, context, sink);
    checkMountPoints(entry, sink);
    checkApparmor(entry, sink);
    checkNameservers(entry, sink);
    checkContainerScripts(entry[0], entry[1], context.scripts, sink);
  }
  checkOrderCycles(view, sink);
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
      for (const key of ["volumes", "zfs_volumes"] as const) {
        (ct[key] ?? []).forEach((v, i) => checkStorageRef(v.pool, ["lxc_configs", id, key, i, "pool"], contents, lxcSink));
      }
    }
  }
  checkSharedMounts(hv, lxc, hvSink);
  checkTemplateFiles(hv, lxc, lxcSink);
}

/** The alias under which the original looks up the storage that holds `template_file` templates. */
export const TEMPLATE_STORAGE_ALIAS = "fastData_shared_iso";

// A template_file is a file name on the storage proxmox_storage_ids.fastData_shared_iso names;
// without that alias the container cannot be created.
function checkTemplateFiles(hv: HypervisorSections, lxc: LxcView, sink: ProblemSink): void {
  for (const [id, ct] of Object.entries(lxc.containers)) {
    if (ct.template_file === undefined || ct.clone_from_ctid !== undefined || ct.template !== undefined) continue;
    if (hv.proxmox_storage_ids?.[TEMPLATE_STORAGE_ALIAS] === undefined) {
      sink.error(["lxc_configs", id, "template_file"], `needs proxmox_storage_ids.${TEMPLATE_STORAGE_ALIAS} in the hypervisor config: the storage that holds the template file`);
    }
  }
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
      const clash = ct === undefined ? undefined : mountPointsOf(ct).find((m) => m.at === mountPath);
      if (clash) sink.error(path, `${mountPath} is already the mount point of ${formatPath(["lxc_configs", id, ...clash.path.slice(0, 2)])} in the LXC config`);
    }
  }
}
