// A series of fault trials on one lab host, and the table that sums them up.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { labDown } from "../helpers/lab";
import { Rng, type HvConfig } from "./configs";
import { describeTrigger, FAULT_KINDS, FaultHost, planTrial, runTrial, type FaultKind, type TrialResult } from "./trials";

export interface CampaignOptions {
  readonly seed: number;
  readonly trials: number;
  readonly lab: string;
  readonly kinds?: readonly FaultKind[];
  /** "command": every trigger is a fixed command (deterministic); default: commands and random times. */
  readonly triggers?: "command" | "any";
  /** Called after each trial (progress output). */
  readonly onTrial?: (r: TrialResult) => void;
  readonly onHarnessError?: (message: string) => void;
  /** Lab hosts working in parallel (default 1). */
  readonly workers?: number;
}

/**
 * Runs the trials on `workers` lab hosts at once (`<lab>-<n>`; one host keeps the name `lab`).
 * Worker n draws its trials from its own generator (seed + n), so a seed replays the same plans.
 */
export async function runCampaign(o: CampaignOptions): Promise<{ results: TrialResult[]; logRoot: string; harnessErrors: string[] }> {
  const logRoot = mkdtempSync(path.join(tmpdir(), `phoenix-faults-${o.seed}-`));
  const workers = Math.max(1, o.workers ?? 1);
  const results: TrialResult[] = [];
  const harnessErrors: string[] = [];
  const worker = async (n: number) => {
    const rng = new Rng(o.seed + n);
    const lab = workers === 1 ? o.lab : `${o.lab}-${n}`;
    const host = new FaultHost(lab, logRoot);
    let converged: HvConfig | undefined;
    try {
      for (let i = n; i < o.trials; i += workers) {
        const plan = planTrial(rng, i, converged, o.kinds, o.triggers);
        let result: TrialResult;
        try {
          result = await runTrial(host, plan, logRoot);
        } catch (err) {
          // The harness itself failed (e.g. the lab host did not start): not a verdict on Phoenix.
          harnessErrors.push(`trial ${i}: ${(err as Error).message}`);
          o.onHarnessError?.(harnessErrors[harnessErrors.length - 1]);
          converged = undefined;
          continue;
        }
        results.push(result);
        // A host that did not converge is not a fair start for the next trial: that one starts afresh.
        converged = result.converged ? plan.cfg : undefined;
        o.onTrial?.(result);
      }
    } finally {
      labDown(lab);
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, n) => worker(n)));
  results.sort((a, b) => a.plan.index - b.plan.index);
  return { results, logRoot, harnessErrors };
}

export function trialLine(r: TrialResult): string {
  const p = r.plan;
  const verdict = r.converged ? (r.recovery.steps.length > 0 ? "yes, after recovery" : "yes") : "NO";
  return `| ${p.index} | ${p.kind} (${p.method}) | ${p.phase}${p.edits.length ? `: ${p.edits.join("; ")}` : ""} | ${describeTrigger(p.trigger)} | ${r.fired ? r.faultRun : `not hit (${r.faultRun})`} | ${r.recovery.upRuns} | ${verdict} | ${r.lostMarkers.length} |`;
}

export function trialTable(results: readonly TrialResult[]): string {
  return ["| # | fault | change | trigger | faulted run | `up` runs | converged | markers lost |", "|---|---|---|---|---|---|---|---|", ...results.map(trialLine)].join("\n");
}

/** The summary the issue asks for: trials, faults by kind, reruns that converged, data lost. */
export function summaryTable(results: readonly TrialResult[]): string {
  const rows = [...FAULT_KINDS, "all"].map((kind) => {
    const of = results.filter((r) => kind === "all" || r.plan.kind === kind);
    const hit = of.filter((r) => r.fired);
    const ok = of.filter((r) => r.converged);
    const recovered = ok.filter((r) => r.recovery.steps.length > 0);
    const lost = of.reduce((n, r) => n + r.lostMarkers.length, 0);
    const creates = of.filter((r) => r.plan.phase === "create").length;
    return `| ${kind} | ${of.length} (${plural(creates, "create")}, ${plural(of.length - creates, "update")}) | ${hit.length} | ${ok.length} / ${of.length}${recovered.length ? ` (${recovered.length} after documented recovery)` : ""} | ${lost} |`;
  });
  return ["| fault kind | trials | fault hit the run | next `up` converged | files lost |", "|---|---|---|---|---|", ...rows].join("\n");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Every trial that did not converge, with the output a lead needs to fix the mechanism. */
export function failureReport(results: readonly TrialResult[]): string {
  return results
    .filter((r) => !r.converged)
    .map((r) => {
      const lines = [`### trial ${r.plan.index}: ${r.plan.kind} (${r.plan.method}), ${r.plan.phase} ${r.plan.edits.join("; ")}, ${describeTrigger(r.plan.trigger)}`, `faulted run: ${r.faultRun}; logs: ${r.logDir}`];
      if (r.recovery.failure) lines.push("```", r.recovery.failure.trim(), "```");
      if (r.hostProblems.length) lines.push("host problems:", ...r.hostProblems.map((p) => `- ${p}`));
      if (r.lostMarkers.length) lines.push("lost files:", ...r.lostMarkers.map((p) => `- ${p}`));
      return lines.join("\n");
    })
    .join("\n\n");
}
