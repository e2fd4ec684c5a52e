// Reads /etc/pve/storage.cfg the way PVE does (PVE::SectionConfig::parse_config plus
// PVE::Storage::Plugin::parse_config). Only the argv leaves this file; parsing is pure.
// storage.cfg rather than `pvesm status`: status has no content column and activates storages.
import type { CommandResult } from "../core/runner";
import { CommandError } from "../ssh/errors";
import { argvToShell } from "../ssh/quote";
import { canonicalPath, CONTENT_TYPES, STORAGE_ID_RE, type ObservedStorage } from "./schema";

/** Where PVE keeps the storage definitions (pmxcfs). */
export const STORAGE_CFG_PATH = "/etc/pve/storage.cfg";

/** One storage section: its type, id and properties as strings (booleans are "1"/"0"). */
export interface StorageSection {
  readonly type: string;
  readonly id: string;
  readonly props: Readonly<Record<string, string>>;
}

// The type names PVE 8 registers; other section types are skipped like PVE does.
const PVE_TYPES = new Set([
  "btrfs", "cephfs", "cifs", "dir", "esxi", "glusterfs", "iscsi", "iscsidirect", "lvm", "lvmthin", "nfs", "pbs", "rbd", "zfs", "zfspool",
]);
// plugindata() content->[1]: what a section without `content` holds.
const DEFAULT_CONTENT: Record<string, string> = {
  btrfs: "images,rootdir", cephfs: "backup", cifs: "images", dir: "images,rootdir", esxi: "import", glusterfs: "images",
  iscsi: "images", iscsidirect: "images", lvm: "images", lvmthin: "images,rootdir", nfs: "images", pbs: "backup",
  rbd: "images", zfs: "images", zfspool: "images,rootdir",
};
// Boolean properties: only these may be written bare (`sparse` means `sparse 1`).
const BOOLEAN_KEYS = new Set([
  "disable", "shared", "sparse", "mkdir", "create-base-path", "create-subdirs",
  "krbd", "nocow", "nowritecache", "saferemove", "tagged_only", "fuse", "skip-cert-verification",
]);
// options() of the two types Phoenix manages: PVE drops any other key of such a section.
const OPTIONS: Record<string, { fixed: string; optional: readonly string[] }> = {
  dir: {
    fixed: "path",
    optional: [
      "content-dirs", "nodes", "shared", "disable", "maxfiles", "prune-backups", "max-protected-backups", "content",
      "format", "mkdir", "create-base-path", "create-subdirs", "is_mountpoint", "bwlimit", "preallocation",
    ],
  },
  zfspool: { fixed: "pool", optional: ["blocksize", "sparse", "nodes", "disable", "content", "bwlimit", "mountpoint"] },
};
// plugindata() content->[0] of the Phoenix types; dir may also say `none`.
const SUPPORTED_CONTENT: Record<string, readonly string[]> = { dir: [...CONTENT_TYPES.dir, "none"], zfspool: CONTENT_TYPES.zfspool };
// What PVE puts in place of a missing or foreign `local`.
const LOCAL: StorageSection = {
  type: "dir",
  id: "local",
  props: { path: "/var/lib/vz", content: "backup,images,iso,rootdir,snippets,vztmpl", "prune-backups": "keep-all=1" },
};

/** The read-only command that prints storage.cfg; LC_ALL=C keeps cat's error text stable. */
export function readStorageCfgArgv(): readonly string[] {
  return ["env", "LC_ALL=C", "cat", STORAGE_CFG_PATH];
}

/**
 * pmxcfs's own status file: present whenever /etc/pve is the cluster filesystem. Without it a
 * missing storage.cfg says nothing about the storages (pve-cluster is down, /etc/pve is a bare
 * directory), and must not read as "only `local`": a refresh would drop every storage.
 */
export const PMXCFS_VERSION_PATH = "/etc/pve/.version";

/** `test -e /etc/pve/.version`: exit 0 when pmxcfs is mounted. */
export function pmxcfsProbeArgv(): readonly string[] {
  return ["test", "-e", PMXCFS_VERSION_PATH];
}

/** True when cat said storage.cfg does not exist. */
export function isStorageCfgMissing(result: CommandResult): boolean {
  return result.code !== 0 && result.stderr.includes("No such file or directory");
}

/** Null when pmxcfs is mounted (from the `test -e` result); else why storage.cfg cannot be judged. */
export function pmxcfsProblem(result: CommandResult, host: string): string | null {
  if (result.code === 0) return null;
  return `${host}: ${STORAGE_CFG_PATH} is missing and ${PMXCFS_VERSION_PATH} too: /etc/pve is not the Proxmox cluster filesystem (is pve-cluster running?), so which storages exist cannot be known. Start pve-cluster and run again.`;
}

/** storage.cfg text from the cat result; a missing file reads as empty (PVE then has only `local`). */
export function storageCfgText(result: CommandResult, host: string): string {
  if (result.code === 0) return result.stdout;
  if (result.stderr.includes("No such file or directory")) return "";
  throw new CommandError({ host, command: argvToShell(readStorageCfgArgv()), ...result });
}

// Perl's `$value + 0`: the leading integer, else 0.
function perlBoolean(value: string): string {
  const match = /^\s*[+-]?\d+/.exec(value);
  return match && Number.parseInt(match[0], 10) !== 0 ? "1" : "0";
}

/** Splits on `,`, `;` and whitespace like PVE::Tools::split_list. */
export function splitList(text: string): string[] {
  return text.split(/[,;\s]+/).filter((word) => word !== "");
}

// Decodes `content` as Plugin::decode_value: unsupported types are dropped; undefined = invalid section.
function decodeContent(type: string, value: string): string | undefined {
  const supported = SUPPORTED_CONTENT[type];
  if (supported === undefined) return splitList(value).join(",");
  const kept = [...new Set(splitList(value).filter((c) => supported.includes(c)))].sort();
  if (kept.includes("none") && kept.length > 1) return undefined;
  if (kept.length === 0 && !supported.includes("none")) return undefined;
  return kept.length === 0 ? "none" : kept.join(",");
}

// check_config for dir/zfspool: unknown keys go, a missing fixed key or bad content drops the section.
function checkSection(type: string, props: Record<string, string>): Record<string, string> | undefined {
  const options = OPTIONS[type];
  if (options === undefined) return props;
  const allowed = new Set([options.fixed, ...options.optional]);
  const kept = Object.fromEntries(Object.entries(props).filter(([key]) => allowed.has(key)));
  if (kept[options.fixed] === undefined) return undefined;
  if (type === "dir") {
    // DirPlugin::check_config: other characters make the section invalid; the path is stored canonical.
    if (!/^\/[-/a-zA-Z0-9_.@]+$/.test(kept.path)) return undefined;
    kept.path = canonicalPath(kept.path);
  }
  if (kept.content !== undefined) {
    const content = decodeContent(type, kept.content);
    if (content === undefined) return undefined;
    kept.content = content;
  }
  return kept;
}

// Reads property lines up to the blank line that ends a section (comments do not end it).
function readProps(lines: string[], start: number): { props: Record<string, string>; next: number } {
  const props: Record<string, string> = {};
  let i = start;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*#/.test(line)) continue;
    // Perl truthiness: the empty line (and, quirkily, a line "0") ends the section.
    if (line === "" || line === "0") break;
    const match = /^\s+(\S+)(?:\s+(.*\S))?\s*$/.exec(line);
    if (!match) continue;
    const [, key, raw] = match;
    if (props[key] !== undefined) continue; // duplicate attribute: PVE keeps the first
    if (BOOLEAN_KEYS.has(key)) props[key] = raw === undefined ? "1" : perlBoolean(raw);
    else if (raw !== undefined) props[key] = raw;
  }
  return { props, next: i + 1 };
}

/** Parses storage.cfg text into sections by id, as PVE sees them (implicit `local`, default content). */
export function parseStorageCfg(text: string): Map<string, StorageSection> {
  const lines = text.split("\n");
  const sections = new Map<string, StorageSection>();
  for (let i = 0; i < lines.length; ) {
    const header = /^(\S+):\s*(\S+)\s*$/.exec(lines[i]);
    if (!header || /^\s*#/.test(lines[i])) {
      i++;
      continue;
    }
    const [type, id] = [header[1].toLowerCase(), header[2]];
    const { props, next } = readProps(lines, i + 1);
    i = next;
    if (!STORAGE_ID_RE.test(id) || !PVE_TYPES.has(type)) continue;
    const checked = checkSection(type, props);
    // A later section with the same id replaces the earlier one, as in PVE.
    if (checked === undefined) sections.delete(id);
    else sections.set(id, { type, id, props: checked });
  }
  return withPveDefaults(sections);
}

// PVE::Storage::Plugin::parse_config: `local` is always dir /var/lib/vz; content gets its default.
function withPveDefaults(sections: Map<string, StorageSection>): Map<string, StorageSection> {
  const local = sections.get("local");
  if (local === undefined || local.type !== "dir" || local.props.path !== LOCAL.props.path) {
    sections.set("local", LOCAL);
  } else {
    const { nodes: _ignored, ...props } = local.props;
    sections.set("local", { ...local, props });
  }
  for (const [id, section] of sections) {
    const fallback = DEFAULT_CONTENT[section.type];
    if (section.props.content === undefined && fallback !== undefined) {
      sections.set(id, { ...section, props: { ...section.props, content: fallback } });
    }
  }
  return sections;
}

/** The observed state of one storage id, or undefined when PVE does not know it. */
export function observeStorage(sections: ReadonlyMap<string, StorageSection>, storageId: string): ObservedStorage | undefined {
  const section = sections.get(storageId);
  if (section === undefined) return undefined;
  const { props } = section;
  return {
    storageId,
    type: section.type,
    ...(props.pool !== undefined && { pool: props.pool }),
    ...(props.path !== undefined && { path: props.path }),
    content: props.content === undefined || props.content === "none" ? [] : splitList(props.content).sort(),
    ...(props.is_mountpoint !== undefined && { isMountpoint: props.is_mountpoint }),
    ...(props.sparse !== undefined && { sparse: props.sparse === "1" }),
    ...(props.mountpoint !== undefined && { mountpoint: props.mountpoint }),
    disabled: props.disable === "1",
  };
}
