// `pct listsnapshot <ctid>` and its parser. The tree format is pve-guest-common's
// PVE::GuestHelpers::print_snapshot_tree: "<indent>`-> <name> <time> <first description line>",
// `current` as the pseudo-entry "You are here!".
import type { CommandResult } from "../core/runner";

export function listSnapshotsCommand(ctid: string): string[] {
  return ["pct", "listsnapshot", ctid];
}

/** Snapshot names and their first description line. */
export function parseSnapshotTree(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const match = /^\s*`-> (\S+)\s*(.*)$/.exec(line);
    if (!match || match[1] === "current") continue;
    const rest = match[2].replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s*/, "").trim();
    out.set(match[1], rest === "no-description" ? "" : rest);
  }
  return out;
}

/** PVE's answer for a container that does not exist (any command that loads its config). */
export function isMissingContainer(result: CommandResult): boolean {
  return /Configuration file '[^']*' does not exist/.test(result.stderr);
}
