// Read-only commands for one share and pure parsers for what they print: cat smb.conf,
// stat of the directory and of smbd (core/path-stat), systemctl is-active/is-enabled smbd.
import type { CommandResult } from "../core/runner";
import { fileContent } from "../core/file-content";

export { parseStat, statCommand } from "../core/path-stat";
export const catCommand = (path: string): string[] => ["cat", "--", path];
export const isActiveCommand = (unit: string): string[] => ["systemctl", "is-active", unit];
export const isEnabledCommand = (unit: string): string[] => ["systemctl", "is-enabled", unit];

/** The file's content, or null when it does not exist; other failures throw. */
export function parseCat(result: CommandResult, path: string): string | null {
  return fileContent(result, path, /No such file or directory|Not a directory/);
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
