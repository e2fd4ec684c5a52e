// PhoenixHost: the stack's claim on its host (one stack per host). Inputs and the marker shape.
import { z } from "zod";

/** A claim id: a random UUID chosen at the claim's first check, kept in state ever after. */
const CLAIM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const PhoenixHostInputsSchema = z.object({
  /** `<organization>/<project>/<stack>`: who claims the host, for messages. */
  stack: z.string().min(1).max(400),
  /** Where that stack lives (`<workstation>:<checkout>`): two checkouts of one stack name differ here. */
  where: z.string().max(400).default(""),
  /** Chosen at create (absent while a new claim is previewed), kept from the outputs after. */
  claimId: z.string().regex(CLAIM_ID, "a claim id is a lower-case UUID").optional(),
  /** The claim id of the owner this stack takes the host over from (`phoenix:takeOverHost`). */
  takeOver: z.string().regex(CLAIM_ID, "phoenix:takeOverHost must be the owner's claim id, as the refusal names it").optional(),
});

export type PhoenixHostInputs = z.output<typeof PhoenixHostInputsSchema>;

/** The marker file on the host (/etc/phoenix/owner.json). */
export interface HostMarker {
  readonly claimId: string;
  readonly stack: string;
  readonly where: string;
  readonly claimedAt: string;
}

/** null: no marker (the host is unclaimed). */
export type PhoenixHostObserved = HostMarker | null;

/** A claim whose id is chosen: what the marker records. */
export type ChosenClaim = PhoenixHostInputs & { readonly claimId: string };

export function newClaimId(): string {
  return globalThis.crypto.randomUUID();
}
