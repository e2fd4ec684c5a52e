// The dataset `properties` string ("recordsize=128K,compression=lz4") parsed into a record and
// checked with ZfsDataset's knowledge of the filesystem properties OpenZFS 2.2 lets
// `zfs create -o` / `zfs set` change (providers/zfs-dataset/properties.ts, from zfs_prop.c).
// Column-name aliases (recsize, compress, ...) are accepted, as propname_match() does, and
// normalised to the full name so plans compare like with like. What the config adds is policy:
// no `mountpoint`, and values written exactly as zfs takes them.
import { canonicalPropertyName, checkPropertyValue } from "../../providers/zfs-dataset/schema";

/** Result of parsing a `k=v,k=v` property string; keys are full property names. */
export interface ParsedZfsProperties {
  readonly properties: Record<string, string>;
  readonly problems: string[];
}

// The full property name for `name=value` as the config file writes it, or why it is refused.
function checkEntry(name: string, value: string): { name: string } | { problem: string } {
  const canonical = canonicalPropertyName(name);
  if ("problem" in canonical) return canonical;
  if (canonical.name === "mountpoint") {
    return { problem: `property "${name}" is always /<pool>/<dataset> (the path Proxmox dir storages point at) and cannot be set here` };
  }
  const checked = checkPropertyValue(canonical.name, value);
  if ("problem" in checked) return checked;
  // Values are kept as written (normalize.ts), and the original scripts hand them to zfs
  // unchanged, which compares index values with strcmp: "LZ4" fails there.
  if (checked.value !== value) return { problem: `${name}=${value} must be written ${name}=${checked.value}` };
  return canonical;
}

/** Why `name=value` is not a settable filesystem property in the config file, or undefined. */
export function zfsPropertyProblem(name: string, value: string): string | undefined {
  const checked = checkEntry(name, value);
  return "problem" in checked ? checked.problem : undefined;
}

/** Parses and checks a dataset property string; an empty string means no properties. */
export function parseZfsProperties(text: string): ParsedZfsProperties {
  const properties: Record<string, string> = {};
  const problems: string[] = [];
  if (text === "") return { properties, problems };
  for (const entry of text.split(",")) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? "" : entry.slice(eq + 1);
    const syntax = entryProblem(entry, name, value);
    const checked = syntax === undefined ? checkEntry(name, value) : { problem: syntax };
    if ("problem" in checked) problems.push(checked.problem);
    else if (checked.name in properties) problems.push(`property ${checked.name} is set more than once`);
    else properties[checked.name] = value;
  }
  return { properties, problems };
}

// The original splits on "," and passes each piece to `zfs -o`, so values cannot hold commas
// and stray spaces become part of the name.
function entryProblem(entry: string, name: string, value: string): string | undefined {
  if (entry === "") return "empty entry in the property list (stray comma?)";
  if (!entry.includes("=")) return `"${entry}" is not of the form name=value`;
  if (name === "" || /\s/.test(name)) return `invalid property name "${name}" in "${entry}"`;
  if (value === "") return `property ${name} has an empty value`;
  return undefined;
}
