// The check every Phoenix resource passes before it touches the host: the host's owner marker
// still names this stack's claim.
import { ResourceError } from "../adapter/handlers";
import type { Runner } from "../core/runner";
import { describeOwner, MARKER_PATH } from "./marker";
import { readOwner } from "./provider";

export async function checkOwner(runner: Runner, owner: string): Promise<void> {
  const marker = await readOwner(runner);
  if (marker?.claimId === owner) return;
  if (marker === null) {
    throw new ResourceError(
      `${runner.host} has no Phoenix owner marker (${MARKER_PATH}), though this stack claimed it (claim ${owner}): ` +
        "the host was reinstalled or released. Nothing was changed; `npm run pulumi -- up --refresh` claims it again.",
    );
  }
  throw new ResourceError(
    `${runner.host} is now managed by ${describeOwner(marker)}, not by this stack (claim ${owner}); nothing was changed. ` +
      'See README "Moving a host to another stack".',
  );
}
