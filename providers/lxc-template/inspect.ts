// Read-only pveam commands for a template archive, and pure parsers for what they print
// (pve-manager PVE/CLI/pveam.pm: `list` prints a NAME/SIZE header then one volid per line;
// `available` prints `<section>\t<file>` lines).
import type { CommandResult } from "../core/runner";
import { templateVolid, type LxcTemplateInputs } from "./schema";

export function listCommand(inputs: LxcTemplateInputs): string[] {
  return ["pveam", "list", inputs.storage];
}

export function availableCommand(): string[] {
  return ["pveam", "available", "--section", "system"];
}

/** Volume ids `pveam list` printed (first column, header skipped). */
export function parseList(stdout: string): string[] {
  return stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0] ?? "")
    .filter((volid) => volid !== "" && volid !== "NAME");
}

/** File names `pveam available` printed. */
export function parseAvailable(stdout: string): string[] {
  return stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length >= 2)
    .map((cols) => cols[cols.length - 1]);
}

/** Whether the archive is in the storage, or PVE's reason the storage cannot be listed. */
export function parseListResult(inputs: LxcTemplateInputs, result: CommandResult): { present: boolean; storageProblem?: string } {
  if (result.code !== 0) return { present: false, storageProblem: (result.stderr.trim() || `pveam list exited ${result.code}`).split("\n")[0] };
  return { present: parseList(result.stdout).includes(templateVolid(inputs)) };
}
