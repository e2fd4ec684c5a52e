// After a fault: what a user does next, exactly as the README tells them, and whether the host
// then converged (`up` succeeds, a second `up` and a drift check report nothing).
import type { CliResult, TestStack } from "../helpers/pulumi-cli";

export interface Recovery {
  /** `pulumi up` runs until one succeeded, not counting one that only found the stack locked. */
  readonly upRuns: number;
  /** Documented recovery commands run before an `up` succeeded (after a killed CLI). */
  readonly steps: string[];
  readonly converged: boolean;
  /** The first command that failed, with its output, when not converged. */
  readonly failure?: string;
}

const MAX_UP_RUNS = 3;
/** What the file backend says when a killed CLI left its lock behind. */
export const LOCKED = /the stack is currently locked by \d+ lock/;

/** Pending operations (interrupted creates, updates, deletes) recorded in the stack's state. */
export function pendingOperations(stack: TestStack): number {
  return (JSON.parse(stack.stateText()).checkpoint.latest.pending_operations ?? []).length;
}

/**
 * The README's recovery after a killed `pulumi`: once no pulumi process runs for the stack,
 * `pulumi cancel` removes the dead run's lock and `pulumi refresh --clear-pending-creates` drops
 * the creates it was waiting for (the next `up` creates them again, adopting what exists).
 */
async function documentedRecovery(stack: TestStack, steps: string[], save: (name: string, r: CliResult) => void): Promise<string | undefined> {
  const cancel = await run(stack, ["cancel", "--yes"]);
  save("1-cancel", cancel);
  steps.push("pulumi cancel --yes");
  if (cancel.code !== 0) return `pulumi cancel --yes exit ${cancel.code}:\n${cancel.output}`;
  if (pendingOperations(stack) > 0) {
    const refresh = await run(stack, ["refresh", "--yes", "--clear-pending-creates"]);
    save("1-refresh-clear-pending-creates", refresh);
    steps.push("pulumi refresh --yes --clear-pending-creates");
    if (refresh.code !== 0) return `pulumi refresh --yes --clear-pending-creates exit ${refresh.code}:\n${refresh.output}`;
  }
  return undefined;
}

// Asynchronous, so that trials on other lab hosts go on meanwhile.
const run = (stack: TestStack, args: string[]) => stack.start(args).result;

export async function recoverAndConverge(stack: TestStack, save: (name: string, r: CliResult) => void): Promise<Recovery> {
  const steps: string[] = [];
  let upRuns = 0;
  let last: CliResult | undefined;
  let firstFailure: string | undefined;
  let recovered = false;
  while (upRuns < MAX_UP_RUNS) {
    last = await run(stack, ["up", "--yes"]);
    save(`1-up-${upRuns + 1}${recovered ? "-after-recovery" : ""}`, last);
    if (last.code !== 0 && LOCKED.test(last.output) && !recovered) {
      recovered = true;
      const failed = await documentedRecovery(stack, steps, save);
      if (failed) return { upRuns, steps, converged: false, failure: failed };
      continue;
    }
    upRuns++;
    if (last.code === 0) break;
    firstFailure ??= `pulumi up (rerun ${upRuns}) exit ${last.code}:\n${last.output}`;
  }
  if (last?.code !== 0) return { upRuns, steps, converged: false, failure: firstFailure };
  // No preview: the update itself fails on any change, and the preview would double the time.
  const noop = await run(stack, ["up", "--yes", "--skip-preview", "--expect-no-changes"]);
  save("2-up-expect-no-changes", noop);
  if (noop.code !== 0) return { upRuns, steps, converged: false, failure: `pulumi up --expect-no-changes exit ${noop.code}:\n${noop.output}` };
  const drift = await run(stack, ["refresh", "--preview-only", "--expect-no-changes"]);
  save("3-refresh-preview-only", drift);
  if (drift.code !== 0) return { upRuns, steps, converged: false, failure: `pulumi refresh --preview-only --expect-no-changes exit ${drift.code}:\n${drift.output}` };
  return { upRuns, steps, converged: upRuns === 1, failure: upRuns === 1 ? undefined : firstFailure };
}
