// The dataset `properties` string ("recordsize=128K,compression=lz4") parsed into a record and
// checked against the filesystem properties OpenZFS 2.x lets `zfs create -o` / `zfs set` change
// (module/zcommon/zfs_prop.c). Column-name aliases (recsize, compress, ...) are accepted, as
// propname_match() does, and normalised to the full name so plans compare like with like.
import { parseZfsSize } from "../../providers/core/zfs-size";

type ValueCheck = (value: string) => boolean;

interface PropertyRule {
  readonly check: ValueCheck;
  /** What valid values look like, for the error message. */
  readonly expected: string;
}

const oneOf = (...values: string[]): PropertyRule => ({ check: (v) => values.includes(v), expected: values.join(" | ") });
const ON_OFF = oneOf("on", "off");
const ANY: PropertyRule = { check: (v) => v !== "", expected: "a non-empty value" };

function sizeWithin(min: bigint, max: bigint, powerOfTwo: boolean): ValueCheck {
  return (v) => {
    try {
      const n = parseZfsSize(v);
      return n >= min && n <= max && (!powerOfTwo || (n & (n - 1n)) === 0n);
    } catch {
      return false;
    }
  };
}

const MAX_BLOCK = 16n << 20n; // SPA_MAXBLOCKSIZE
const BLOCK_SIZE: PropertyRule = { check: sizeWithin(512n, MAX_BLOCK, true), expected: "a power of two from 512 to 16M" };
const SIZE_OR_NONE: PropertyRule = { check: (v) => v === "none" || sizeWithin(0n, (1n << 64n) - 1n, false)(v), expected: "a size such as 800G, or none" };
const COUNT_OR_NONE: PropertyRule = { check: (v) => v === "none" || /^[0-9]+$/.test(v), expected: "a whole number, or none" };

const ZSTD_FAST_LEVELS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100", "500", "1000"];
const COMPRESSION: PropertyRule = {
  check: (v) =>
    ["on", "off", "lzjb", "gzip", "zle", "lz4", "zstd", "zstd-fast"].includes(v) ||
    /^gzip-[1-9]$/.test(v) ||
    /^zstd-([1-9]|1[0-9])$/.test(v) ||
    ZSTD_FAST_LEVELS.some((l) => v === `zstd-fast-${l}`),
  expected: "on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19] | zstd-fast | zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000]",
};

/** Filesystem properties that may be set, with their accepted values. */
const SETTABLE: Record<string, PropertyRule> = {
  aclinherit: oneOf("discard", "noallow", "restricted", "passthrough", "passthrough-x", "secure"),
  aclmode: oneOf("discard", "groupmask", "passthrough", "restricted"),
  acltype: oneOf("off", "nfsv4", "posix", "noacl", "posixacl", "disabled"),
  atime: ON_OFF,
  canmount: oneOf("on", "off", "noauto"),
  casesensitivity: oneOf("sensitive", "insensitive", "mixed"),
  checksum: oneOf("on", "off", "fletcher2", "fletcher4", "sha256", "noparity", "sha512", "skein", "edonr", "blake3"),
  compression: COMPRESSION,
  context: ANY,
  copies: oneOf("1", "2", "3"),
  dedup: oneOf("on", "off", "verify", "sha256", "sha256,verify", "sha512", "sha512,verify", "skein", "skein,verify", "edonr,verify", "blake3", "blake3,verify"),
  defaultgroupobjquota: SIZE_OR_NONE,
  defaultgroupquota: SIZE_OR_NONE,
  defaultprojectobjquota: SIZE_OR_NONE,
  defaultprojectquota: SIZE_OR_NONE,
  defaultuserobjquota: SIZE_OR_NONE,
  defaultuserquota: SIZE_OR_NONE,
  defcontext: ANY,
  devices: ON_OFF,
  direct: oneOf("disabled", "standard", "always"),
  dnodesize: oneOf("legacy", "auto", "1k", "2k", "4k", "8k", "16k"),
  encryption: oneOf("on", "off", "aes-128-ccm", "aes-192-ccm", "aes-256-ccm", "aes-128-gcm", "aes-192-gcm", "aes-256-gcm"),
  exec: ON_OFF,
  filesystem_limit: COUNT_OR_NONE,
  fscontext: ANY,
  keyformat: oneOf("none", "raw", "hex", "passphrase"),
  keylocation: { check: (v) => v === "prompt" || /^(file:\/\/\/|https?:\/\/)\S+$/.test(v), expected: "prompt | file:///<path> | https://<url>" },
  logbias: oneOf("latency", "throughput"),
  longname: ON_OFF,
  mlslabel: ANY,
  nbmand: ON_OFF,
  normalization: oneOf("none", "formC", "formD", "formKC", "formKD"),
  overlay: ON_OFF,
  pbkdf2iters: { check: (v) => /^[0-9]+$/.test(v) && Number(v) >= 100000, expected: "a whole number of at least 100000" },
  prefetch: oneOf("none", "metadata", "all"),
  primarycache: oneOf("all", "none", "metadata"),
  quota: SIZE_OR_NONE,
  readonly: ON_OFF,
  recordsize: BLOCK_SIZE,
  redundant_metadata: oneOf("all", "most", "some", "none"),
  refquota: SIZE_OR_NONE,
  refreservation: { check: (v) => v === "auto" || SIZE_OR_NONE.check(v), expected: "a size such as 10G, none or auto" },
  relatime: ON_OFF,
  reservation: SIZE_OR_NONE,
  rootcontext: ANY,
  secondarycache: oneOf("all", "none", "metadata"),
  setuid: ON_OFF,
  sharenfs: ANY,
  sharesmb: ANY,
  snapdev: oneOf("hidden", "visible"),
  snapdir: oneOf("disabled", "hidden", "visible"),
  snapshot_limit: COUNT_OR_NONE,
  special_small_blocks: { check: (v) => v === "0" || BLOCK_SIZE.check(v), expected: "0 or a power of two from 512 to 16M" },
  sync: oneOf("standard", "always", "disabled"),
  utf8only: ON_OFF,
  version: oneOf("1", "2", "3", "4", "5", "current"),
  volmode: oneOf("default", "full", "geom", "dev", "none"),
  vscan: ON_OFF,
  xattr: oneOf("on", "off", "dir", "sa"),
  zoned: ON_OFF,
};

/** Short column names OpenZFS accepts for the properties above. */
const ALIASES: Record<string, string> = {
  case: "casesensitivity", compress: "compression", dnsize: "dnodesize", fslimit: "filesystem_limit",
  rdonly: "readonly", recsize: "recordsize", redund_md: "redundant_metadata", refreserv: "refreservation",
  reserv: "reservation", sslimit: "snapshot_limit",
};

/** Real properties that cannot be set on a dataset from this file, and why. */
const NOT_SETTABLE: Record<string, string> = {
  mountpoint: "is always /<pool>/<dataset> (the path Proxmox dir storages point at) and cannot be set here",
  volsize: "applies to volumes only", volblocksize: "applies to volumes only", volblock: "applies to volumes only",
  volthreading: "applies to volumes only",
  ...Object.fromEntries(
    ["available", "avail", "compressratio", "creation", "guid", "logicalused", "mounted", "origin", "referenced", "refer", "type", "used", "written"].map((p) => [p, "is read-only"]),
  ),
};

/** Result of parsing a `k=v,k=v` property string; keys are full property names. */
export interface ParsedZfsProperties {
  readonly properties: Record<string, string>;
  readonly problems: string[];
}

// User properties: lower-case letters, digits, - _ . :, with at least one colon (zfs_prop_user).
function isUserProperty(name: string): boolean {
  return /^[a-z0-9_.:-]+$/.test(name) && name.includes(":") && name.length < 256;
}

/** Why `name=value` is not a settable filesystem property, or undefined. */
export function zfsPropertyProblem(name: string, value: string): string | undefined {
  if (isUserProperty(name)) return value.length < 8192 ? undefined : `value of user property "${name}" is longer than 8191 characters`;
  if (name in NOT_SETTABLE) return `property "${name}" ${NOT_SETTABLE[name]}`;
  const rule = SETTABLE[ALIASES[name] ?? name];
  if (rule === undefined && name.includes(":")) return `invalid user property name "${name}" (only lower-case letters, digits, - _ . and :, under 256 characters)`;
  if (rule === undefined) return `unknown ZFS property "${name}" (user properties need a colon, e.g. "com.example:${name}")`;
  return rule.check(value) ? undefined : `invalid value "${value}" for ${name} (expected ${rule.expected})`;
}

/** The full property name for `name` (aliases such as recsize become recordsize). */
export function canonicalZfsPropertyName(name: string): string {
  return ALIASES[name] ?? name;
}

/** Parses and checks a dataset property string; an empty string means no properties. */
export function parseZfsProperties(text: string): ParsedZfsProperties {
  const properties: Record<string, string> = {};
  const problems: string[] = [];
  if (text === "") return { properties, problems };
  for (const entry of text.split(",")) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? "" : entry.slice(eq + 1);
    const problem = entryProblem(entry, name, value) ?? zfsPropertyProblem(name, value);
    const key = canonicalZfsPropertyName(name);
    if (problem !== undefined) problems.push(problem);
    else if (key in properties) problems.push(`property ${key} is set more than once`);
    else properties[key] = value;
  }
  return { properties, problems };
}

// The original splits on "," and passes each piece to `zfs -o`, so values cannot hold commas
// and stray spaces become part of the name.
function entryProblem(entry: string, name: string, value: string): string | undefined {
  if (entry === "") return "empty entry in the property list (stray comma?)";
  if (!entry.includes("=")) return `"${entry}" is not of the form name=value`;
  if (name === "" || /\s/.test(name)) return `invalid property name "${name}" in "${entry}"`;
  if (value === "") return `property ${name} has an empty value`;
  return undefined;
}
