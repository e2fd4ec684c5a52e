// IPv4/IPv6 addresses, CIDRs and ranges as pve-firewall's rules and ipsets write them, for
// deciding whether one address is inside. Pure.

interface Ip {
  readonly version: 4 | 6;
  readonly value: bigint;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(text: string): bigint | undefined {
  // An embedded IPv4 tail (::ffff:10.0.0.1) is two groups.
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const value = parseV4(v4[2]);
    return value === undefined ? undefined : parseV6(`${v4[1]}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`);
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const [head, tail] = [groups(halves[0]), halves.length === 2 ? groups(halves[1]) : []];
  if (![...head, ...tail].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const words = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail].map((g) => BigInt(`0x${g}`));
  return words.reduce((acc, w) => (acc << 16n) | w, 0n);
}

/** An address (no prefix), or undefined when it is none. */
export function parseIp(text: string): Ip | undefined {
  const v4 = parseV4(text);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = text.includes(":") ? parseV6(text) : undefined;
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/**
 * Whether `address` is inside `spec`: an address, a CIDR or an IPv4 range `a-b`. Undefined when
 * `spec` is none of them (an alias or ipset name, which the caller resolves).
 */
export function ipInside(address: string, spec: string): boolean | undefined {
  const ip = parseIp(address);
  if (ip === undefined) return false;
  const range = /^([^-/]+)-([^-/]+)$/.exec(spec);
  if (range) {
    const [from, to] = [parseIp(range[1]), parseIp(range[2])];
    if (from === undefined || to === undefined) return undefined;
    return from.version === ip.version && from.value <= ip.value && ip.value <= to.value;
  }
  const [base, prefix] = spec.split("/");
  const net = parseIp(base);
  if (net === undefined) return undefined;
  if (net.version !== ip.version) return false;
  const bits = net.version === 4 ? 32 : 128;
  const length = prefix === undefined ? bits : Number(prefix);
  if (!Number.isInteger(length) || length < 0 || length > bits) return undefined;
  const shift = BigInt(bits - length);
  return net.value >> shift === ip.value >> shift;
}

/** Whether the address is a loopback one (pve-firewall accepts everything on `lo`). */
export function isLoopback(address: string): boolean {
  return ipInside(address, "127.0.0.0/8") === true || ipInside(address, "::1") === true;
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
}

/**
 * The addresses that stand for a client: itself, or an IPv4 network's first and last host (a
 * rule that lets both in, as one address, range or CIDR, lets the whole network in). Undefined
 * for what is no address (a host name, `*`, a netgroup).
 */
export function clientSamples(client: string): string[] | undefined {
  if (parseIp(client) !== undefined) return [client];
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(client);
  const base = cidr ? parseV4(cidr[1]) : undefined;
  const length = cidr ? Number(cidr[2]) : NaN;
  if (base === undefined || !(length >= 0 && length <= 32)) return undefined;
  const size = 1n << BigInt(32 - length);
  const network = (base >> BigInt(32 - length)) << BigInt(32 - length);
  // /31 and /32 have no network or broadcast address to leave out.
  return length >= 31 ? [formatV4(network), formatV4(network + size - 1n)].filter((a, i, all) => all.indexOf(a) === i) : [formatV4(network + 1n), formatV4(network + size - 2n)];
}
