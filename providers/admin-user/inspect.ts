// Read-only commands for one AdminUser and pure parsers for what Debian's tools print:
// getent passwd/shadow/group (colon-separated database lines), stat -c, cat.
import type { CommandResult } from "../core/runner";
import type { PasswordState } from "./schema";
import { fileContent } from "../core/file-content";
import { passwordHashFingerprint } from "./password";

export const passwdCommand = (name: string): string[] => ["getent", "passwd", name];
export const shadowCommand = (name: string): string[] => ["getent", "shadow", name];
export const groupsCommand = (): string[] => ["getent", "group"];
export const catCommand = (path: string): string[] => ["cat", "--", path];
/** The user the session's commands run as: the one Phoenix logs in as. */
export const sessionUserCommand = (): string[] => ["id", "-un"];
export { parseStat, STAT_FORMAT, statCommand } from "../core/path-stat";

// getent exits 2 when the key is not in the database.
const NOT_FOUND = 2;

function getentLine(result: CommandResult, what: string): string | null {
  if (result.code === NOT_FOUND) return null;
  if (result.code !== 0) throw new Error(`getent ${what} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  return result.stdout.split("\n")[0] ?? "";
}

/** The passwd entry (`name:x:uid:gid:gecos:home:shell`), or null when there is no such user. */
export function parsePasswd(result: CommandResult): { uid: number; gid: number; home: string; shell: string } | null {
  const line = getentLine(result, "passwd");
  if (line === null) return null;
  const f = line.split(":");
  if (f.length !== 7 || !/^\d+$/.test(f[2]) || !/^\d+$/.test(f[3])) throw new Error("getent passwd printed an entry that is not name:x:uid:gid:gecos:home:shell");
  return { uid: Number(f[2]), gid: Number(f[3]), home: f[5], shell: f[6] };
}

/**
 * The shadow password field as a comparable state: "locked" (only ! and *, no hash), "empty",
 * or a digest of the field. The hash itself never leaves this function, nor any message.
 */
export function parseShadow(result: CommandResult, name: string): PasswordState | null {
  const line = getentLine(result, "shadow");
  if (line === null) return null;
  const fields = line.split(":");
  if (fields.length < 2) throw new Error("getent shadow printed an entry without a password field");
  return passwordState(fields[1], name);
}

/** What a shadow password field (or a desired hash) compares as; the digest is stable per user. */
export function passwordState(field: string, name: string): PasswordState {
  if (field === "") return "empty";
  if (/^[!*]+$/.test(field)) return "locked";
  // The fingerprint the program computes for the configured hash: equal exactly when the
  // host's field is that hash, and stable (a refresh of an unchanged field changes nothing).
  return { digest: passwordHashFingerprint(name, field) };
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

/** Every group of `getent group` (`name:x:gid:member,member`). */
export function parseGroups(stdout: string): GroupEntry[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line) => {
      const f = line.split(":");
      if (f.length !== 4 || !/^\d+$/.test(f[2])) throw new Error(`getent group printed a line that is not name:x:gid:members: ${JSON.stringify(line.slice(0, 80))}`);
      return { name: f[0], gid: Number(f[2]), members: f[3] === "" ? [] : f[3].split(",") };
    });
}

/** A file's content, or null when it does not exist; other failures throw. */
export function parseCat(result: CommandResult, path: string): string | null {
  return fileContent(result, path, /No such file or directory|Not a directory/);
}
