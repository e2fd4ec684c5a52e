// /etc/pve/lxc/<ctid>.conf as pve-container reads and writes it (PVE::LXC::Config
// parse_pct_config / write_pct_config, pve-container 5.x): `#` description lines, `key: value`
// lines, raw `lxc.*` lines (`:` or `=`), then `[pve:pending]` and one `[name]` section per
// snapshot. Phoenix never rewrites the file: it edits raw lines of the main section in place
// (rewriteRawLines), so PVE's own layout stays byte for byte.

/** One raw LXC line. */
export interface RawEntry {
  readonly key: string;
  readonly value: string;
}

/** One section of the conf. */
export interface PctSection {
  /** The `#` lines, decoded, each ending in a newline (PVE's description). */
  readonly description?: string;
  readonly keys: Readonly<Record<string, string>>;
  /** Raw `lxc.*` lines in file order. */
  readonly raw: readonly RawEntry[];
}

/** The parsed conf. */
export interface PctConf {
  readonly main: PctSection;
  /** `[pve:pending]`: values that apply at the next start; `delete` lists keys to remove then. */
  readonly pending?: PctSection & { readonly delete: readonly string[] };
  readonly snapshots: Readonly<Record<string, PctSection>>;
  /** Lines PVE would drop with "unable to parse config" (kept for messages). */
  readonly unparsed: readonly string[];
}

// parse_pct_config's line patterns.
const SNAPSHOT_HEADER = /^\[([a-z][a-z0-9_-]+)\]\s*$/i;
const PENDING_HEADER = /^\[pve:pending\]\s*$/i;
const RAW_LINE = /^(lxc\.[a-z0-9_\-.]+)(?:\s*=|:)\s*(.*?)\s*$/;
const KEY_LINE = /^([a-z][a-z_]*\d*):\s*(.*?)\s*$/;

/** PVE::Tools::decode_text: %XX escapes back to UTF-8 text. */
export function decodeText(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface Builder {
  description: string;
  keys: Record<string, string>;
  raw: RawEntry[];
}

const empty = (): Builder => ({ description: "", keys: {}, raw: [] });
const finish = (b: Builder): PctSection => (b.description === "" ? { keys: b.keys, raw: b.raw } : { description: b.description, keys: b.keys, raw: b.raw });

/** Parses a container conf the way pve-container does; unparsable lines are listed, not fatal. */
export function parsePctConf(text: string): PctConf {
  const main = empty();
  let pending: Builder | undefined;
  const snapshots: Record<string, Builder> = {};
  const unparsed: string[] = [];
  let current = main;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.replace(/\r$/, "");
    if (/^\s*$/.test(line)) continue;
    if (PENDING_HEADER.test(line)) {
      current = pending = empty();
      continue;
    }
    const header = SNAPSHOT_HEADER.exec(line);
    if (header) {
      current = snapshots[header[1]] = empty();
      continue;
    }
    if (line.startsWith("#")) {
      current.description += `${decodeText(line.slice(1))}\n`;
      continue;
    }
    const raw = RAW_LINE.exec(line);
    if (raw) {
      current.raw.push({ key: raw[1], value: raw[2] });
      continue;
    }
    const kv = KEY_LINE.exec(line);
    if (kv && kv[2] !== "") {
      if (kv[1] === "description") current.description += `${decodeText(kv[2])}\n`;
      else current.keys[kv[1]] = kv[2];
    } else unparsed.push(line);
  }
  const out: PctConf = { main: finish(main), snapshots: Object.fromEntries(Object.entries(snapshots).map(([n, b]) => [n, finish(b)])), unparsed };
  if (pending === undefined) return out;
  const { delete: del, ...keys } = pending.keys;
  const deleted = (del ?? "").split(/[,;\s]+/).filter((k) => k !== "");
  return { ...out, pending: { ...finish({ ...pending, keys }), delete: deleted } };
}

/** Main section values with pending ones applied: the conf as it will be after the next start. */
export function effectiveKeys(conf: PctConf): Record<string, string> {
  const keys: Record<string, string> = { ...conf.main.keys };
  for (const k of conf.pending?.delete ?? []) delete keys[k];
  return { ...keys, ...(conf.pending?.keys ?? {}) };
}

// Keys that move with snapshots and locks, not with the container's configuration.
const VOLATILE_KEY = /^(parent|lock|snapstate):/;

/**
 * The conf as kept in state: the main section and pending changes, without snapshot sections
 * and without `parent:`/`lock:` (snapshots are another resource's business and change them).
 */
export function keptConfText(text: string): string {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (SNAPSHOT_HEADER.test(line) && !PENDING_HEADER.test(line)) break;
    if (!VOLATILE_KEY.test(line)) out.push(line);
  }
  return `${out.join("\n").replace(/\n+$/, "")}\n`;
}

/**
 * Rewrites the main section's raw lines: removes those `owned` says are Phoenix's and not in
 * `wanted`, appends the wanted ones that are missing (after the section's last line, where PVE
 * writes raw lines), keeps every other line where it is. Idempotent.
 */
export function rewriteRawLines(text: string, wanted: readonly RawEntry[], owned: (e: RawEntry) => boolean): string {
  const lines = text.replace(/\n$/, "").split("\n");
  let end = lines.findIndex((l) => PENDING_HEADER.test(l) || SNAPSHOT_HEADER.test(l));
  if (end < 0) end = lines.length;
  while (end > 0 && /^\s*$/.test(lines[end - 1])) end--;
  const head = lines.slice(0, end);
  const tail = lines.slice(end);
  const remaining = [...wanted];
  const kept = head.filter((line) => {
    const m = RAW_LINE.exec(line);
    if (!m) return true;
    const entry = { key: m[1], value: m[2] };
    const at = remaining.findIndex((w) => w.key === entry.key && w.value === entry.value);
    if (at >= 0) {
      remaining.splice(at, 1);
      return true;
    }
    return !owned(entry);
  });
  const added = remaining.map((e) => `${e.key}: ${e.value}`);
  return `${[...kept, ...added, ...tail].join("\n")}\n`;
}

/** The raw entries of the main section that rewriteRawLines would leave missing or extra. */
export function rawLinesConverged(conf: PctConf, wanted: readonly RawEntry[], owned: (e: RawEntry) => boolean): boolean {
  const remaining = [...wanted];
  for (const e of conf.main.raw) {
    const at = remaining.findIndex((w) => w.key === e.key && w.value === e.value);
    if (at >= 0) remaining.splice(at, 1);
    else if (owned(e)) return false;
  }
  return remaining.length === 0;
}
