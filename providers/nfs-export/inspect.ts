// Read-only commands for one NFS export and pure parsers for what they print.
// `exportfs -v` is nfs-utils' dump(): `printf("%-14s\t%s", path, client)`, or the path alone and
// `\n\t\t<client>` when the path is longer than 14 characters, then `(<options>)`.
import type { CommandResult } from "../core/runner";
import { EXPORTS_FILE } from "./schema";
import { fileContent } from "../core/file-content";

export function readFileCommand(): string[] {
  return ["cat", EXPORTS_FILE];
}

export function liveExportsCommand(): string[] {
  return ["exportfs", "-v"];
}

export function pathTypeCommand(path: string): string[] {
  return ["stat", "-c", "%F", "--", path];
}

/** The file's content, or null when it does not exist; other failures throw. */
export function parseFileResult(result: CommandResult): string | null {
  return fileContent(result, EXPORTS_FILE);
}

/** Every live export: path → client → options. `<world>` is reported as `*`. */
export function parseExportfsVerbose(stdout: string): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  let path: string | undefined;
  const add = (entry: string) => {
    const match = /^(\S+?)\(([^)]*)\)$/.exec(entry.trim());
    if (!match || path === undefined) return;
    const client = match[1] === "<world>" ? "*" : match[1];
    if (!out.has(path)) out.set(path, new Map());
    out.get(path)!.set(client, match[2] === "" ? [] : match[2].split(","));
  };
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    if (/^\s/.test(line)) {
      add(line);
      continue;
    }
    const [first, ...rest] = line.split("\t");
    path = first.trim();
    const entry = rest.join("\t").trim();
    if (entry !== "") add(entry);
  }
  return out;
}

/** The line of `file` that exports `path` (first field), or null. */
export function lineFor(file: string | null, path: string): string | null {
  if (file === null) return null;
  return file.split("\n").find((l) => l.trim().split(/\s+/)[0] === path) ?? null;
}

/** True when `stat -c %F` says directory; a missing path is false. */
export function parseIsDirectory(result: CommandResult): boolean {
  return result.code === 0 && result.stdout.trim() === "directory";
}
