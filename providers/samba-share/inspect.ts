// Read-only commands for one share and pure parsers for what they print: cat smb.conf,
// stat -c %F|%U|%G|%a of the directory and of smbd, systemctl is-active/is-enabled smbd.
import type { CommandResult } from "../core/runner";
import { fileContent } from "../core/file-content";
import type { PathStat } from "./schema";

export const STAT_FORMAT = "%F|%U|%G|%a";
export const catCommand = (path: string): string[] => ["cat", "--", path];
export const statCommand = (path: string): string[] => ["stat", "-c", STAT_FORMAT, "--", path];
export const isActiveCommand = (unit: string): string[] => ["systemctl", "is-active", unit];
export const isEnabledCommand = (unit: string): string[] => ["systemctl", "is-enabled", unit];

/** The file's content, or null when it does not exist; other failures throw. */
export function parseCat(result: CommandResult, path: string): string | null {
  return fileContent(result, path, /No such file or directory|Not a directory/);
}

/** `stat -c %F|%U|%G|%a`, or null when the path does not exist. */
export function parseStat(result: CommandResult): PathStat | null {
  if (result.code !== 0) {
    if (/No such file or directory|Not a directory/.test(result.stderr)) return null;
    throw new Error(`stat failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
  const f = result.stdout.trim().split("|");
  if (f.length !== 4) throw new Error(`unexpected stat output ${JSON.stringify(result.stdout.slice(0, 80))}`);
  return { type: f[0], owner: f[1], group: f[2], mode: f[3] };
}

/**
 * `systemctl is-active <unit>`: exit 0 and `active` (or `reloading`) when running; exit 3 and
 * `inactive`, `failed`, `activating`… otherwise. Any other exit (no systemd) throws.
 */
export function parseIsActive(result: CommandResult): boolean {
  const state = result.stdout.trim();
  if (result.code === 0) return state === "active" || state === "reloading";
  if (result.code === 3 || /^(inactive|failed|activating|deactivating|unknown)$/.test(state)) return false;
  throw new Error(`systemctl is-active failed: ${result.stderr.trim() || state || `exit ${result.code}`}`);
}

/** `systemctl is-enabled <unit>`: exit 0 for enabled (also `enabled-runtime`, `static`, `alias`); 1 for disabled/masked. */
export function parseIsEnabled(result: CommandResult): boolean {
  const state = result.stdout.trim();
  if (result.code === 0) return true;
  if (result.code === 1 && state !== "") return false;
  throw new Error(`systemctl is-enabled failed: ${result.stderr.trim() || state || `exit ${result.code}`}`);
}
