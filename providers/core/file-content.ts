// Pure reading of `cat <file>` results, shared by every kind that inspects a host file.
import type { CommandResult } from "./runner";

/**
 * The file's content, or null when `cat` says it does not exist (`missing` matches its stderr);
 * any other failure throws, naming the file.
 */
export function fileContent(result: CommandResult, path: string, missing: RegExp = /No such file or directory/): string | null {
  if (result.code === 0) return result.stdout;
  if (missing.test(result.stderr)) return null;
  throw new Error(`cannot read ${path} (exit code ${result.code}): ${result.stderr.trim()}`);
}
