// Which raw `lxc.*` lines of a conf are Phoenix's: the ones it wants (config lines plus GPU
// lines), every GPU line, lines an earlier apply wanted, and for keys that take one value
// (lxc.apparmor.profile, lxc.init.cmd, …) any other line of a key the config sets. The complete
// idmap replaces any other idmap lines (LXC takes the lines as the whole map). Other lines
// (an admin's, another tool's) are kept.
import type { RawEntry } from "./conf";
import { isGpuLine } from "./gpu";

const MULTI_VALUED = new Set([
  "lxc.mount.entry", "lxc.cgroup2.devices.allow", "lxc.cgroup2.devices.deny", "lxc.cgroup.devices.allow",
  "lxc.cgroup.devices.deny", "lxc.cap.keep", "lxc.cap.drop", "lxc.environment", "lxc.include", "lxc.mount.auto",
]);
const isMulti = (key: string) => MULTI_VALUED.has(key) || key.startsWith("lxc.hook.");

/** The predicate rewriteRawLines uses to decide which lines not wanted go. */
export function ownedRawLine(wanted: readonly RawEntry[], previous: readonly RawEntry[], nvidia: ReadonlySet<number>): (e: RawEntry) => boolean {
  const singleKeys = new Set(wanted.filter((w) => !isMulti(w.key)).map((w) => w.key));
  const hasIdmap = wanted.some((w) => w.key === "lxc.idmap");
  const before = new Set(previous.map((p) => `${p.key}\0${p.value}`));
  return (e) => isGpuLine(e, nvidia) || before.has(`${e.key}\0${e.value}`) || singleKeys.has(e.key) || (hasIdmap && e.key === "lxc.idmap");
}

/** The host id a container id maps to under `lxc.idmap` lines, or PVE's default map. */
export function hostId(kind: "u" | "g", id: number, raw: readonly RawEntry[], unprivileged: boolean): number {
  const ranges = raw.filter((e) => e.key === "lxc.idmap").map((e) => e.value.trim().split(/\s+/));
  if (ranges.length === 0) return unprivileged ? 100000 + id : id;
  for (const [k, ct, host, size] of ranges) {
    if (k === kind && id >= Number(ct) && id < Number(ct) + Number(size)) return Number(host) + id - Number(ct);
  }
  return 65534; // unmapped: the kernel shows nobody
}
