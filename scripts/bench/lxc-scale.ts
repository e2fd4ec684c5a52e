// LXC files with 1, 15 or N containers, shaped like the real one: 1 = the base template alone,
// 15 = the real file, more = the real file plus copies of its application containers (each with
// its own id, name, address and MAC, cloned from the same templates).
import { readFileSync } from "node:fs";

type Entry = Record<string, unknown> & { name: string; network_config: Record<string, unknown>; mac_address: string; template?: boolean };
interface LxcFile {
  lxc_configs: Record<string, Entry>;
  [key: string]: unknown;
}

export function scaledLxcFile(realPath: string, count: number): LxcFile {
  const real = JSON.parse(readFileSync(realPath, "utf8")) as LxcFile;
  const ids = Object.keys(real.lxc_configs).sort();
  if (count === 1) return { ...real, lxc_configs: { [ids[0]]: real.lxc_configs[ids[0]] } };
  if (count <= ids.length) return { ...real, lxc_configs: Object.fromEntries(ids.slice(0, count).map((id) => [id, real.lxc_configs[id]])) };
  const apps = ids.filter((id) => real.lxc_configs[id].template !== true && !("template_snapshot_name" in real.lxc_configs[id]));
  const configs: Record<string, Entry> = { ...real.lxc_configs };
  for (let i = 0; i < count - ids.length; i++) {
    const source = real.lxc_configs[apps[i % apps.length]];
    const id = String(1000 + i);
    // 10.0.0.10-149 are free in the real file (its containers use .150-.160 and .200-.220).
    if (i >= 140) throw new Error(`at most ${ids.length + 140} containers`);
    configs[id] = {
      ...source,
      name: `${source.name}-${i}`.slice(0, 63),
      network_config: { ...source.network_config, ip: `10.0.0.${10 + i}/24` },
      mac_address: `52:54:00:AB:${(i >> 8).toString(16).padStart(2, "0").toUpperCase()}:${(i & 255).toString(16).padStart(2, "0").toUpperCase()}`,
    };
  }
  return { ...real, lxc_configs: configs };
}
