// The one table-driven harness for `*Problem(value)` checks (names, ids, paths): each accepted
// value yields undefined, each refused value exactly its message.
import { describe, expect, it } from "vitest";

/** A check in the style of poolNameProblem: the reason a value is unusable, or undefined. */
export type ProblemCheck = (value: string) => string | undefined;

/** Declares one describe block named `name` for `check`. */
export function describeProblems(name: string, check: ProblemCheck, accepted: readonly string[], refused: ReadonlyArray<readonly [string, string]>): void {
  describe(name, () => {
    it.each(accepted)("accepts %j", (value) => {
      expect(check(value)).toBeUndefined();
    });

    it.each(refused)("refuses %j", (value, message) => {
      expect(check(value)).toBe(message);
    });
  });
}
