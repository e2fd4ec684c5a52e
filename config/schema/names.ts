// Pure checks for the names and addresses only the config files carry. Each returns the reason
// a value is unusable, or undefined, and is stricter than the tools where they accept a trap.
// Names a provider puts on its command lines (pools, datasets, disks, storage ids) follow that
// provider's rule (providers/<resource>/schema.ts, providers/core/names.ts); config imports it.
import { describeChar, firstBadChar } from "../../providers/core/names";
import { datasetComponentProblem } from "../../providers/zfs-dataset/schema";

/** Why `name` cannot be a configured dataset name: one component (ZfsDataset's rule), not nested. */
export function configDatasetNameProblem(name: string): string | undefined {
  // The file's datasets sit directly below their pool; storage ids and mountpoints are derived
  // from <pool> and <name> on that assumption.
  if (name.includes("/")) return `dataset name "${name}" must be a single component (no "/"); nested datasets are not supported`;
  return datasetComponentProblem(name);
}

/** Why `name` cannot be a Linux user name (Debian adduser NAME_REGEX, 32 characters). */
export function usernameProblem(name: string): string | undefined {
  if (name === "") return "user name is empty";
  if (name.length > 32) return `user name "${name}" is longer than 32 characters`;
  if (!/^[a-z_][a-z0-9_-]*\$?$/.test(name)) {
    return `invalid user name "${name}" (expected a lower-case letter or _, then lower-case letters, digits, _ or -)`;
  }
  return undefined;
}

// smb.conf sections named like these are special, not shares.
const SAMBA_RESERVED = new Set(["global", "homes", "printers", "print$", "ipc$"]);

/** Why `name` cannot be a Samba share name (an smb.conf section and an SMB share). */
export function sambaShareNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "share name is empty";
  if (name !== name.trim()) return `share name "${name}" has leading or trailing spaces`;
  if (name.length > 80) return `share name "${name}" is longer than 80 characters`;
  const bad = firstBadChar(name, /[^\x00-\x1f\x7f"/\\[\]:|<>+=;,*?%]/);
  if (bad !== undefined) return `invalid character ${describeChar(bad)} in share name "${name}"`;
  if (SAMBA_RESERVED.has(name.toLowerCase())) return `share name "${name}" is reserved in smb.conf`;
  return undefined;
}

/** Why `text` cannot be a container id: canonical decimal 100..999999999 (PVE's range). */
export function ctidProblem(text: string): string | undefined {
  if (!/^[1-9][0-9]{0,8}$/.test(text) || Number(text) < 100) {
    return `invalid container id "${text}" (expected a whole number from 100 to 999999999, without leading zeros)`;
  }
  return undefined;
}

/** Why `text` is not a dotted-quad IPv4 address. */
export function ipv4Problem(text: string): string | undefined {
  const parts = text.split(".");
  const ok = parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
  return ok ? undefined : `invalid IPv4 address "${text}"`;
}

/** Why `text` is not IPv4 CIDR notation such as `10.0.0.13/24`. */
export function ipv4CidrProblem(text: string): string | undefined {
  const [address, prefix, ...rest] = text.split("/");
  const prefixOk = prefix !== undefined && /^(0|[1-9][0-9]?)$/.test(prefix) && Number(prefix) <= 32;
  if (rest.length > 0 || !prefixOk || ipv4Problem(address) !== undefined) {
    return `invalid IPv4 CIDR "${text}" (expected an address and prefix length, e.g. 10.0.0.13/24)`;
  }
  return undefined;
}

/** True when `path` equals `base` or lies below it (both clean absolute paths). */
export function isPathWithin(path: string, base: string): boolean {
  return base === "/" || path === base || path.startsWith(`${base}/`);
}

/** Why `name` cannot be a DNS host name (PVE dns-name: labels of letters, digits and inner hyphens). */
export function hostnameProblem(name: string): string | undefined {
  const label = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  if (name.length <= 253 && name.split(".").every((l) => label.test(l))) return undefined;
  return `invalid host name "${name}" (expected dot-separated labels of letters, digits and inner hyphens)`;
}

/** Why `name` cannot be a Linux network interface name (IFNAMSIZ is 16 including the NUL). */
export function interfaceNameProblem(name: string): string | undefined {
  if (/^[A-Za-z0-9_.-]{1,15}$/.test(name) && name !== "." && name !== "..") return undefined;
  return `invalid interface name "${name}" (1 to 15 letters, digits, _ . or -)`;
}

/** Why `mac` is not a unicast MAC address like 52:54:00:AA:BB:CC. */
export function macAddressProblem(mac: string): string | undefined {
  if (!/^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(mac)) return `invalid MAC address "${mac}"`;
  // The low bit of the first octet marks multicast; PVE refuses such addresses for NICs.
  if ((parseInt(mac.slice(0, 2), 16) & 1) === 1) return `MAC address "${mac}" is a multicast address`;
  return undefined;
}

/** Why `url` is not an http(s) URL without whitespace. */
export function httpUrlProblem(url: string): string | undefined {
  return /^https?:\/\/[^\s/$.?#][^\s]*$/.test(url) ? undefined : `invalid URL "${url}" (expected http:// or https://)`;
}
