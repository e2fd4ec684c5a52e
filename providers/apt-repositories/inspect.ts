// Read-only commands for the host's APT sources and pure parsers for what they print.
import type { CommandResult } from "../core/runner";
import { fileContent } from "../core/file-content";
import { SOURCES_DIR } from "./schema";

export const OS_RELEASE = "/etc/os-release";
export const catCommand = (path: string): string[] => ["cat", "--", path];
export const listCommand = (): string[] => ["ls", "-1", "--", SOURCES_DIR];
export const keyringCommand = (path: string): string[] => ["test", "-f", path];

/** VERSION_CODENAME from os-release(5) (quoted or not), or null. */
export function parseCodename(text: string): string | null {
  const match = /^VERSION_CODENAME=["']?([a-z]+)["']?\s*$/m.exec(text);
  return match ? match[1] : null;
}

/** The source file names of `ls -1` (APT reads *.list and *.sources only). */
export function parseSourceFiles(result: CommandResult): string[] {
  if (result.code !== 0) {
    if (/No such file or directory/.test(result.stderr)) return [];
    throw new Error(`ls ${SOURCES_DIR} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
  return result.stdout.split("\n").map((l) => l.trim()).filter((l) => /^[A-Za-z0-9_.-]+\.(list|sources)$/.test(l)).sort();
}

export const parseFile = (result: CommandResult, path: string) => fileContent(result, path);
