// The container settings that end up in /etc/pve/lxc/<ctid>.conf as Proxmox writes them:
// raw `lxc.*` lines (`lxc_options`), the `features` option (`pct_options`) and `lxc.idmap` lines
// (`id_maps`). Each is parsed here into one shape, with PVE's own rules for what it accepts.

/** One raw LXC line, `lxc.key: value`. */
export interface RawLxcEntry {
  readonly key: string;
  readonly value: string;
}

// Keys PVE keeps from a container config (PVE::LXC::Config valid_lxc_conf_keys); others it
// drops with a warning, and these two it refuses because it manages the root file system itself.
const EXACT_KEYS = new Set([
  "lxc.apparmor.profile", "lxc.apparmor.allow_incomplete", "lxc.apparmor.allow_nesting", "lxc.apparmor.raw",
  "lxc.mount.entry", "lxc.mount.auto", "lxc.mount.fstab", "lxc.idmap", "lxc.cap.drop", "lxc.cap.keep",
  "lxc.environment", "lxc.init.cmd", "lxc.init.cwd", "lxc.init.uid", "lxc.init.gid", "lxc.tty.max", "lxc.pty.max",
  "lxc.autodev", "lxc.arch", "lxc.uts.name", "lxc.include", "lxc.group", "lxc.kmsg", "lxc.rootfs.mount",
  "lxc.ephemeral", "lxc.no_new_privs", "lxc.keyring.session", "lxc.selinux.context",
]);
const PREFIXES = ["lxc.cgroup.", "lxc.cgroup2.", "lxc.prlimit.", "lxc.net.", "lxc.hook.", "lxc.console.", "lxc.seccomp.", "lxc.start.", "lxc.sysctl.", "lxc.signal.", "lxc.log.", "lxc.proc.", "lxc.apparmor."];
const FORBIDDEN: Record<string, string> = {
  "lxc.rootfs.path": "Proxmox sets the root file system itself (use storage_pool)",
  "lxc.rootfs.options": "Proxmox sets the root file system itself (use storage_pool)",
};

/** Why `key` is not an LXC key Proxmox keeps in a container config, or undefined. */
export function rawLxcKeyProblem(key: string): string | undefined {
  if (key in FORBIDDEN) return `${key} cannot be set: ${FORBIDDEN[key]}`;
  if (EXACT_KEYS.has(key) || PREFIXES.some((p) => key.startsWith(p) && key.length > p.length)) return undefined;
  return `unknown LXC key "${key}" (Proxmox drops keys outside its list, e.g. lxc.apparmor.*, lxc.cgroup2.*, lxc.mount.entry, lxc.cap.keep)`;
}

// `lxc.key=value`, `lxc.key = value`, `lxc.key: value` and `lxc.key:value` all occur in the
// files; pct's parser takes `=` and `: `, and the key never holds either character.
const OPTION = /^(lxc\.[A-Za-z0-9_.]+?)\s*(?:=|:)\s*(.*)$/;

/** Parses one `lxc_options` entry into raw LXC lines, or explains why it cannot be one. */
export function parseLxcOption(text: string): { entries: RawLxcEntry[] } | { problem: string } {
  if (/[\r\n]/.test(text)) return { problem: "an LXC option must be a single line" };
  const match = OPTION.exec(text.trim());
  if (!match) return { problem: `invalid LXC option "${text}" (expected lxc.<key>=<value> or lxc.<key>: <value>)` };
  const [, key, rawValue] = match;
  const value = rawValue.trim();
  const problem = rawLxcKeyProblem(key) ?? (value === "" ? `LXC option ${key} has no value` : undefined);
  if (problem) return { problem };
  // The original writes `lxc.cap.keep=a,b` as one line per capability; LXC reads a capability list either way.
  if (key === "lxc.cap.keep" || key === "lxc.cap.drop") {
    return { entries: value.split(/[\s,]+/).filter((c) => c !== "").map((c) => ({ key, value: c })) };
  }
  return { entries: [{ key, value }] };
}

// pct's `--features` keys: booleans, plus `mount` (a ;-separated list of file system types).
const BOOLEAN_FEATURES = new Set(["nesting", "keyctl", "fuse", "mknod", "force_rw_sys"]);

/** The container `features` option as `name → value`, or why an entry is not one. */
export function parsePveFeatures(entries: readonly string[]): { features: Record<string, string>; problems: { index: number; message: string }[] } {
  const features: Record<string, string> = {};
  const problems: { index: number; message: string }[] = [];
  entries.forEach((entry, index) => {
    for (const part of entry.split(",")) {
      const [name, value, ...rest] = part.trim().split("=");
      const known = BOOLEAN_FEATURES.has(name) || name === "mount";
      let message: string | undefined;
      if (!known) message = `unknown container feature "${name}" (Proxmox knows ${[...BOOLEAN_FEATURES, "mount"].join(", ")})`;
      else if (rest.length > 0 || value === undefined || value === "") message = `invalid feature "${part}" (expected ${name}=<value>)`;
      else if (BOOLEAN_FEATURES.has(name) && !/^(0|1|true|false|on|off|yes|no)$/i.test(value)) message = `feature ${name} takes 0 or 1, got "${value}"`;
      else if (name === "mount" && !/^[a-z0-9_]+(;[a-z0-9_]+)*$/.test(value)) message = `feature mount takes file system types separated by ";", got "${value}"`;
      else if (name in features && features[name] !== normalizeFlag(name, value)) message = `feature ${name} is set twice with different values`;
      if (message) problems.push({ index, message });
      else features[name] = normalizeFlag(name, value);
    }
  });
  return { features, problems };
}

function normalizeFlag(name: string, value: string): string {
  if (!BOOLEAN_FEATURES.has(name)) return value;
  return /^(1|true|on|yes)$/i.test(value) ? "1" : "0";
}

/** One `lxc.idmap` range: container ids [container, container+size) map to host ids from `host`. */
export interface IdMapRange {
  readonly kind: "u" | "g";
  readonly container: number;
  readonly host: number;
  readonly size: number;
}

/** An id_maps entry as written; no `type` means both user and group ids. */
export interface IdMapInput {
  readonly type?: "uid" | "gid" | "u" | "g" | "both";
  readonly container_id: number;
  readonly host_id: number;
  readonly size: number;
}

// Unprivileged containers map ids 0..65535 to the host from 100000 (PVE's default subuid range).
const DEFAULT_HOST_BASE = 100000;
const CONTAINER_IDS = 65536;

function kindsOf(type: IdMapInput["type"]): ("u" | "g")[] {
  if (type === "uid" || type === "u") return ["u"];
  if (type === "gid" || type === "g") return ["g"];
  return ["u", "g"];
}

/**
 * The complete `lxc.idmap` lines for a container with these explicit maps: LXC takes the lines
 * as the whole map, so the ids not listed keep PVE's default (100000 + id). The original wrote
 * only the default map and dropped the explicit ones; the explicit ranges are the point of the key.
 */
export function completeIdMap(maps: readonly IdMapInput[]): { ranges: IdMapRange[]; problems: { index: number; message: string }[] } {
  const problems: { index: number; message: string }[] = [];
  const ranges: IdMapRange[] = [];
  for (const kind of ["u", "g"] as const) {
    const explicit = maps
      .map((m, index) => ({ m, index }))
      .filter(({ m }) => kindsOf(m.type).includes(kind))
      .sort((a, b) => a.m.container_id - b.m.container_id);
    let next = 0;
    for (const { m, index } of explicit) {
      if (m.container_id + m.size > CONTAINER_IDS) {
        problems.push({ index, message: `container ids ${m.container_id}..${m.container_id + m.size - 1} exceed the container's range 0..65535` });
        continue;
      }
      if (m.container_id < next) {
        problems.push({ index, message: `container ${kind === "u" ? "user" : "group"} ids ${m.container_id}..${m.container_id + m.size - 1} overlap another id_maps entry` });
        continue;
      }
      if (m.container_id > next) ranges.push({ kind, container: next, host: DEFAULT_HOST_BASE + next, size: m.container_id - next });
      ranges.push({ kind, container: m.container_id, host: m.host_id, size: m.size });
      next = m.container_id + m.size;
    }
    // Once any lxc.idmap line exists LXC uses only those lines, so a kind without explicit
    // entries still needs its whole default range.
    if (maps.length > 0 && next < CONTAINER_IDS) ranges.push({ kind, container: next, host: DEFAULT_HOST_BASE + next, size: CONTAINER_IDS - next });
  }
  return { ranges, problems };
}
