// Inputs that come from other resources' outputs are unknown during preview (a clone's source,
// a GPU's device numbers). The engine marks them with a sentinel string; check and diff must
// judge what is known and leave the rest to apply, when every value is resolved.

/** Pulumi's wire value for "known only after apply" (`@pulumi/pulumi/runtime/rpc` unknownValue). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Dot paths (zod's notation: `a.b`, `list[0]`) of every unknown value inside `value`. */
export function unknownPaths(value: unknown, at = ""): string[] {
  if (value === UNKNOWN) return [at || "(inputs)"];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownPaths(v, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, at ? `${at}.${k}` : k));
  }
  return [];
}

/** True when `property` is an unknown path, lies inside one, or contains one (so cannot be judged yet). */
export function touchesUnknown(property: string, unknown: readonly string[]): boolean {
  return unknown.some((u) => related(property, u) || related(u, property));
}

function related(inner: string, outer: string): boolean {
  return outer === "(inputs)" || inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
}
