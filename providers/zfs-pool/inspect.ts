// Read-only commands that inspect a pool, and pure parsers for what they print. Nothing here
// runs a command: the adapter runs the argv (under LC_ALL=C) and hands the text back.
import type { CommandResult } from "../core/runner";
import { parseZfsNameList, zfsListTreeCommand } from "../zfs-dataset/inspect";
import type { ImportablePool, PoolTree, PresentPool } from "./schema";
import { configBlock, parseVdevTree } from "./vdev-tree";

/** `zpool list` in bytes; exit 1 with "cannot open 'x': no such pool" when not imported. */
export function zpoolListCommand(pool: string): string[] {
  return ["zpool", "list", "-H", "-p", "-o", "name,size,alloc,free,health", pool];
}

/** `zpool status -P`: full device paths, so they can be matched to configured by-id paths. */
export function zpoolStatusCommand(pool: string): string[] {
  return ["zpool", "status", "-P", pool];
}

/** The pool's autotrim property with its source. */
export function zpoolGetAutotrimCommand(pool: string): string[] {
  return ["zpool", "get", "-H", "-p", "-o", "name,property,value,source", "autotrim", pool];
}

/** Every dataset and snapshot of the pool, to say what a destroy would lose. */
export function poolContentsCommand(pool: string): string[] {
  return zfsListTreeCommand(pool);
}

/**
 * Lists exported pools found in the configured disks' directories. With none, OpenZFS 2.2 prints
 * "no pools available to import" on stderr and exits 0 (import_pools); older releases exit 1.
 */
export function zpoolImportListCommand(disks: readonly string[]): string[] {
  return ["zpool", "import", ...importSearchArgs(disks)];
}

/**
 * `-d <dir>` for each distinct directory of the configured disks, in order. For by-id disks this
 * is exactly `-d /dev/disk/by-id`; file-backed pools are found in their own directory.
 */
export function importSearchArgs(disks: readonly string[]): string[] {
  const dirs = [...new Set(disks.map((disk) => disk.slice(0, disk.lastIndexOf("/")) || "/"))];
  return dirs.flatMap((dir) => ["-d", dir]);
}

/** True when a zpool command failed only because the pool is not imported. */
export function isPoolMissing(result: CommandResult): boolean {
  return result.code !== 0 && /no such pool/.test(result.stderr);
}

/** True when `zpool import` found nothing to import (exit 0 on OpenZFS 2.2, 1 before). */
export function isNoPoolsToImport(result: CommandResult): boolean {
  return (result.code === 0 || result.code === 1) && /no pools available to import/.test(result.stderr) && result.stdout.trim() === "";
}

/** Parses the one tab-separated line of `zpool list -H -p -o name,size,alloc,free,health`. */
export function parseZpoolList(text: string): Pick<PresentPool, "sizeBytes" | "allocBytes" | "freeBytes" | "health"> & { name: string } {
  const fields = text.trim().split("\t");
  if (fields.length !== 5) throw new Error(`unexpected zpool list output: ${JSON.stringify(text)}`);
  const [name, size, alloc, free, health] = fields;
  const bytes = (v: string): number => (v === "-" ? 0 : Number(v));
  return { name, sizeBytes: bytes(size), allocBytes: bytes(alloc), freeBytes: bytes(free), health };
}

/** Parses `zpool status -P <pool>` into its vdev tree. */
export function parseZpoolStatus(text: string): PoolTree {
  return parseVdevTree(configBlock(text));
}

/** Parses `zpool get -H -p -o name,property,value,source …` into property → {value, source}. */
export function parseZpoolGet(text: string): Record<string, { value: string; source: string }> {
  const out: Record<string, { value: string; source: string }> = {};
  for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
    const [, property, value, source] = line.split("\t");
    if (source === undefined) throw new Error(`unexpected zpool get line: ${JSON.stringify(line)}`);
    out[property] = { value, source };
  }
  return out;
}

/** Parses the "pool: x" blocks of `zpool import -d …` (listing mode, nothing imported). */
export function parseZpoolImport(text: string): ImportablePool[] {
  const lines = text.split("\n");
  const starts = lines.flatMap((line, i) => (/^\s*pool: /.test(line) ? [i] : []));
  return starts.map((start, k) => parseImportBlock(lines.slice(start, starts[k + 1] ?? lines.length).join("\n")));
}

function parseImportBlock(block: string): ImportablePool {
  const field = (key: string): string => new RegExp(`^\\s*${key}: (.*)$`, "m").exec(block)?.[1].trim() ?? "";
  // The action text continues on lines that start with a tab.
  const action = /^\s*action: (.*(?:\n\t.*)*)/m.exec(block)?.[1].replace(/\n\t/g, " ") ?? "";
  return {
    name: field("pool"),
    id: field("id"),
    state: field("state").split(" ")[0],
    importable: /^The pool can be imported/.test(action),
    needsForce: /'-f' flag/.test(block),
    tree: parseVdevTree(configBlock(block)),
  };
}

/** Assembles the observed state of an imported pool from its four inspection outputs. */
export function observePresentPool(out: { list: string; status: string; autotrim: string; contents: string }): PresentPool {
  const list = parseZpoolList(out.list);
  const contents = parseZfsNameList(out.contents, list.name);
  return {
    state: "present",
    sizeBytes: list.sizeBytes,
    allocBytes: list.allocBytes,
    freeBytes: list.freeBytes,
    health: list.health,
    tree: parseZpoolStatus(out.status),
    autotrim: parseZpoolGet(out.autotrim).autotrim?.value ?? "off",
    datasetCount: contents.children.length,
    snapshotCount: contents.snapshots.length,
  };
}
