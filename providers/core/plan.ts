// What a planner decides: the exact steps to run, or a refusal that stops before any step.
import type { Step } from "./step";

export type Plan =
  | { readonly kind: "steps"; readonly steps: readonly Step[]; readonly warnings?: readonly string[] }
  | { readonly kind: "refuse"; readonly reason: string };

/** A plan made of steps (empty = converged). */
export function stepsPlan(steps: readonly Step[], warnings: readonly string[] = []): Plan {
  return { kind: "steps", steps, warnings };
}

/** A plan that refuses, with a message that says what would be lost and how to allow it. */
export function refusePlan(reason: string): Plan {
  return { kind: "refuse", reason };
}

/** True when there is nothing to do. */
export function isConverged(plan: Plan): boolean {
  return plan.kind === "steps" && plan.steps.length === 0;
}
