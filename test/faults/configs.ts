// The configs the fault trials apply: the example config's ZFS part, and edited copies of it.
// Edits only move forward (nothing is ever removed), so every trial's `up` is creates and
// in-place updates, never a destroy that the data-safety rules would refuse.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT } from "../helpers/lab";
import { withoutDriver } from "../helpers/configs";

export const EXAMPLE_HV = path.join(PROJECT, "config", "examples", "phoenix_hypervisor_config.json");
export const NO_CONTAINERS_LXC = path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json");

export interface DatasetEntry {
  name: string;
  pool: string;
  properties: string;
  proxmox_storage_type: "dir" | "zfspool";
  proxmox_content_type: string;
}

export interface HvConfig {
  zfs: { arc_max_gb: number; pools: { name: string }[]; datasets: DatasetEntry[] };
  [key: string]: unknown;
}

export function exampleConfig(): HvConfig {
  return withoutDriver(JSON.parse(readFileSync(EXAMPLE_HV, "utf8"))) as HvConfig;
}

/** Seeded PRNG (mulberry32): the same seed gives the same trials. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** One edit of the config and the host commands it costs (so a trigger can aim inside them). */
export interface Edit {
  readonly describe: string;
  readonly mutatingCommands: number;
}

const PROPERTY_CHOICES: Record<string, readonly string[]> = {
  compression: ["lz4", "zstd", "off"],
  recordsize: ["16K", "64K", "128K", "1M"],
  quota: ["50G", "100G", "200G", "400G"],
  sync: ["standard", "always"],
  atime: ["on", "off"],
};

function setProperty(props: string, key: string, value: string): string {
  const parts = props.split(",").filter((p) => p !== "" && !p.startsWith(`${key}=`));
  return [...parts, `${key}=${value}`].join(",");
}

/** Applies 1–3 random edits to `cfg` in place and says what they were. */
export function editConfig(cfg: HvConfig, rng: Rng, serial: number): Edit[] {
  const edits: Edit[] = [];
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    const what = rng.pick(["property", "property", "dataset", "arc", "content"] as const);
    const ds = rng.pick(cfg.zfs.datasets);
    if (what === "property") {
      const key = rng.pick(Object.keys(PROPERTY_CHOICES));
      const current = new RegExp(`(?:^|,)${key}=([^,]*)`).exec(ds.properties)?.[1];
      const value = rng.pick(PROPERTY_CHOICES[key].filter((v) => v !== current));
      ds.properties = setProperty(ds.properties, key, value);
      edits.push({ describe: `${ds.pool}/${ds.name} ${key}=${value}`, mutatingCommands: 1 });
    } else if (what === "dataset") {
      const pool = rng.pick(cfg.zfs.pools).name;
      const name = `fault-${serial}-${i}`;
      const zfspool = rng.next() < 0.5;
      cfg.zfs.datasets.push({
        name,
        pool,
        properties: `recordsize=${rng.pick(PROPERTY_CHOICES.recordsize)},compression=lz4,quota=10G`,
        proxmox_storage_type: zfspool ? "zfspool" : "dir",
        proxmox_content_type: zfspool ? "images" : "backup",
      });
      edits.push({ describe: `new dataset ${pool}/${name}`, mutatingCommands: 2 });
    } else if (what === "arc") {
      const gb = rng.pick([8, 16, 24, 32, 48].filter((g) => g !== cfg.zfs.arc_max_gb));
      cfg.zfs.arc_max_gb = gb;
      edits.push({ describe: `arc_max_gb=${gb}`, mutatingCommands: 1 });
    } else {
      const choices = ds.proxmox_storage_type === "zfspool" ? ["images", "rootdir", "images,rootdir"] : ["images", "backup", "iso,vztmpl", "images,rootdir"];
      const content = rng.pick(choices.filter((c) => c !== ds.proxmox_content_type));
      ds.proxmox_content_type = content;
      edits.push({ describe: `storage ${ds.pool}-${ds.name} content=${content}`, mutatingCommands: 1 });
    }
  }
  return edits;
}

/** Host commands that change something, as the fault wrapper sees them ("<command> <args>"). */
export const MUTATING_PATTERN = "^(zpool (create|add|destroy)|zfs (create|set|inherit|destroy)|pvesm (add|set|remove)|mv .*phoenix-[^ ]*)( |$)";

/** Mutating commands of a first `up` of a config on an empty host: pools, datasets, storages, ARC file. */
export function createCommands(cfg: HvConfig): number {
  return cfg.zfs.pools.length + 2 * cfg.zfs.datasets.length + 1;
}
