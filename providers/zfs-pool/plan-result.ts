// What a ZFS planner decides, as data: run these steps, or refuse with a reason before any
// command runs (preview prints the reason; up stops on it). Shared by zfs-pool, zfs-dataset and
// zfs-arc; the lead may move it to providers/core when folding duplicates.
import type { Step } from "../core/step";

/** Steps to run in order (empty = converged) plus warnings that do not block. */
export interface PlanSteps {
  readonly kind: "steps";
  readonly steps: readonly Step[];
  readonly warnings: readonly string[];
}

/** The planner will not act; `reason` names the object and what the user can do. */
export interface PlanRefusal {
  readonly kind: "refuse";
  readonly reason: string;
}

/** The outcome of every ZFS planner. */
export type ZfsPlan = PlanSteps | PlanRefusal;

/** Builds a steps outcome. */
export function planSteps(steps: readonly Step[], warnings: readonly string[] = []): PlanSteps {
  return { kind: "steps", steps: [...steps], warnings: [...warnings] };
}

/** Builds a refusal outcome. */
export function refuse(reason: string): PlanRefusal {
  return { kind: "refuse", reason };
}

/** Lists at most `max` names, then "and N more", so refusals stay readable for big trees. */
export function listSome(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
