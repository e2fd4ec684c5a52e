// How a resource's Pulumi state looks: its inputs at top level plus what the host reported.
// Parsing is tolerant so state written by older versions still loads.

// `owner` is the stack's host claim id (providers/phoenix-host), checked by the adapter itself;
// `applies` counts the applies that ran commands (kinds with `countsApplies`).
const RESERVED = new Set(["__provider", "observed", "owner", "applies"]);

/** The stored outputs of a resource. */
export type Outputs<I, Obs> = I & { observed?: Obs };

/** Splits stored outputs (or raw inputs) into the user's inputs and the last observation. */
export function splitOutputs(props: Record<string, unknown> | undefined): { inputs: Record<string, unknown>; observed: unknown } {
  const inputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props ?? {})) {
    if (!RESERVED.has(key)) inputs[key] = value;
  }
  return { inputs, observed: props?.observed };
}

/** Outputs from inputs and an observation. `observed` is null (not undefined) when absent, so it survives serialization. */
export function makeOutputs<I extends object, Obs>(inputs: I, observed: Obs | undefined): Outputs<I, Obs> {
  return { ...inputs, observed: (observed ?? null) as Obs };
}

/** Stable JSON for comparing inputs regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
