// Pure planner for PhoenixHost: claim an unclaimed host, keep our claim, refuse another stack's
// host unless the config names that stack's claim to take it over.
import { planSteps, refuse, type Plan } from "../core/plan";
import { describeOwner, removeMarkerStep, writeMarkerStep } from "./marker";
import type { PhoenixHostInputs, PhoenixHostObserved } from "./schema";

/** `now` is the claim time written into a new marker (injected: planners are pure). */
export function planPhoenixHost(desired: PhoenixHostInputs, observed: PhoenixHostObserved, now: string): Plan {
  // A new claim's id is chosen at create; its preview shows the claim with a placeholder id.
  const claim = { ...desired, claimId: desired.claimId ?? "(chosen at create)" };
  if (observed === null) return planSteps([writeMarkerStep(claim, now, `claim the host for stack ${desired.stack}`, null)]);
  if (observed.claimId === desired.claimId) {
    if (observed.stack === desired.stack && observed.where === desired.where) return planSteps([]);
    return planSteps([writeMarkerStep(claim, observed.claimedAt || now, `record that stack ${desired.stack} at ${desired.where} owns the host`, observed)]);
  }
  if (desired.takeOver === observed.claimId) {
    return planSteps([writeMarkerStep(claim, now, `take the host over from ${describeOwner(observed)}`, observed, observed.claimId)], [
      `the host is taken over from ${describeOwner(observed)}; that stack's runs now stop before touching the host`,
    ]);
  }
  if (desired.claimId !== undefined) {
    return refuse(
      `the host is now managed by ${describeOwner(observed)}: this stack's claim ${desired.claimId} was taken over, so it no longer touches the host. ` +
        `To take it back, set phoenix:takeOverHost to ${observed.claimId}; to let it go, remove this stack (pulumi stack rm).`,
    );
  }
  return refuse(
    `the host is managed by ${describeOwner(observed)}; two stacks would fight over it. ` +
      `To move the host to this stack, set phoenix:takeOverHost to ${observed.claimId} (README: "Moving a host to another stack").`,
  );
}

/** Releasing the host removes our marker only, never another stack's. */
export function planReleaseHost(desired: PhoenixHostInputs, observed: PhoenixHostObserved): Plan {
  if (observed === null || observed.claimId !== desired.claimId) return planSteps([]);
  return planSteps([removeMarkerStep()]);
}
