// Read-only commands for one Samba user and pure parsers for what they print:
// getent passwd/group <name>, pdbedit -Lw -u <name> (smbpasswd format), stat of smbd's tools.
import type { CommandResult } from "../core/runner";

export const passwdCommand = (name: string): string[] => ["getent", "passwd", name];
export const groupCommand = (name: string): string[] => ["getent", "group", name];
export const pdbeditCommand = (name: string): string[] => ["pdbedit", "-L", "-w", "-u", name];
export const SMBPASSWD = "/usr/bin/smbpasswd";
export const toolCommand = (): string[] => ["stat", "-c", "%F", "--", SMBPASSWD];

/** getent: exit 0 = found, 2 = no such key; anything else throws. */
export function parseGetent(result: CommandResult, what: string): boolean {
  if (result.code === 0) return true;
  if (result.code === 2) return false;
  throw new Error(`getent ${what} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
}

export interface PassdbEntry {
  /** 32 upper-case hex digits, or null when the account has no password (`XXXX…`, N flag). */
  readonly ntHash: string | null;
  /** Account flags between the brackets, e.g. `U`, `DU`, `NU`. */
  readonly flags: string;
}

/**
 * One `pdbedit -Lw` line, `name:uid:LMHASH:NTHASH:[flags]:LCT-XXXXXXXX:`, for `name`; null when
 * pdbedit says the user is not in the passdb. The hashes never reach a message.
 */
export function parsePdbedit(result: CommandResult, name: string): PassdbEntry | null {
  if (result.code !== 0) {
    if (/not found|does not exist|No such user/i.test(result.stderr + result.stdout)) return null;
    throw new Error(`pdbedit -L -w -u ${name} failed with exit ${result.code}`);
  }
  const line = result.stdout.split("\n").find((l) => l.startsWith(`${name}:`));
  if (line === undefined) return null;
  const f = line.split(":");
  const flags = /^\[([A-Z ]*)\]$/.exec(f[4] ?? "");
  if (f.length < 6 || !/^([0-9A-F]{32}|X{32})$/.test(f[3] ?? "") || !flags) throw new Error(`pdbedit printed a line for ${name} that is not name:uid:LM:NT:[flags]:LCT (hashes not shown)`);
  return { ntHash: f[3] === "X".repeat(32) ? null : f[3], flags: flags[1].replace(/ /g, "") };
}
