// Read-only commands that inspect a dataset, and pure parsers for what they print.
import type { CommandResult } from "../core/runner";
import type { ObservedProperty, PropertySource, ZfsDatasetObserved } from "./schema";

/** Every property with its source, in bytes (-p) and tab-separated (-H). */
export function zfsGetAllCommand(dataset: string): string[] {
  return ["zfs", "get", "-H", "-p", "-o", "name,property,value,source", "all", dataset];
}

/** The dataset, its descendants and all their snapshots, one name per line (first line: itself). */
export function zfsListTreeCommand(dataset: string): string[] {
  return ["zfs", "list", "-H", "-p", "-o", "name", "-t", "filesystem,volume,snapshot", "-r", dataset];
}

/** True when a zfs command failed only because the dataset does not exist. */
export function isDatasetMissing(result: CommandResult): boolean {
  return result.code !== 0 && /dataset does not exist/.test(result.stderr);
}

/** Parses `zfs get -H -p -o name,property,value,source all <ds>` into property → value and source. */
export function parseZfsGet(text: string, dataset: string): Record<string, ObservedProperty> {
  const out: Record<string, ObservedProperty> = {};
  for (const line of text.split("\n").filter((l) => l !== "")) {
    const fields = line.split("\t");
    if (fields.length < 4) throw new Error(`unexpected zfs get line: ${JSON.stringify(line)}`);
    // A user property value may itself contain tabs: name and property lead, source ends the line.
    const [name, property] = fields;
    if (name !== dataset) continue;
    const value = fields.slice(2, -1).join("\t");
    out[property] = { value, ...parseSource(fields[fields.length - 1]) };
  }
  return out;
}

function parseSource(text: string): { source: PropertySource; inheritedFrom?: string } {
  if (text.startsWith("inherited from ")) return { source: "inherited", inheritedFrom: text.slice("inherited from ".length) };
  if (text === "-") return { source: "none" };
  if (text === "local" || text === "default" || text === "received" || text === "temporary") return { source: text };
  throw new Error(`unknown zfs property source "${text}"`);
}

/** Splits `zfs list -r` names below `root` into descendant datasets and snapshots (root excluded). */
export function parseZfsNameList(text: string, root: string): { children: string[]; snapshots: string[] } {
  const names = text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && l !== root);
  return {
    children: names.filter((n) => !n.includes("@") && n.startsWith(`${root}/`)),
    snapshots: names.filter((n) => n.startsWith(`${root}@`) || (n.startsWith(`${root}/`) && n.includes("@"))),
  };
}

/** Assembles the observed state of an existing dataset from `zfs get all` and `zfs list -r` output. */
export function observeDataset(getText: string, listText: string, dataset: string): ZfsDatasetObserved {
  const properties = parseZfsGet(getText, dataset);
  const { children, snapshots } = parseZfsNameList(listText, dataset);
  return { exists: true, type: properties.type?.value ?? "unknown", properties, children, snapshots };
}
