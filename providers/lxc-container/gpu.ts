// GPU passthrough as raw conf lines, derived from the host's real device nodes and majors:
// for each node the container gets (its /dev/nvidiaN plus the shared control nodes that exist),
// one `lxc.cgroup2.devices.allow: c <major>:<minor> rwm` and one bind `lxc.mount.entry`.
// Phoenix owns every NVIDIA line of a conf (a device rule on an NVIDIA major, a mount of
// /dev/nvidia*), so a narrower assignment or "none" removes what a clone inherited.
import type { RawEntry } from "./conf";
import type { GpuNode } from "./inspect";
import { rebootMessage } from "../nvidia-driver/plan";

// Nodes every GPU container needs besides its /dev/nvidiaN (when the host has them).
const SHARED_NODE = /^\/dev\/(nvidiactl|nvidia-uvm|nvidia-uvm-tools|nvidia-modeset|nvidia-caps\/.+)$/;

/** Majors that belong to the NVIDIA driver: /proc/devices names nvidia*, and the nodes' own. */
export function nvidiaMajors(majors: Readonly<Record<string, number>>, nodes: readonly GpuNode[]): Set<number> {
  const out = new Set(nodes.map((n) => n.major));
  for (const [name, major] of Object.entries(majors)) if (name.startsWith("nvidia")) out.add(major);
  return out;
}

// The original's nvidia feature wrote this rule with the nvidia-uvm major hard-coded; on hosts
// where 243 is another driver it grants that device instead. Phoenix takes it over and drops it.
const ORIGINAL_UVM_RULE = "c 243:* rwm";

/** True for a raw line that is GPU passthrough (Phoenix's to add and remove). */
export function isGpuLine(entry: RawEntry, majors: ReadonlySet<number>): boolean {
  if (entry.key === "lxc.mount.entry") return /^\/dev\/nvidia/.test(entry.value);
  if (entry.key === "lxc.cgroup2.devices.allow" && entry.value === ORIGINAL_UVM_RULE) return true;
  if (entry.key === "lxc.cgroup2.devices.allow" || entry.key === "lxc.cgroup.devices.allow") {
    const m = /^[cab]\s+(\d+):/.exec(entry.value);
    return m !== null && majors.has(Number(m[1]));
  }
  return false;
}

/** The lines for GPUs `indexes`, or why they cannot be given (a GPU the host does not have). */
export function gpuLines(indexes: readonly number[], nodes: readonly GpuNode[], majors: Readonly<Record<string, number>>): { lines: RawEntry[] } | { problem: string } {
  if (indexes.length === 0) return { lines: [] };
  if (!Object.keys(majors).some((n) => n === "nvidia" || n === "nvidia-frontend")) {
    return { problem: `GPU ${indexes.join(",")} assigned, but the host has no NVIDIA driver loaded (no nvidia entry in /proc/devices)` };
  }
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  const missing = indexes.filter((i) => !byPath.has(`/dev/nvidia${i}`));
  if (missing.length > 0) {
    const present = nodes.filter((n) => /^\/dev\/nvidia\d+$/.test(n.path)).map((n) => n.path);
    return { problem: `GPU ${missing.join(",")} assigned, but the host has no ${missing.map((i) => `/dev/nvidia${i}`).join(", ")} (it has ${present.length === 0 ? "none" : present.join(", ")})` };
  }
  const chosen = nodes.filter((n) => SHARED_NODE.test(n.path) || indexes.some((i) => n.path === `/dev/nvidia${i}`));
  const allow = chosen.map((n) => ({ key: "lxc.cgroup2.devices.allow", value: `c ${n.major}:${n.minor} rwm` }));
  const mounts = chosen.map((n) => ({ key: "lxc.mount.entry", value: `${n.path} ${n.path.slice(1)} none bind,optional,create=file` }));
  return { lines: [...allow, ...mounts] };
}

/**
 * Why a GPU container must wait for the host's NVIDIA driver (installed, not yet loaded: a
 * reboot is due), or undefined. Only judged when the program names the driver it waits for.
 */
export function gpuDriverWait(gpus: readonly number[], wanted: string | undefined, loaded: string | null | undefined): string | undefined {
  if (gpus.length === 0 || wanted === undefined || loaded === undefined || loaded === wanted) return undefined;
  return `GPU ${gpus.join(",")} assigned, but ${rebootMessage(wanted, loaded)}`;
}
