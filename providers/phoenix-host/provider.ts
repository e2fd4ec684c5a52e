// PhoenixHost lifecycle on the host:
//   inspect: cat /etc/phoenix/owner.json (absent: unclaimed)
//   create/update: write the marker (claim, or take over when phoenix:takeOverHost names the owner)
//   delete:  remove the marker if it is still ours
import type { Runner } from "../core/runner";
import { readArgv } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import { parseMarker, readMarkerArgv } from "./marker";
import { planPhoenixHost, planReleaseHost } from "./plan";
import { newClaimId, PhoenixHostInputsSchema, type PhoenixHostInputs, type PhoenixHostObserved } from "./schema";

/** Reads the owner marker of the runner's host. */
export async function readOwner(runner: Runner): Promise<PhoenixHostObserved> {
  return parseMarker(await readArgv(runner, readMarkerArgv()), runner.host);
}

/** PhoenixHost for the generic adapter. */
export const phoenixHostDefinition: ResourceDefinition<PhoenixHostInputs, PhoenixHostObserved> = {
  kind: "PhoenixHost",
  parseInputs: (raw) => parseWith(PhoenixHostInputsSchema, raw),
  id: (inputs) => inputs.claimId ?? "(new claim)",
  identity: [],
  label: () => "PhoenixHost",
  // The claim id is chosen at create and kept from the old outputs ever after.
  complete: (news, olds) => ({ ...news, claimId: olds.claimId ?? newClaimId() }),
  inspect: (runner) => readOwner(runner),
  exists: (observed) => observed !== null,
  plan: (desired, observed) => planPhoenixHost(desired, observed, new Date().toISOString().replace(/\.\d+Z$/, "Z")),
  planDelete: (inputs, observed) => planReleaseHost(inputs, observed),
  allowsDestroy: () => true,
};
