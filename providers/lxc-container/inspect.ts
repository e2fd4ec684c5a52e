// Read-only commands that inspect a container and its host, and pure parsers for what they print
// (pct status / pct list as pve-container's pct.pm prints them, /proc/devices as the kernel's
// fs/char_dev.c chrdev_show does, stat's fixed format, cat's missing-file message).
import type { CommandResult } from "../core/runner";
import { fileContent } from "../core/file-content";

export const confPath = (ctid: string) => `/etc/pve/lxc/${ctid}.conf`;
export const firewallPath = (ctid: string) => `/etc/pve/firewall/${ctid}.fw`;

// cat and stat messages are parsed ("No such file or directory"), so they run untranslated.
export const catCommand = (path: string): string[] => ["env", "LC_ALL=C", "cat", path];
export const statusCommand = (ctid: string): string[] => ["pct", "status", ctid];
export const pctListCommand = (): string[] => ["pct", "list"];
export const procDevicesCommand = (): string[] => ["env", "LC_ALL=C", "cat", "/proc/devices"];
export const hostPathCommand = (path: string): string[] => ["env", "LC_ALL=C", "stat", "-c", "%u %g %F", "--", path];

/** The /dev/nvidia* nodes with type, hex major and minor (a fixed script: it needs a glob). */
export function gpuNodesCommand(): string[] {
  return ["env", "LC_ALL=C", "sh", "-c", 'for f in /dev/nvidia* /dev/nvidia-caps/*; do [ -e "$f" ] && stat -c "%F|%t|%T|%n" "$f"; done; true'];
}

/** rootfs/mpN lines of every container conf on the node, to find linked clones (fixed script). */
export function volumeLinesCommand(): string[] {
  return ["sh", "-c", "grep -H -E '^(rootfs|mp[0-9]+):' /etc/pve/lxc/*.conf 2>/dev/null; true"];
}

/** A file's content, or null when cat says it does not exist; other failures throw. */
export function parseCat(result: CommandResult, path: string): string | null {
  return fileContent(result, path);
}

/** `pct status <id>`: `status: running` / `stopped` (`unknown` when PVE cannot tell). */
export function parsePctStatus(text: string): "running" | "stopped" | "unknown" {
  const m = /^status: (running|stopped|unknown)\s*$/m.exec(text);
  if (!m) throw new Error(`unexpected pct status output: ${JSON.stringify(text)}`);
  return m[1] as "running" | "stopped" | "unknown";
}

/** One row of `pct list`. */
export interface PctListRow {
  readonly vmid: string;
  readonly status: string;
  readonly lock: string;
  readonly name: string;
}

/** `pct list`: `%-10s %-10s %-12s %-20s` rows under a header; nothing at all when there are no CTs. */
export function parsePctList(text: string): PctListRow[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length === 0) return [];
  if (!/^VMID\s+Status\s+Lock\s+Name/.test(lines[0])) throw new Error(`unexpected pct list header: ${JSON.stringify(lines[0])}`);
  return lines.slice(1).map((line) => {
    // Fixed columns: vmid 0-10, status 11-21, lock 22-34, name from 35 (a long vmid shifts them,
    // but lock never holds spaces, so split on whitespace when the row is not column-aligned).
    const fields = line.trim().split(/\s+/);
    const lock = line.length > 22 ? line.slice(22, 34).trim() : "";
    return { vmid: fields[0], status: fields[1] ?? "", lock, name: lock === "" ? fields[2] ?? "" : fields[3] ?? "" };
  });
}

/** The character-device majors of /proc/devices, by driver name. */
export function parseProcDevices(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  let inChar = false;
  for (const line of text.split("\n")) {
    if (/^Character devices:/.test(line)) inChar = true;
    else if (/^Block devices:/.test(line)) inChar = false;
    else if (inChar) {
      const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(line);
      // The first entry of a name wins (a driver may register several ranges).
      if (m && !(m[2] in out)) out[m[2]] = Number(m[1]);
    }
  }
  return out;
}

/** One /dev/nvidia* node. */
export interface GpuNode {
  readonly path: string;
  readonly major: number;
  readonly minor: number;
}

/** The gpuNodesCommand output: character devices only. */
export function parseGpuNodes(text: string): GpuNode[] {
  const out: GpuNode[] = [];
  for (const line of text.split("\n")) {
    const [type, major, minor, path] = line.split("|");
    if (type === "character special file" && path?.startsWith("/dev/nvidia")) out.push({ path, major: parseInt(major, 16), minor: parseInt(minor, 16) });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** What stat says about a bind mount's host path. */
export interface HostPathStat {
  readonly uid: number;
  readonly gid: number;
  readonly type: string;
}

/** `stat -c '%u %g %F'`, or null when the path does not exist. */
export function parseHostPath(result: CommandResult, path: string): HostPathStat | null {
  if (result.code !== 0) {
    if (/No such file or directory/.test(result.stderr)) return null;
    throw new Error(`cannot stat ${path} (exit code ${result.code}): ${result.stderr.trim()}`);
  }
  const m = /^(\d+) (\d+) (.+)$/.exec(result.stdout.trim());
  if (!m) throw new Error(`unexpected stat output for ${path}: ${JSON.stringify(result.stdout)}`);
  return { uid: Number(m[1]), gid: Number(m[2]), type: m[3] };
}

/** Containers with a disk that is a linked clone of `ctid`'s base volumes (`basevol-<ctid>-disk-N/...`). */
export function parseLinkedClones(text: string, ctid: string): string[] {
  const out = new Set<string>();
  const base = new RegExp(`:basevol-${ctid}-disk-\\d+/`);
  for (const line of text.split("\n")) {
    const m = /^\/etc\/pve\/lxc\/(\d+)\.conf:(?:rootfs|mp\d+):\s*(.*)$/.exec(line);
    if (m && m[1] !== ctid && base.test(m[2])) out.add(m[1]);
  }
  return [...out].sort((a, b) => Number(a) - Number(b));
}
