// Pinned host keys. ssh2 accepts any host key unless a hostVerifier says otherwise
// (ssh2 README "hostVerifier"), so every connection is checked against a pin from config.
// Pure: parsing and hashing only, no IO, no ssh2 import.
import { createHash, createHmac } from "node:crypto";
import { SshError } from "./errors";

/** What a pin accepts: SHA256 fingerprints, the key types they belong to, and revoked keys. */
export interface HostKeyPin {
  readonly fingerprints: readonly string[];
  /** Each accepted fingerprint with its key type when the pin names it (not for bare fingerprints). */
  readonly keys: readonly { readonly fingerprint: string; readonly type?: string }[];
  /** Host key algorithms to offer, in pin order; undefined when the pin holds bare fingerprints. */
  readonly algorithms?: readonly string[];
  readonly revoked: readonly string[];
}

// Key types ssh2 1.17 can verify, with the signature algorithms each one may be negotiated as.
const KEY_ALGORITHMS: Readonly<Record<string, readonly string[]>> = {
  "ssh-ed25519": ["ssh-ed25519"],
  "ecdsa-sha2-nistp256": ["ecdsa-sha2-nistp256"],
  "ecdsa-sha2-nistp384": ["ecdsa-sha2-nistp384"],
  "ecdsa-sha2-nistp521": ["ecdsa-sha2-nistp521"],
  "ssh-rsa": ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
};
const FINGERPRINT = /^SHA256:([A-Za-z0-9+/]{43})=?$/;
const HOW_TO_PIN = "get it out of band with `ssh-keyscan -t ed25519 HOST | ssh-keygen -lf -`";

/** OpenSSH-style fingerprint of a raw public key blob, as `ssh-keygen -l` prints it. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

/** The key type named inside a raw public key blob (its first SSH string), or "unknown". */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return "unknown";
  const len = key.readUInt32BE(0);
  return len > 0 && len <= 64 && key.length >= 4 + len ? key.subarray(4, 4 + len).toString("latin1") : "unknown";
}

/**
 * Parses a pin: OpenSSH public key lines, known_hosts content (only entries matching host and
 * port count) and/or `SHA256:` fingerprints, one per line. Throws SshError "config" when the
 * pin is missing or accepts nothing, so a host is never trusted blindly.
 */
export function parseHostKeyPin(pin: string | undefined, host: string, port = 22): HostKeyPin {
  if (pin === undefined || pin.trim() === "") {
    throw new SshError("config", host, `no host key is pinned (phoenix:hostKey or phoenix:hostKeyPath); ${HOW_TO_PIN}`);
  }
  const fingerprints: string[] = [];
  const revoked: string[] = [];
  const types: string[] = [];
  const keys: { fingerprint: string; type?: string }[] = [];
  let typesKnown = true;
  pin.split(/\r?\n/).forEach((raw, i) => {
    const entry = parsePinLine(raw.trim(), host, port, i + 1);
    if (entry === undefined) return;
    if (entry.revoked) revoked.push(entry.fingerprint);
    else if (!fingerprints.includes(entry.fingerprint)) {
      fingerprints.push(entry.fingerprint);
      keys.push(entry.type === undefined ? { fingerprint: entry.fingerprint } : { fingerprint: entry.fingerprint, type: entry.type });
    }
    if (!entry.revoked && entry.type === undefined) typesKnown = false;
    if (!entry.revoked && entry.type !== undefined) types.push(entry.type);
  });
  if (fingerprints.length === 0) {
    throw new SshError("config", host, `the pinned host key holds no key for ${knownHostsName(host, port)}; ${HOW_TO_PIN}`);
  }
  const algorithms = typesKnown ? [...new Set(types.flatMap((t) => KEY_ALGORITHMS[t]))] : undefined;
  return { fingerprints, keys, algorithms, revoked };
}

interface PinEntry {
  readonly fingerprint: string;
  readonly type?: string;
  readonly revoked: boolean;
}

// One line of a pin; undefined for blank lines, comments and known_hosts entries of other hosts.
function parsePinLine(line: string, host: string, port: number, lineNo: number): PinEntry | undefined {
  if (line === "" || line.startsWith("#")) return undefined;
  const fp = FINGERPRINT.exec(line);
  if (fp) return { fingerprint: `SHA256:${fp[1]}`, revoked: false };
  if (/^(MD5:|[0-9a-f]{2}:)/i.test(line)) {
    throw new SshError("config", host, `host key pin line ${lineNo}: only SHA256 fingerprints are accepted`);
  }
  const words = line.split(/\s+/);
  if (/^(ssh-|ecdsa-|sk-)/.test(words[0]) && !isSupportedType(words[0])) {
    throw new SshError("config", host, `host key pin line ${lineNo}: key type ${words[0]} is not supported`);
  }
  if (isSupportedType(words[0])) return keyEntry(words[0], words[1], false, host, lineNo);
  const marker = words[0].startsWith("@") ? words.shift() : undefined;
  if (marker === "@cert-authority") return undefined; // certificates are not supported: never trusted
  if (marker !== undefined && marker !== "@revoked") {
    throw new SshError("config", host, `host key pin line ${lineNo}: unknown known_hosts marker ${marker}`);
  }
  if (words.length < 3) {
    throw new SshError("config", host, `host key pin line ${lineNo}: not a public key, known_hosts entry or SHA256 fingerprint`);
  }
  if (!matchesHostPatterns(words[0], knownHostsName(host, port))) return undefined;
  // A host may list key types ssh2 cannot verify (sk-*, certificates); the others still pin it.
  if (!isSupportedType(words[1])) return undefined;
  return keyEntry(words[1], words[2], marker === "@revoked", host, lineNo);
}

function isSupportedType(type: string): boolean {
  return Object.hasOwn(KEY_ALGORITHMS, type);
}

// Validates a key blob the way sshd does: base64 that names its own declared type.
function keyEntry(type: string, base64: string | undefined, revoked: boolean, host: string, lineNo: number): PinEntry {
  const blob = Buffer.from(base64 ?? "", "base64");
  if (base64 === undefined || !/^[A-Za-z0-9+/]+=*$/.test(base64) || keyTypeOf(blob) !== type) {
    throw new SshError("config", host, `host key pin line ${lineNo}: the ${type} key data is malformed`);
  }
  return { fingerprint: fingerprintOf(blob), type, revoked };
}

// How known_hosts names a host: bare for port 22, `[host]:port` otherwise (sshd(8) SSH_KNOWN_HOSTS).
function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

// sshd(8) host patterns: comma list, `*`/`?` wildcards, `!` negation, `|1|salt|hash` hashed names.
function matchesHostPatterns(patterns: string, name: string): boolean {
  let matched = false;
  for (const raw of patterns.split(",")) {
    const negated = raw.startsWith("!");
    const pattern = negated ? raw.slice(1) : raw;
    if (!matchesHostPattern(pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function matchesHostPattern(pattern: string, name: string): boolean {
  const hashed = /^\|1\|([^|]+)\|(.+)$/.exec(pattern);
  if (hashed) {
    return createHmac("sha1", Buffer.from(hashed[1], "base64")).update(name).digest("base64") === hashed[2];
  }
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(name);
}

/** A verifier for ssh2's `hostVerifier` (raw key buffer, no hostHash): true only for a pinned key. */
export function makeHostVerifier(pin: string | undefined, host: string, port = 22): (key: Buffer) => boolean {
  const parsed = parseHostKeyPin(pin, host, port);
  return (key: Buffer) => {
    const fp = fingerprintOf(key);
    return !parsed.revoked.includes(fp) && parsed.fingerprints.includes(fp);
  };
}

const NOTHING_RUN = "Nothing was run on the host. If it was reinstalled, verify the new key out of band and update phoenix:hostKey.";

/** The pinned keys as `type SHA256:…` (type omitted for bare fingerprint pins), joined with "or". */
export function describePin(pin: HostKeyPin): string {
  return pin.keys.map((k) => (k.type === undefined ? k.fingerprint : `${k.type} ${k.fingerprint}`)).join(" or ");
}

/** The error for a presented key that is not pinned; the connection stopped before authentication. */
export function hostKeyMismatchError(host: string, pin: HostKeyPin, presented: Buffer): SshError {
  const fp = fingerprintOf(presented);
  const type = keyTypeOf(presented);
  const what = pin.revoked.includes(fp) ? "a revoked host key" : "a host key that does not match the pin";
  // A bare fingerprint does not say which key type to ask for, so the host picks its preferred one.
  const bare = pin.algorithms === undefined
    ? ` The pin holds fingerprints only, so the host chose its preferred key type; if the pinned fingerprint is another of its keys, pin that key's public line (ssh-keyscan -t TYPE ${host}) instead.`
    : "";
  return new SshError("hostkey", host, `${host} presented ${what}: ${type} ${fp}; pinned: ${describePin(pin)}.${bare} ${NOTHING_RUN}`);
}

/**
 * The error for a host that offers none of the pinned key types (ssh2 reports "no matching host
 * key format"): a pin mismatch, named as such. `offered` is the host's list from its KEXINIT.
 */
export function hostKeyTypeMismatchError(host: string, pin: HostKeyPin, offered: string | undefined): SshError {
  const pinnedTypes = [...new Set(pin.keys.map((k) => k.type).filter((t) => t !== undefined))].join(", ");
  const hostSide = offered === undefined ? "the host did not say which it has" : `the host offers only ${offered.split(",").join(", ")}`;
  return new SshError(
    "hostkey",
    host,
    `${host} has no host key of the pinned type (${pinnedTypes}), so it cannot match the pin: pinned ${describePin(pin)}; ${hostSide}. ${NOTHING_RUN}`,
  );
}
