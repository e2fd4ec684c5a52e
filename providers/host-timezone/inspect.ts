// Read-only commands for the host's time zone and pure parsers for what they print.
import type { CommandResult } from "../core/runner";
import { fileContent } from "../core/file-content";
import { LOCALTIME, TIMEZONE_FILE, ZONEINFO } from "./schema";

export const readLinkCommand = (): string[] => ["readlink", "--", LOCALTIME];
export const readTimezoneCommand = (): string[] => ["cat", "--", TIMEZONE_FILE];
export const zoneFileCommand = (zone: string): string[] => ["test", "-f", `${ZONEINFO}/${zone}`];

/** readlink's target, or null when /etc/localtime is no link or absent (readlink exits 1). */
export function parseReadLink(result: CommandResult): string | null {
  if (result.code === 0) return result.stdout.trim();
  if (result.code === 1) return null;
  throw new Error(`readlink ${LOCALTIME} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
}

export function parseTimezoneFile(result: CommandResult): string | null {
  return fileContent(result, TIMEZONE_FILE);
}
