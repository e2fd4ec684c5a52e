// Pure reading of `test -e/-f/-d` results, shared by the kinds that ask whether a path exists.
import type { CommandResult } from "./runner";

/** test's answer: exit 0 yes, 1 no; anything else (a shell or transport failure) throws. */
export function testAnswer(result: CommandResult, what: string): boolean {
  if (result.code === 0 || result.code === 1) return result.code === 0;
  throw new Error(`test ${what} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
}
