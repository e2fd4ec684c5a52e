// Read-only commands for one shared volume directory and pure parsers for what they print.
import type { CommandResult } from "../core/runner";
import { parsePasswd } from "../admin-user/inspect";

export const statCommand = (path: string): string[] => ["stat", "-c", "%F|%u|%g", "--", path];
export const passwdCommand = (name: string): string[] => ["getent", "passwd", name];
/** Prints the first entry of the directory, if any (never walks the tree). */
export const contentCommand = (path: string): string[] => ["find", path, "-mindepth", "1", "-maxdepth", "1", "-print", "-quit"];

export function parseStat(result: CommandResult): SharedStat | null {
  if (result.code !== 0) {
    if (/No such file or directory|Not a directory/.test(result.stderr)) return null;
    throw new Error(`stat failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
  const [type, uid, gid] = result.stdout.trim().split("|");
  if (!/^\d+$/.test(uid ?? "") || !/^\d+$/.test(gid ?? "")) throw new Error(`unexpected stat output ${JSON.stringify(result.stdout.slice(0, 80))}`);
  return { type, uid: Number(uid), gid: Number(gid) };
}

export type SharedStat = { type: string; uid: number; gid: number };

/** The user's uid and primary gid, or null when there is no such user. */
export function parseUser(result: CommandResult): { uid: number; gid: number } | null {
  const entry = parsePasswd(result);
  return entry === null ? null : { uid: entry.uid, gid: entry.gid };
}

export function parseHasContent(result: CommandResult): boolean {
  return result.code === 0 && result.stdout.trim() !== "";
}
