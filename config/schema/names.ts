// Pure checks for every name and address that ends up on a command line. Each returns the
// reason a value is unusable, or undefined. They are stricter than the tools where the
// tools accept something that would be a trap (a space in a pool name, `..` in a path).

/** Longest pool name `zpool create` takes: 256 - 2 - 2 * strlen("$ORIGIN") - 1 (zfs_namecheck.c). */
export const ZPOOL_NAME_MAX = 239;
/** Longest full dataset name, `pool/child` (ZFS_MAX_DATASET_NAME_LEN - 1). */
export const DATASET_NAME_MAX = 255;

function firstBadChar(value: string, allowed: RegExp): string | undefined {
  return [...value].find((c) => !allowed.test(c));
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).padStart(4, "0")}` : `"${c}"`;
}

// OpenZFS valid_char() also allows a space in pool and dataset names; we do not, because every
// consumer of these names (pvesm, smb.conf, scripts) would have to quote it.

/** Why `name` cannot be a ZFS pool name (OpenZFS pool_namecheck + zpool_name_valid). */
export function zpoolNameProblem(name: string): string | undefined {
  if (name === "") return "pool name is empty";
  if (name.length > ZPOOL_NAME_MAX) return `pool name is longer than ${ZPOOL_NAME_MAX} characters`;
  const bad = firstBadChar(name, /[A-Za-z0-9_.:-]/);
  if (bad !== undefined) return `invalid character ${describeChar(bad)} in pool name "${name}" (allowed: letters, digits, _ . : -)`;
  if (!/^[A-Za-z]/.test(name)) return `pool name "${name}" must begin with a letter`;
  // libzfs zpool_name_valid reserves the first five; cache, special and dedup are vdev-class
  // keywords too, refused by the ZfsPool provider so `zpool create` argv reads unambiguously.
  if (/^(mirror|raidz|draid|spare)/.test(name) || ["log", "cache", "special", "dedup"].includes(name)) {
    return `pool name "${name}" is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)`;
  }
  // Solaris disk names (c0t0d0); old OpenZFS refused them as pool names (NAME_ERR_DISKLIKE).
  if (/^c[0-9]/.test(name)) return `pool name "${name}" is reserved (names starting with c[0-9] look like Solaris disk names)`;
  return undefined;
}

/** Why `name` cannot be one dataset name component (the part between slashes). */
export function datasetComponentProblem(name: string): string | undefined {
  if (name === "") return "dataset name is empty";
  if (name.includes("/")) return `dataset name "${name}" must be a single component (no "/"); nested datasets are not supported`;
  const bad = firstBadChar(name, /[A-Za-z0-9_.:-]/);
  if (bad !== undefined) return `invalid character ${describeChar(bad)} in dataset name "${name}" (allowed: letters, digits, _ . : -)`;
  if (name === "." || name === "..") return `dataset name "${name}" is not allowed`;
  if (name.length > DATASET_NAME_MAX) return `dataset name is longer than ${DATASET_NAME_MAX} characters`;
  return undefined;
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

/** Why `id` cannot be a Proxmox storage id (PVE::JSONSchema pve-storage-id). */
export function storageIdProblem(id: string): string | undefined {
  if (/^[a-z][a-z0-9_.-]*[a-z0-9]$/i.test(id)) return undefined;
  return `invalid storage id "${id}" (expected a letter, then letters, digits, - _ or ., ending in a letter or digit)`;
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

/** Why `path` is not a clean absolute path: no whitespace, control characters, `.`/`..` or empty segments. */
export function absolutePathProblem(path: string): string | undefined {
  if (!path.startsWith("/")) return `path "${path}" is not absolute`;
  const bad = firstBadChar(path, /[^\s\x00-\x1f\x7f]/);
  if (bad !== undefined) return `path "${path}" contains whitespace or a control character (${describeChar(bad)})`;
  if (path === "/") return undefined;
  const segments = path.slice(1).split("/");
  if (segments.some((s) => s === "")) return `path "${path}" has an empty segment (double or trailing slash)`;
  if (segments.some((s) => s === "." || s === "..")) return `path "${path}" contains a "." or ".." segment`;
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
