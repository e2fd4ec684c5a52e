// What a planner decides, as data: run these steps, or refuse with a reason before any command
// runs (preview prints the reason; up stops on it). Every resource's planner returns one.
import type { Step } from "./step";

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

/** The outcome of every planner. */
export type Plan = PlanSteps | PlanRefusal;

/** A plan made of steps (empty = converged), with warnings that do not block. */
export function planSteps(steps: readonly Step[], warnings: readonly string[] = []): PlanSteps {
  return { kind: "steps", steps: [...steps], warnings: [...warnings] };
}

/** A plan that refuses, with a message that says what would be lost and how to allow it. */
export function refuse(reason: string): PlanRefusal {
  return { kind: "refuse", reason };
}

/** True when there is nothing to do. */
export function isConverged(plan: Plan): boolean {
  return plan.kind === "steps" && plan.steps.length === 0;
}

/** Lists at most `max` names, then "and N more", so refusals stay readable for big trees. */
export function listSome(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
