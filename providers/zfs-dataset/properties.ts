// What ZfsDataset knows about OpenZFS 2.x filesystem properties (module/zcommon/zfs_prop.c,
// 2.2.x): how to validate a configured value, how to compare it with `zfs get -p` output, and
// whether it can be set after creation. User properties (`module:name`) are compared literally.
import { parseZfsSize } from "../core/zfs-size";

type Kind = "size" | "bool" | "index" | "number" | "string";

/** How one native property is validated and compared. */
export interface PropertySpec {
  readonly kind: Kind;
  /** "create": only at `zfs create` (PROP_ONETIME); a later difference cannot be converged. */
  readonly when: "any" | "create";
  /** Accepted values for index properties (after lowercasing unless keepCase). */
  readonly values?: RegExp;
  /** Alternative spellings zfs accepts but prints differently: first match in zfs_prop.c's table wins. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** `none` means 0 bytes (quotas and reservations). */
  readonly noneIsZero?: boolean;
  /** Values are case-sensitive (normalization=formD). */
  readonly keepCase?: boolean;
  /** The accepted values for messages, where `values` is more than a plain list of words. */
  readonly expected?: string;
}

const BOOL: PropertySpec = { kind: "bool", when: "any", values: /^(on|off)$/ };
const idx = (values: RegExp, aliases?: Record<string, string>, expected?: string): PropertySpec => ({ kind: "index", when: "any", values, aliases, expected });
const size = (extra: Partial<PropertySpec> = {}): PropertySpec => ({ kind: "size", when: "any", ...extra });
const STRING: PropertySpec = { kind: "string", when: "any" };
const CACHE = idx(/^(all|none|metadata)$/);
const COMPRESSION = /^(on|off|lzjb|gzip(-[1-9])?|zle|lz4|zstd(-([1-9]|1[0-9]))?|zstd-fast(-([1-9]|10|20|30|40|50|60|70|80|90|100|500|1000))?)$/;

/** Native properties that can be set on a filesystem. */
export const SETTABLE_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  aclinherit: idx(/^(discard|noallow|restricted|passthrough|passthrough-x|secure)$/, { secure: "restricted" }),
  aclmode: idx(/^(discard|groupmask|passthrough|restricted)$/),
  acltype: idx(/^(off|nfsv4|posix|disabled|noacl|posixacl)$/, { disabled: "off", noacl: "off", posixacl: "posix" }),
  atime: BOOL, canmount: idx(/^(on|off|noauto)$/),
  checksum: idx(/^(on|off|fletcher2|fletcher4|sha256|noparity|sha512|skein|edonr|blake3)$/),
  compression: idx(COMPRESSION, { "gzip-6": "gzip", "zstd-3": "zstd", "zstd-fast-1": "zstd-fast" },
    "on | off | lzjb | gzip | gzip-[1-9] | zle | lz4 | zstd | zstd-[1-19] | zstd-fast | zstd-fast-[1-10,20,30,40,50,60,70,80,90,100,500,1000]"),
  context: STRING, defcontext: STRING, fscontext: STRING, rootcontext: STRING,
  copies: idx(/^[123]$/, undefined, "1 | 2 | 3"),
  dedup: idx(/^(on|off|verify|sha256(,verify)?|sha512(,verify)?|skein(,verify)?|edonr,verify|blake3(,verify)?)$/, undefined,
    "on | off | verify | sha256[,verify] | sha512[,verify] | skein[,verify] | edonr,verify | blake3[,verify]"),
  devices: BOOL, exec: BOOL, nbmand: BOOL, overlay: BOOL, readonly: BOOL, relatime: BOOL, setuid: BOOL, vscan: BOOL, zoned: BOOL,
  dnodesize: idx(/^(legacy|auto|1k|2k|4k|8k|16k)$/),
  filesystem_limit: { kind: "number", when: "any" }, snapshot_limit: { kind: "number", when: "any" },
  keylocation: STRING, mlslabel: STRING, mountpoint: STRING, sharenfs: STRING, sharesmb: STRING,
  logbias: idx(/^(latency|throughput)$/),
  primarycache: CACHE, secondarycache: CACHE, prefetch: CACHE,
  quota: size({ noneIsZero: true }), refquota: size({ noneIsZero: true }),
  reservation: size({ noneIsZero: true }), refreservation: size({ noneIsZero: true }),
  recordsize: size(), special_small_blocks: size(),
  redundant_metadata: idx(/^(all|most|some|none)$/),
  snapdev: idx(/^(hidden|visible)$/), snapdir: idx(/^(hidden|visible)$/),
  sync: idx(/^(standard|always|disabled)$/),
  version: idx(/^([1-5]|current)$/, { current: "5" }, "1 | 2 | 3 | 4 | 5 | current"),
  volmode: idx(/^(default|full|geom|dev|none)$/, { geom: "full" }),
  xattr: idx(/^(on|off|sa|dir)$/, { dir: "on" }),
  // PROP_ONETIME: accepted by `zfs create -o`, refused by `zfs set`.
  casesensitivity: { kind: "index", when: "create", values: /^(sensitive|insensitive|mixed)$/ },
  normalization: { kind: "index", when: "create", values: /^(none|formC|formD|formKC|formKD)$/, keepCase: true },
  utf8only: { ...BOOL, when: "create" },
  encryption: { kind: "index", when: "create", values: /^(on|off|aes-(128|192|256)-(ccm|gcm))$/, expected: "on | off | aes-{128,192,256}-{ccm,gcm}" },
  keyformat: { kind: "index", when: "create", values: /^(none|raw|hex|passphrase)$/ },
  pbkdf2iters: { kind: "number", when: "create" },
};

/** Properties zfs computes itself; configuring one is an error. */
export const READ_ONLY_PROPERTIES: ReadonlySet<string> = new Set([
  "available", "clones", "compressratio", "createtxg", "creation", "defer_destroy", "encryptionroot", "filesystem_count",
  "guid", "keystatus", "logicalreferenced", "logicalused", "mounted", "objsetid", "origin", "receive_resume_token",
  "redact_snaps", "refcompressratio", "referenced", "snapshot_count", "snapshots_changed", "type", "used",
  "usedbychildren", "usedbydataset", "usedbyrefreservation", "usedbysnapshots", "userrefs", "written",
]);

/** Column names zfs also accepts as property names (propname_match), mapped to the real name. */
export const PROPERTY_ALIASES: Readonly<Record<string, string>> = {
  recsize: "recordsize", compress: "compression", rdonly: "readonly", case: "casesensitivity", dnsize: "dnodesize",
  reserv: "reservation", refreserv: "refreservation", fslimit: "filesystem_limit", sslimit: "snapshot_limit", redund_md: "redundant_metadata",
};

/** User properties: lowercase letters, digits, `-_.:` and at least one colon (zfs_prop_user). */
export function isUserProperty(name: string): boolean {
  return /^[a-z0-9_.:-]+$/.test(name) && name.includes(":") && name.length < 256;
}

/** The spec of a native settable property, or undefined for user properties and unknown names. */
export function propertySpec(name: string): PropertySpec | undefined {
  return Object.prototype.hasOwnProperty.call(SETTABLE_PROPERTIES, name) ? SETTABLE_PROPERTIES[name] : undefined;
}

/** The values an index property accepts, for messages, e.g. `standard | always | disabled`. */
export function describeValues(spec: PropertySpec): string {
  if (spec.expected !== undefined) return spec.expected;
  // The other tables are a plain alternation of words: /^(standard|always|disabled)$/.
  return (spec.values?.source ?? "").replace(/^\^\(|\)\$$/g, "").split("|").join(" | ");
}

/** Reduces a value to the form used for comparison: bytes for sizes, canonical spelling for aliases. */
export function comparableValue(name: string, value: string): string {
  const spec = propertySpec(name);
  if (spec === undefined || spec.kind === "string") return value;
  if (spec.kind === "size") {
    if (spec.noneIsZero && value.toLowerCase() === "none") return "0";
    return parseZfsSize(value).toString();
  }
  const lowered = spec.keepCase ? value : value.toLowerCase();
  return spec.aliases?.[lowered] ?? lowered;
}

/** True when the configured and reported values mean the same setting. */
export function valuesEqual(name: string, desired: string, reported: string): boolean {
  try {
    return comparableValue(name, desired) === comparableValue(name, reported);
  } catch {
    return false; // a reported value we cannot parse differs from any valid configured value
  }
}
