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
  let body = text;
  let tail: bigint[] = [];
  // An embedded IPv4 tail (::ffff:10.0.0.1) is two groups.
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (v4) {
    const value = parseV4(v4[1]);
    if (value === undefined) return undefined;
    tail = [value >> 16n, value & 0xffffn];
    body = `${body.slice(0, v4.index)}:`;
    if (body.endsWith("::")) body = body.slice(0, -1) + ":";
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (v4 && halves.length === 1) head.pop();
  const all = [...head, ...rest];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const missing = 8 - all.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const words = [...head.map((g) => BigInt(`0x${g}`)), ...new Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...rest.map((g) => BigInt(`0x${g}`)), ...tail];
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
