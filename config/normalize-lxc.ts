// Turns the validated LXC file into one ContainerSpec per CTID: every key that changes what gets
// built, in one shape whatever spelling the file used (volumes / zfs_volumes, nameserver /
// nameservers, port / dport, lxc.key=value / lxc.key: value, ...). The container and firewall
// resource kinds build from this; keys only the original's application scripts and test runner
// read stay available in `entry`. Only called on a file that passed the schema and the checks.
import { normalizeFirewallRule, type FirewallRule } from "./schema/firewall";
import { nameserverAddresses, type LxcContainer, type LxcFile, type NetworkConfig } from "./schema/lxc";
import type { Need } from "./script-header";
import { completeIdMap, parseLxcOption, parsePveFeatures, type IdMapRange, type RawLxcEntry } from "./schema/lxc-options";

/** Where a container comes from. */
export type ContainerSource =
  | { readonly kind: "template"; readonly template: string }
  /** `<storage>:vztmpl/<file>` on the storage proxmox_storage_ids.fastData_shared_iso names, as the original resolves it. */
  | { readonly kind: "template_file"; readonly file: string; readonly storage: string }
  | { readonly kind: "clone"; readonly from: string };

/** One netN line. */
export interface NicSpec {
  readonly index: number;
  readonly name: string;
  readonly bridge: string;
  /** CIDR, `dhcp` or `manual`. */
  readonly ip: string;
  readonly gw?: string;
  readonly hwaddr?: string;
  readonly tag?: number;
  readonly mtu?: number;
  /** firewall=1 on the NIC when the container's firewall is enabled, as the original sets it. */
  readonly firewall: boolean;
}

/** A volume allocated on a storage (mpN `<storage>:<size>`). */
export interface VolumeSpec {
  readonly name: string;
  readonly storage: string;
  readonly sizeGb: number;
  readonly mountPoint: string;
}

/** A bind mount (mpN `<host path>,mp=<path>`). */
export interface BindMountSpec {
  readonly hostPath: string;
  readonly containerPath: string;
  /** Ids inside the container; the host path is chowned to their mapped host ids. */
  readonly owner?: { readonly uid: number; readonly gid: number };
  readonly readOnly: boolean;
}

/** The container firewall (`<ctid>.fw`). */
export interface ContainerFirewallSpec {
  readonly enabled: boolean;
  readonly policyIn?: "ACCEPT" | "DROP" | "REJECT";
  readonly policyOut?: "ACCEPT" | "DROP" | "REJECT";
  readonly rules: readonly FirewallRule[];
}

/** Everything the container kind needs to build and converge one container. */
export interface ContainerSpec {
  readonly ctid: string;
  readonly hostname: string;
  readonly source: ContainerSource;
  /** Snapshot of this container that clones of it start from. */
  readonly templateSnapshotName?: string;
  /** Convert to a Proxmox template once set up. */
  readonly isTemplate: boolean;
  readonly memoryMb: number;
  readonly swapMb?: number;
  readonly cores: number;
  readonly rootfs: { readonly storage: string; readonly sizeGb: number };
  /** Absent: as the clone source, or Proxmox's default (privileged) for a new container. */
  readonly unprivileged?: boolean;
  readonly startup: { readonly onboot: boolean; readonly order?: number; readonly delay?: number };
  readonly nics: readonly NicSpec[];
  /** The 2025-11 macvlan interface, written as raw lxc.net lines by the container kind. */
  readonly publicInterface?: { readonly mode: string; readonly ip: string; readonly gw?: string; readonly hwaddr?: string; readonly link?: string };
  readonly nameservers: readonly string[];
  /** `features:` of the container config (nesting, keyctl, ...), values normalised to 0/1. */
  readonly pveFeatures: Readonly<Record<string, string>>;
  /** lxc.apparmor.profile, when the file sets one (apparmor_profile or lxc_options). */
  readonly apparmorProfile?: string;
  /** Raw `lxc.*` lines in file order: lxc_options, then what apparmor_* imply. */
  readonly rawLxc: readonly RawLxcEntry[];
  /** Complete lxc.idmap ranges when id_maps is set; empty means Proxmox's default map. */
  readonly idMap: readonly IdMapRange[];
  readonly volumes: readonly VolumeSpec[];
  readonly bindMounts: readonly BindMountSpec[];
  /** GPU indexes passed through (/dev/nvidiaN). */
  readonly gpus: readonly number[];
  /** Feature scripts in run order. */
  readonly features: readonly string[];
  readonly lifecycleSnapshots: boolean;
  /** allow_destroy: the container's disks may be destroyed (removal or re-creation). */
  readonly allowDestroy: boolean;
  readonly firewall?: ContainerFirewallSpec;
  /** Containers (and, when the hypervisor file names a VM file, VMs) set up before this one. */
  readonly dependencies: readonly string[];
  readonly portainerRole: "server" | "agent" | "none" | "infrastructure";
  /** The entry as written, for keys the application scripts read (vllm_*, ports, traefik_service, ...). */
  readonly entry: LxcContainer;
}

/** The normalised LXC file. */
export interface LxcConfig {
  readonly containers: readonly ContainerSpec[];
}

function source(ct: LxcContainer, templateStorage: string | undefined): ContainerSource {
  if (ct.clone_from_ctid !== undefined) return { kind: "clone", from: ct.clone_from_ctid };
  if (ct.template !== undefined) return { kind: "template", template: ct.template };
  return { kind: "template_file", file: ct.template_file as string, storage: templateStorage as string };
}

function nic(index: number, net: NetworkConfig, hwaddr: string | undefined, firewall: boolean): NicSpec {
  const out = { index, name: net.name, bridge: net.bridge, ip: net.ip, gw: net.gw, hwaddr: net.hwaddr ?? hwaddr, tag: net.tag, mtu: net.mtu, firewall };
  return withoutUndefined(out) as NicSpec;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

// The raw lines lxc_options and the apparmor keys stand for, and the profile they set.
function rawLxc(ct: LxcContainer): { entries: RawLxcEntry[]; profile?: string } {
  const entries = (ct.lxc_options ?? []).flatMap((o) => {
    const parsed = parseLxcOption(o);
    return "entries" in parsed ? parsed.entries : [];
  });
  const written = entries.find((e) => e.key === "lxc.apparmor.profile")?.value;
  const profile = ct.apparmor_profile ?? written;
  if (ct.apparmor_profile !== undefined && written === undefined) entries.push({ key: "lxc.apparmor.profile", value: ct.apparmor_profile });
  // The original adds these for a named profile; an unconfined container nests through nesting=1.
  if (ct.apparmor_manages_nesting && profile !== undefined && profile !== "unconfined") {
    for (const entry of [{ key: "lxc.apparmor.allow_nesting", value: "1" }, { key: "lxc.include", value: "/usr/share/lxc/config/nesting.conf" }]) {
      if (!entries.some((e) => e.key === entry.key && e.value === entry.value)) entries.push(entry);
    }
  }
  return profile === undefined ? { entries } : { entries, profile };
}

function pveFeatures(ct: LxcContainer, needs: ReadonlySet<Need>): Record<string, string> {
  const features = parsePveFeatures(ct.pct_options ?? []).features;
  // The original sets nesting=1 for apparmor_profile "unconfined" unless told otherwise, and for
  // docker; here any script that declares `phoenix-needs: nesting` asks for it.
  if ((ct.apparmor_profile === "unconfined" || needs.has("nesting")) && features.nesting === undefined) features.nesting = "1";
  return features;
}

/** One container entry, normalised. */
export function normalizeContainer(ctid: string, ct: LxcContainer, templateStorage?: string, needs: ReadonlySet<Need> = new Set()): ContainerSpec {
  const firewallOn = ct.firewall?.enabled ?? false;
  const raw = rawLxc(ct);
  const nics = [nic(0, ct.network_config, ct.mac_address, firewallOn)];
  if (ct.secondary_network_config) nics.push(nic(1, ct.secondary_network_config, undefined, firewallOn));
  const servers = ct.network_config.nameserver ?? ct.network_config.nameservers;
  const pub = ct.public_interface;
  const spec = {
    ctid,
    hostname: ct.name,
    source: source(ct, templateStorage),
    templateSnapshotName: ct.template_snapshot_name,
    isTemplate: ct.is_template ?? false,
    memoryMb: ct.memory_mb,
    swapMb: ct.swap_mb,
    cores: ct.cores,
    rootfs: { storage: ct.storage_pool, sizeGb: ct.storage_size_gb },
    unprivileged: ct.unprivileged,
    startup: withoutUndefined({ onboot: ct.start_at_boot ?? false, order: ct.boot_order, delay: ct.boot_delay }),
    nics,
    publicInterface: pub?.enabled ? withoutUndefined({ mode: pub.mode, ip: pub.ip, gw: pub.gw, hwaddr: pub.mac_address, link: pub.link }) : undefined,
    nameservers: servers === undefined ? [] : nameserverAddresses(servers),
    pveFeatures: pveFeatures(ct, needs),
    apparmorProfile: raw.profile,
    rawLxc: raw.entries,
    idMap: ct.id_maps ? completeIdMap(ct.id_maps).ranges : [],
    volumes: [...(ct.volumes ?? []), ...(ct.zfs_volumes ?? [])].map((v) => ({ name: v.name, storage: v.pool, sizeGb: v.size_gb, mountPoint: v.mount_point })),
    bindMounts: (ct.mount_points ?? []).map((m) =>
      withoutUndefined({
        hostPath: m.host_path,
        containerPath: m.container_path,
        owner: m.owner_uid === undefined || m.owner_gid === undefined ? undefined : { uid: m.owner_uid, gid: m.owner_gid },
        readOnly: m.read_only ?? false,
      }),
    ),
    gpus: gpuIndexes(ct.gpu_assignment),
    features: [...(ct.features ?? [])],
    lifecycleSnapshots: ct.enable_lifecycle_snapshots ?? false,
    allowDestroy: ct.allow_destroy ?? false,
    firewall: ct.firewall
      ? withoutUndefined({ enabled: ct.firewall.enabled, policyIn: ct.firewall.default_input_policy, policyOut: ct.firewall.default_output_policy, rules: (ct.firewall.rules ?? []).map(normalizeFirewallRule) })
      : undefined,
    dependencies: [...(ct.dependencies ?? [])],
    portainerRole: ct.portainer_role ?? "none",
    entry: ct,
  };
  return withoutUndefined(spec) as ContainerSpec;
}

/** "none", "0", "0,1" or "0, 1" as GPU indexes. */
export function gpuIndexes(assignment: string | undefined): number[] {
  if (assignment === undefined || assignment === "none") return [];
  return assignment.split(",").map((g) => Number(g.trim()));
}

/** The LXC part of a validated config pair, normalised; `templateStorage` holds template_file templates. */
/** `needsOf` says what a container's scripts need (config/checks/scripts.ts); nesting changes its settings. */
export function normalizeLxc(file: LxcFile, templateStorage?: string, needsOf: (ct: LxcContainer) => ReadonlySet<Need> = () => new Set()): LxcConfig {
  return { containers: Object.entries(file.lxc_configs).map(([ctid, ct]) => normalizeContainer(ctid, ct, templateStorage, needsOf(ct))) };
}
