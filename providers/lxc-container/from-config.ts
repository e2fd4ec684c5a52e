// From one normalised container entry (config/normalize-lxc.ts) and the hypervisor file to
// LxcContainer inputs. Pure; the program passes the result as the resource's args. What each
// config key becomes is listed in docs/decisions/0015-lxc-container.md.
import type { BindMountSpec, ContainerSpec } from "../../config/normalize-lxc";
import type { HypervisorFile } from "../../config/schema/hypervisor";
import { nameserverAddresses } from "../../config/schema/lxc";
import type { LxcContainerRawInputs } from "./schema";

/** The parts of the hypervisor file containers depend on. */
export type HypervisorForContainers = Pick<HypervisorFile, "network" | "shared_volumes">;

// shared_volumes entries that mount into `ctid`. Their directories and owners (container root
// or a named host user) belong to the SharedVolume resources (docs/decisions/0024): a chown
// here as well would have two resources converge one directory, possibly to different owners.
function sharedMounts(ctid: string, hv: HypervisorForContainers): BindMountSpec[] {
  const out: BindMountSpec[] = [];
  for (const [name, volume] of Object.entries(hv.shared_volumes ?? {})) {
    if (name === "firewall" || volume === undefined || !("mounts" in volume)) continue;
    const containerPath = volume.mounts[ctid];
    if (containerPath === undefined) continue;
    out.push({ hostPath: volume.host_path, containerPath, readOnly: false });
  }
  return out;
}

// The 2025-11 macvlan NIC: raw lxc.net.<n> lines after the PVE-managed netN (PVE writes those itself).
function macvlanLines(spec: ContainerSpec, hv: HypervisorForContainers): { key: string; value: string }[] {
  const pub = spec.publicInterface;
  if (pub === undefined) return [];
  const n = Math.max(-1, ...spec.nics.map((nic) => nic.index)) + 1;
  const net = hv.network;
  const bridge = net?.public_bridge ?? net?.interfaces.name;
  const link = pub.link ?? (net?.macvlan_vlan_tag !== undefined && bridge !== undefined ? `${bridge}.${net.macvlan_vlan_tag}` : bridge);
  const line = (k: string, value: string) => ({ key: `lxc.net.${n}.${k}`, value });
  return [
    line("type", "macvlan"),
    line("macvlan.mode", pub.mode),
    ...(link === undefined ? [] : [line("link", link)]),
    line("flags", "up"),
    ...(pub.hwaddr === undefined ? [] : [line("hwaddr", pub.hwaddr)]),
    ...(pub.ip === "dhcp" ? [] : [line("ipv4.address", pub.ip)]),
    ...(pub.gw === undefined ? [] : [line("ipv4.gateway", pub.gw)]),
  ];
}

// Guest firewall rules are IN or OUT only (the config's guest rule schema refuses FORWARD).
function guestDirection(direction: string): "in" | "out" {
  if (direction !== "in" && direction !== "out") throw new Error(`a container firewall rule cannot be ${direction}`);
  return direction;
}

/**
 * LxcContainer inputs for `spec`. `containers` is the whole normalised file: a clone starts
 * from its source's template snapshot (none when the source is a PVE template, which has none).
 */
export function lxcContainerInputs(spec: ContainerSpec, hypervisor: HypervisorForContainers, containers: readonly ContainerSpec[]): LxcContainerRawInputs {
  const src = spec.source;
  let source: LxcContainerRawInputs["source"];
  if (src.kind === "clone") {
    const from = containers.find((c) => c.ctid === src.from);
    if (from === undefined) throw new Error(`container ${spec.ctid}: clone source ${src.from} is not in the configuration`);
    source = from.isTemplate || from.templateSnapshotName === undefined ? { kind: "clone", from: src.from } : { kind: "clone", from: src.from, snapshot: from.templateSnapshotName };
  } else source = { kind: "template", template: src.kind === "template" ? src.template : `${src.storage}:vztmpl/${src.file}` };
  const hostDns = hypervisor.network?.interfaces.dns_nameservers;
  const nameservers = spec.nameservers.length > 0 ? [...spec.nameservers] : hostDns === undefined ? [] : nameserverAddresses(hostDns);
  const { order, delay } = spec.startup;
  const idmap = spec.idMap.map((r) => ({ key: "lxc.idmap", value: `${r.kind} ${r.container} ${r.host} ${r.size}` }));
  const fw = spec.firewall;
  return {
    ctid: spec.ctid,
    hostname: spec.hostname,
    source,
    ...(spec.unprivileged === undefined ? {} : { unprivileged: spec.unprivileged }),
    memoryMb: spec.memoryMb,
    ...(spec.swapMb === undefined ? {} : { swapMb: spec.swapMb }),
    cores: spec.cores,
    rootfs: { storage: spec.rootfs.storage, sizeGb: spec.rootfs.sizeGb },
    nics: spec.nics.map((n) => ({ ...n })),
    nameservers,
    features: { ...spec.pveFeatures },
    onboot: spec.startup.onboot,
    ...(order === undefined && delay === undefined ? {} : { startup: { ...(order === undefined ? {} : { order }), ...(delay === undefined ? {} : { up: delay }) } }),
    volumes: spec.volumes.map((v) => ({ storage: v.storage, sizeGb: v.sizeGb, mountPoint: v.mountPoint })),
    bindMounts: [...spec.bindMounts, ...sharedMounts(spec.ctid, hypervisor)].map((b) => ({ ...b })),
    gpus: [...spec.gpus],
    rawLxc: [...spec.rawLxc.map((e) => ({ ...e })), ...idmap, ...macvlanLines(spec, hypervisor)],
    ...(fw === undefined ? {} : { firewall: { enabled: fw.enabled, ...(fw.policyIn ? { policyIn: fw.policyIn } : {}), ...(fw.policyOut ? { policyOut: fw.policyOut } : {}), rules: fw.rules.map((r) => ({ ...r, direction: guestDirection(r.direction) })) } }),
    template: spec.isTemplate,
    running: !spec.isTemplate,
    allowDestroy: spec.allowDestroy,
  };
}
