// Parses the indented vdev tree that `zpool status -P` and `zpool import` print after "config:".
// Format (cmd/zpool/zpool_main.c print_status_config/print_import_config, 2.1/2.2): each row is
// "\t" + depth spaces + name, padded, then STATE (+ READ WRITE CKSUM in status); depth grows by 2
// per level; class sections print as "\tlogs\t", "\tcache", "\tspares", "\tspecial\t", "\tdedup\t".
import type { PoolTree, VdevDevice, VdevGroup } from "./schema";

type Section = "data" | "logs" | "special" | "dedup" | "cache" | "spares";
const SECTIONS = new Set<string>(["logs", "special", "dedup", "cache", "spares"]);
// Interior vdevs that appear below a top-level group while a disk is being replaced or spared.
const NESTED_INTERIOR = /^(replacing|spare)-\d+$/;

interface Row {
  readonly depth: number;
  readonly name: string;
  readonly state: string;
  /** A device missing at import is printed by GUID, followed by "  was <path>". */
  readonly was: string | null;
}

/** The rows of the "config:" block of `zpool status` or of one `zpool import` pool block. */
export function configBlock(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === "config:");
  if (start < 0) throw new Error("no 'config:' section in zpool output");
  const rows: string[] = [];
  let i = start + 1;
  while (i < lines.length && lines[i].trim() === "") i++;
  for (; i < lines.length && lines[i].startsWith("\t") && lines[i].trim() !== ""; i++) rows.push(lines[i]);
  return rows;
}

type GroupSection = "data" | "logs" | "special" | "dedup";
type MutableGroup = VdevGroup & { devices: VdevDevice[] };
type MutableTree = { name: string; state: string } & Record<GroupSection, VdevGroup[]> & Record<"cache" | "spares", VdevDevice[]>;

/** Parses config rows into the pool's vdev tree. */
export function parseVdevTree(rows: readonly string[]): PoolTree {
  const tree: MutableTree = { name: "", state: "", data: [], logs: [], special: [], dedup: [], cache: [], spares: [] };
  let section: Section = "data";
  let group: MutableGroup | null = null;
  for (const row of rows.map(parseRow)) {
    if (row.depth === 0 && row.name === "NAME" && row.state === "STATE") continue;
    if (row.depth === 0 && row.state === "" && SECTIONS.has(row.name)) {
      section = row.name as Section;
      group = null;
    } else if (row.depth === 0) {
      tree.name = row.name;
      tree.state = row.state;
    } else if (section === "cache" || section === "spares") {
      tree[section].push(device(row));
    } else if (row.depth === 2) {
      const top = topLevel(row);
      tree[section].push(top);
      group = top.kind === "disk" ? null : top;
    } else if (group && !NESTED_INTERIOR.test(row.name)) {
      group.devices.push(device(row));
    }
  }
  return tree;
}

function parseRow(line: string): Row {
  const body = line.replace(/^\t/, "");
  const text = body.trim();
  const tokens = text.split(/\s+/);
  return {
    depth: body.length - body.trimStart().length,
    name: tokens[0],
    state: tokens[1] ?? "",
    was: /\s{2}was (\S+)$/.exec(text)?.[1] ?? null,
  };
}

function device(row: Row): VdevDevice {
  return { path: row.was ?? row.name, state: row.state };
}

// `mirror-0`, `raidz2-1`, `draid2:4d:6c:1s-0` are groups; anything else at depth 2 is a bare disk.
function topLevel(row: Row): MutableGroup {
  const type = /^(.*)-\d+$/.exec(row.name)?.[1] ?? "";
  if (type === "mirror" || /^raidz[123]$/.test(type)) {
    return { kind: type as VdevGroup["kind"], name: row.name, state: row.state, devices: [] };
  }
  if (type.startsWith("draid")) return { kind: "draid", name: row.name, state: row.state, devices: [] };
  return { kind: "disk", name: row.was ?? row.name, state: row.state, devices: [device(row)] };
}
