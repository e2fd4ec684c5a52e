// The conf keys `pct set` manages for a container (hostname, memory, swap, cores, netN,
// nameserver, features, onboot, startup), compared with the conf as it will be once pending
// changes apply, so a change PVE parked in [pve:pending] is not planned twice.
import { netDiffers, parseFeatures, parsePropertyString, parseStartup, renderFeatures, renderNet, renderStartup, sameNameservers } from "./props";
import type { LxcContainerInputs } from "./schema";

/** `pct set` options and deletes, with a description of each change. */
export interface SettingsPlan {
  readonly set: [string, string][];
  readonly del: string[];
  readonly changes: string[];
  readonly warnings: string[];
}

// Keys PVE applies to a running container at once (vmconfig_hotplug_pending); the others wait
// in [pve:pending] for the next start. New mpN are hot-plugged too (handled by the caller).
export const HOTPLUG_KEY = /^(hostname|memory|swap|cores|cpulimit|cpuunits|onboot|startup|description|protection|tags|net\d+)$/;

/** Plans the settings of `desired` against the effective conf keys. */
export function planSettings(desired: LxcContainerInputs, keys: Readonly<Record<string, string>>, previous?: LxcContainerInputs): SettingsPlan {
  const plan: SettingsPlan = { set: [], del: [], changes: [], warnings: [] };
  const set = (key: string, value: string) => {
    plan.set.push([key, value]);
    plan.changes.push(describeSet(key, value, keys[key]));
  };
  const del = (key: string) => {
    plan.del.push(key);
    plan.changes.push(`remove ${key} (was ${keys[key]})`);
  };
  if (keys.hostname !== desired.hostname) set("hostname", desired.hostname);
  if (keys.memory !== String(desired.memoryMb)) set("memory", String(desired.memoryMb));
  if (desired.swapMb !== undefined && keys.swap !== String(desired.swapMb)) set("swap", String(desired.swapMb));
  if (keys.cores !== String(desired.cores)) set("cores", String(desired.cores));
  for (const nic of desired.nics) {
    const key = `net${nic.index}`;
    // Without a configured MAC the host's stays: a netN without hwaddr would get a new one.
    const hwaddr = nic.hwaddr ?? parsePropertyString(keys[key] ?? "").hwaddr;
    if (netDiffers(nic, keys[key])) set(key, renderNet(nic, hwaddr));
  }
  const nicIndexes = new Set(desired.nics.map((n) => n.index));
  const ownedNics = new Set(previous?.nics.map((n) => n.index) ?? []);
  for (const key of Object.keys(keys).filter((k) => /^net\d+$/.test(k))) {
    const index = Number(key.slice(3));
    if (nicIndexes.has(index)) continue;
    if (ownedNics.has(index)) del(key);
    else plan.warnings.push(`${key} (${keys[key]}) is not in the config; left as is`);
  }
  if (desired.nameservers.length > 0 && !sameNameservers(desired.nameservers, keys.nameserver)) set("nameserver", desired.nameservers.join(" "));
  if (desired.nameservers.length === 0 && keys.nameserver !== undefined) del("nameserver");
  const features = parseFeatures(keys.features);
  if (Object.keys(desired.features).length === 0 && keys.features !== undefined) del("features");
  else if (renderFeatures(desired.features) !== renderFeatures(features)) set("features", renderFeatures(desired.features));
  if ((keys.onboot === "1") !== desired.onboot) set("onboot", desired.onboot ? "1" : "0");
  const startup = renderStartup(desired.startup);
  const observedStartup = parseStartup(keys.startup);
  if (startup === undefined && keys.startup !== undefined) del("startup");
  else if (startup !== undefined && (observedStartup.order !== desired.startup?.order || observedStartup.up !== desired.startup?.up)) set("startup", startup);
  return plan;
}


/**
 * What a `pct set` changes, for the step's "why": `memory=4096 (was 2048)`; of a property string
 * (netN, startup, features) only the parts that change, since the command already shows the
 * whole value: `net0: ip=10.0.0.153/24 (was 10.0.0.200/24), firewall=1`.
 */
export function describeSet(key: string, value: string, was: string | undefined): string {
  if (was === undefined) return `${key}=${value}`;
  if (!value.includes("=") || !was.includes("=")) return `${key}=${value} (was ${was})`;
  const now = parsePropertyString(value);
  const before = parsePropertyString(was);
  const parts = [...new Set([...Object.keys(now), ...Object.keys(before)])].flatMap((k) => {
    if (now[k] === before[k]) return [];
    if (now[k] === undefined) return [`no ${k} (was ${before[k]})`];
    return [before[k] === undefined ? `${k}=${now[k]}` : `${k}=${now[k]} (was ${before[k]})`];
  });
  return parts.length === 0 ? `${key}=${value} (was ${was})` : `${key}: ${parts.join(", ")}`;
}
