// The stack-wide safety policy, from stack config `phoenix:allowDestroy`.

import type { Policy } from "./definition";

/**
 * Parses `phoenix:allowDestroy`: a JSON array or a comma-separated list of pool and dataset
 * names whose data may be destroyed. It is read at run time, so it also covers objects that
 * were already removed from the JSON config.
 */
export function parsePolicy(text: string | undefined): Policy {
  if (text === undefined || text.trim() === "") return { allowDestroy: [] };
  const trimmed = text.trim();
  let names: unknown = trimmed.split(",");
  if (trimmed.startsWith("[")) {
    try {
      names = JSON.parse(trimmed);
    } catch {
      throw new Error("phoenix:allowDestroy must be a JSON array of names or a comma-separated list");
    }
  }
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) {
    throw new Error("phoenix:allowDestroy must list names as strings");
  }
  return { allowDestroy: names.map((n) => n.trim()).filter(Boolean) };
}
