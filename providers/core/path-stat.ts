// Pure reading of `stat -c %F|%U|%G|%a`: a path's type, owner, group and mode, shared by every
// kind that owns a file or directory on the host (AdminUser, SambaShare).
import type { CommandResult } from "./runner";

/** owner, group, mode of a path as `stat` reports them; `type` is stat's %F. */
export interface PathStat {
  readonly type: string;
  readonly owner: string;
  readonly group: string;
  readonly mode: string;
}

export const STAT_FORMAT = "%F|%U|%G|%a";
export const statCommand = (path: string): string[] => ["stat", "-c", STAT_FORMAT, "--", path];

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
