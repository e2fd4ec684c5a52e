// NfsExport planner: this path's line in the Phoenix-owned exports file (other lines kept), then
// `exportfs -ra` when the file changed or the live table does not show what the file says.
import { planSteps, type Plan } from "../core/plan";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { EXPORTS_FILE, exportsLine, type NfsExportInputs, type NfsExportObserved } from "./schema";

// Options `exportfs -v` prints when set, so their absence from the live table is drift. Others
// are defaults it never prints (secure_locks, subtree_check, ...) or print differently.
const PRINTED = new Set(["ro", "rw", "sync", "async", "wdelay", "no_wdelay", "hide", "nohide", "crossmnt", "no_subtree_check", "insecure_locks", "nordirplus", "security_label", "no_acl", "pnfs", "root_squash", "no_root_squash", "all_squash", "no_all_squash"]);
// Desired option → an option whose presence in the live table contradicts it.
const ABSENT_WHEN: Record<string, string> = { subtree_check: "no_subtree_check", secure_locks: "insecure_locks", auth_nlm: "insecure_locks", acl: "no_acl", no_pnfs: "pnfs", nocrossmnt: "crossmnt", rdirplus: "nordirplus" };
const ALIASES: Record<string, string> = { no_auth_nlm: "insecure_locks" };

/** Why the live options differ from the desired ones, or undefined when they match. */
export function liveMismatch(desired: readonly string[], live: readonly string[] | undefined): string | undefined {
  if (live === undefined) return "not exported";
  for (const raw of desired) {
    const option = ALIASES[raw] ?? raw;
    if (option.includes("=")) {
      const [key, value] = option.split("=");
      // exportfs prints anonuid/anongid only when not 65534 (nobody), fsid and sec always.
      if ((key === "anonuid" || key === "anongid") && value === "65534") {
        if (live.some((l) => l.startsWith(`${key}=`))) return `${key} differs`;
      } else if (["anonuid", "anongid", "fsid", "sec"].includes(key) && !live.includes(option)) return `${key} differs`;
      continue;
    }
    if (PRINTED.has(option) && !live.includes(option)) return `${option} missing`;
    if (ABSENT_WHEN[option] && live.includes(ABSENT_WHEN[option])) return `${ABSENT_WHEN[option]} set`;
  }
  return undefined;
}

/** Replaces this path's line (or appends it), keeping every other line. */
export function withLine(current: string | null, path: string, line: string | null): string | null {
  const lines = (current ?? "").split("\n").filter((l, i, all) => !(i === all.length - 1 && l === ""));
  const at = lines.findIndex((l) => l.trim().split(/\s+/)[0] === path);
  if (line === null) {
    if (at < 0) return current;
    lines.splice(at, 1);
  } else if (at < 0) lines.push(line);
  else lines[at] = line;
  return lines.length === 0 && current === null ? null : `${lines.join("\n")}${lines.length ? "\n" : ""}`;
}

const HEADER = "# Managed by Phoenix (NfsExport resources): one line per export; edits are reverted.";

export function planNfsExport(desired: NfsExportInputs, observed: NfsExportObserved): Plan {
  const warnings = observed.isDirectory ? [] : [`NfsExport "${desired.path}": the path is not a directory on the host yet; exportfs needs it to exist`];
  const line = exportsLine(desired);
  const edit = planFileEdit(EXPORTS_FILE, observed.file, (current) => withLine(current ?? `${HEADER}\n`, desired.path, line), { createDirectory: true });
  const steps: Step[] = [];
  if (edit) steps.push(fileEditStep(`export ${desired.path} to ${desired.clients.map((c) => c.host).join(", ")}`, edit));
  const stale = desired.clients.map((c) => [c.host, liveMismatch(c.options, observed.live[c.host])] as const).filter(([, why]) => why !== undefined);
  if (edit || stale.length > 0) {
    const why = edit ? "apply the exports files" : `re-export from the files (live table: ${stale.map(([host, w]) => `${host} ${w}`).join("; ")})`;
    steps.push(step(why, ["exportfs", "-ra"]));
  }
  return planSteps(steps, warnings);
}

/** Removing the export: its line goes, then the live table is re-synced. No data is touched. */
export function planDeleteNfsExport(inputs: NfsExportInputs, observed: NfsExportObserved): Plan {
  const edit = planFileEdit(EXPORTS_FILE, observed.file, (current) => withLine(current, inputs.path, null));
  const exported = Object.keys(observed.live).length > 0;
  if (!edit && !exported) return planSteps([]);
  return planSteps([...(edit ? [fileEditStep(`stop exporting ${inputs.path}`, edit)] : []), step("apply the exports files", ["exportfs", "-ra"])]);
}
