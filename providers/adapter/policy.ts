// The stack-wide safety policy, from stack config `phoenix:allowDestroy`.

import type { Policy } from "./definition";

/**
 * Parses `phoenix:allowDestroy`: a JSON array or a comma-separated list of kind-qualified ids,
 * `<Kind>:<id>` (`ZfsDataset:quickOS/old`, `ZfsPool:fastData`), whose data may be destroyed.
 * Qualified, so that allowing pool `admin` never allows deleting user `admin`. It is read at run
 * time, so it also covers objects that were already removed from the JSON config.
 */
export function parsePolicy(text: string | undefined, kinds: readonly string[]): Policy {
  const entries = policyEntries(text);
  const allowed = new Set<string>();
  const wrong: string[] = [];
  for (const entry of entries) {
    const colon = entry.indexOf(":");
    const kind = colon > 0 ? entry.slice(0, colon) : "";
    const id = entry.slice(colon + 1).trim();
    if (!kinds.includes(kind) || id === "") wrong.push(entry);
    else allowed.add(`${kind}:${id}`);
  }
  if (wrong.length > 0) {
    throw new Error(
      `phoenix:allowDestroy entries must name the kind, e.g. "ZfsDataset:quickOS/old" or "ZfsPool:fastData" ` +
        `(kinds: ${kinds.join(", ")}); not understood: ${wrong.map((w) => JSON.stringify(w)).join(", ")}`,
    );
  }
  return { allowsDestroy: (kind, id) => allowed.has(`${kind}:${id}`) };
}

function policyEntries(text: string | undefined): string[] {
  const trimmed = text?.trim() ?? "";
  if (trimmed === "") return [];
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
  return names.map((n) => n.trim()).filter(Boolean);
}
