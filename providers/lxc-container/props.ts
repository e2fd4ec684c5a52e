// PVE property strings (`k=v,k=v`, an optional bare default key first) for netN, rootfs, mpN,
// features and startup, as PVE::JSONSchema parse_property_string / print_property_string and
// pve-container's formats ($netconf_desc, $rootfs_desc, $mp_desc) read and write them.
import type { NicInputs } from "./schema";

/** Parses `a=1,b=2` (and a bare first value under `defaultKey`). */
export function parsePropertyString(text: string, defaultKey?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(",")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0 && defaultKey !== undefined && !(defaultKey in out)) out[defaultKey] = part;
    else if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** The netN value as PVE stores it: name first, the other keys sorted, type=veth. */
export function renderNet(nic: NicInputs, hwaddr: string | undefined): string {
  const keys: Record<string, string> = { bridge: nic.bridge, ip: nic.ip, type: "veth" };
  if (nic.firewall) keys.firewall = "1";
  if (nic.gw !== undefined) keys.gw = nic.gw;
  if (hwaddr !== undefined) keys.hwaddr = hwaddr;
  if (nic.tag !== undefined) keys.tag = String(nic.tag);
  if (nic.mtu !== undefined) keys.mtu = String(nic.mtu);
  const rest = Object.keys(keys).sort().map((k) => `${k}=${keys[k]}`);
  return [`name=${nic.name}`, ...rest].join(",");
}

/** What of a netN line Phoenix manages differs from the NIC (hwaddr only when configured). */
export function netDiffers(nic: NicInputs, observed: string | undefined): boolean {
  if (observed === undefined) return true;
  const o = parsePropertyString(observed);
  const same = (a: string | undefined, b: string | undefined) => (a ?? "") === (b ?? "");
  return !(
    same(o.name, nic.name) &&
    same(o.bridge, nic.bridge) &&
    same(o.ip, nic.ip) &&
    same(o.gw, nic.gw) &&
    same(o.tag, nic.tag?.toString()) &&
    same(o.mtu, nic.mtu?.toString()) &&
    (o.firewall === "1") === nic.firewall &&
    (nic.hwaddr === undefined || same(o.hwaddr?.toUpperCase(), nic.hwaddr.toUpperCase()))
  );
}

/** A disk size (`size=32G`, `512M`, `1T`, bare bytes... PVE's disk-size format) in bytes. */
export function parseDiskSize(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(text ?? "");
  if (!m) return undefined;
  const shift = { "": 0, K: 10, M: 20, G: 30, T: 40 }[m[2] as "" | "K" | "M" | "G" | "T"];
  return Math.round(Number(m[1]) * 2 ** shift);
}

/** One mount of the conf (rootfs or mpN), as Phoenix compares it. */
export interface ObservedMount {
  readonly key: string;
  readonly volume: string;
  /** Mount path in the container (rootfs: "/"). */
  readonly mp: string;
  /** Bytes, for storage volumes. */
  readonly sizeBytes?: number;
  readonly readOnly: boolean;
  /** A host path (bind mount) rather than a storage volume. */
  readonly bind: boolean;
}

/** Parses rootfs / mpN values. */
export function parseMount(key: string, value: string): ObservedMount {
  const p = parsePropertyString(value, "volume");
  const volume = p.volume ?? "";
  const size = parseDiskSize(p.size);
  const mount = { key, volume, mp: key === "rootfs" ? "/" : p.mp ?? "", readOnly: p.ro === "1", bind: volume.startsWith("/") };
  return size === undefined ? mount : { ...mount, sizeBytes: size };
}

/** The storage id of a volume id `<storage>:<name>`. */
export function volumeStorage(volume: string): string | undefined {
  const colon = volume.indexOf(":");
  return colon > 0 && !volume.startsWith("/") ? volume.slice(0, colon) : undefined;
}

/** `features:` as name → value ("0"/"1" for flags). */
export function parseFeatures(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsePropertyString(text ?? ""))) out[k] = /^(1|on|yes|true)$/i.test(v) ? "1" : /^(0|off|no|false)$/i.test(v) ? "0" : v;
  return out;
}

/** Renders features in a fixed order (PVE keeps the string as typed). */
export function renderFeatures(features: Readonly<Record<string, string | undefined>>): string {
  return Object.keys(features).filter((k) => features[k] !== undefined).sort().map((k) => `${k}=${features[k]}`).join(",");
}

/** `startup:` (`[order=]N,up=N,down=N`). */
export function parseStartup(text: string | undefined): { order?: number; up?: number } {
  const p = parsePropertyString(text ?? "", "order");
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  const out: { order?: number; up?: number } = {};
  if (num(p.order) !== undefined) out.order = num(p.order);
  if (num(p.up) !== undefined) out.up = num(p.up);
  return out;
}

/** Renders startup, or undefined when nothing is set. */
export function renderStartup(startup: { order?: number; up?: number } | undefined): string | undefined {
  const parts = [startup?.order === undefined ? undefined : `order=${startup.order}`, startup?.up === undefined ? undefined : `up=${startup.up}`].filter((p) => p !== undefined);
  return parts.length === 0 ? undefined : parts.join(",");
}

/** True when two name server lists (`nameserver:` is space separated) are the same. */
export function sameNameservers(desired: readonly string[], observed: string | undefined): boolean {
  return desired.join(" ") === (observed ?? "").split(/[\s,;]+/).filter((a) => a !== "").join(" ");
}
