// Turns zod results into the adapter's Parsed shape with Pulumi-style property paths.
import { z } from "zod";
import type { Parsed } from "./definition";

/** Validates raw inputs with a zod schema; failures name each property by dot path. */
export function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    failures: result.error.issues.map((issue) => ({ property: z.core.toDotPath(issue.path) || "(inputs)", reason: issue.message })),
  };
}
