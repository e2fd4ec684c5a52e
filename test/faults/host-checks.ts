// What must hold on the host after every fault and rerun: marker files written before the fault
// are intact, the shared host files parse and hold exactly what the config says, no temp file
// is left behind, and the ZFS objects and storages are the configured ones.
import { parseZfsSize } from "../../providers/core/zfs-size";
import { labSshOk } from "../helpers/lab";
import type { HvConfig } from "./configs";

const MODPROBE_HEADER = "# Created by Phoenix (ZfsArc). zfs_arc_max is managed; other lines are kept.";

export interface Marker {
  readonly file: string;
  readonly content: string;
}

/** Writes one marker file into every mounted filesystem and returns them (fsync'd before return). */
export function writeMarkers(lab: string, tag: string): Marker[] {
  const listing = labSshOk(lab, "zfs list -H -o name,mountpoint,mounted -t filesystem");
  const markers = listing
    .split("\n")
    .map((l) => l.split("\t"))
    .filter((f) => f.length === 3 && f[2] === "yes" && f[1].startsWith("/"))
    .map(([name, mountpoint]) => ({ file: `${mountpoint}/.fault-marker-${tag}`, content: `${tag} ${name} ${Math.random().toString(36).slice(2)}` }));
  const script = markers.map((m) => `printf '%s\\n' '${m.content}' > '${m.file}'`).join(" && ");
  labSshOk(lab, `${script} && sync`);
  return markers;
}

/** Markers that are missing or changed. */
export function lostMarkers(lab: string, markers: readonly Marker[]): string[] {
  if (markers.length === 0) return [];
  const script = markers.map((m) => `printf '%s\\t' '${m.file}'; head -n1 '${m.file}' 2>/dev/null || echo MISSING`).join("; ");
  const seen = new Map(labSshOk(lab, script).split("\n").filter((l) => l !== "").map((l) => l.split("\t") as [string, string]));
  return markers.filter((m) => seen.get(m.file) !== m.content).map((m) => `${m.file}: ${seen.get(m.file) ?? "MISSING"}`);
}

const SECTION = "@@phoenix-fault@@";

/** One SSH round trip that gathers everything the checks read. */
function snapshot(lab: string): Record<string, string> {
  const parts: Record<string, string> = {
    storage: "cat /etc/pve/storage.cfg",
    pvesm: "pvesm status >/dev/null && echo ok",
    modprobe: "cat /etc/modprobe.d/zfs.conf",
    arc: "cat /sys/module/zfs/parameters/zfs_arc_max",
    files: LIST_WATCHED,
    datasets: "zfs list -H -o name -t filesystem",
    props: "zfs get -H -p -o name,property,value,source all -t filesystem",
    pools: "zpool list -H -o name,health",
  };
  const script = Object.entries(parts).map(([k, cmd]) => `echo '${SECTION} ${k}'; ${cmd} 2>&1`).join("; ");
  const out: Record<string, string> = {};
  for (const chunk of labSshOk(lab, script).split(`${SECTION} `).slice(1)) {
    const nl = chunk.indexOf("\n");
    out[chunk.slice(0, nl)] = chunk.slice(nl + 1);
  }
  return out;
}

/** Sections of storage.cfg in Proxmox's format, or the first line that is not in it. */
export function parseStorageCfg(text: string): { ids: string[]; problem?: string } {
  const ids: string[] = [];
  let inSection = false;
  const lines = text.split("\n");
  if (text !== "" && !text.endsWith("\n")) return { ids, problem: "does not end with a newline (cut short?)" };
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "" ) { inSection = false; continue; }
    if (line.startsWith("#")) continue;
    const header = /^([a-z]+): ([A-Za-z][A-Za-z0-9._-]*)$/.exec(line);
    if (header) {
      if (ids.includes(header[2])) return { ids, problem: `line ${i + 1}: duplicate storage ${header[2]}` };
      ids.push(header[2]);
      inSection = true;
      continue;
    }
    if (inSection && /^\s+[a-z][a-z0-9_-]*(\s.*)?$/.test(line)) continue;
    return { ids, problem: `line ${i + 1} is neither a section header nor a property: ${JSON.stringify(line)}` };
  }
  return { ids };
}

// Directories Phoenix (or the tools it runs) writes files into; each entry is printed as a path.
const WATCHED = ["/etc/pve", "/etc/modprobe.d", "/etc/phoenix", "/tmp", "/root"];
const LIST_WATCHED = `for d in ${WATCHED.join(" ")}; do [ -d "$d" ] && for f in "$d"/* "$d"/.*; do case $f in */. | */.. | *'/*' | *'/.*') ;; *) echo "$f" ;; esac; done; done; true`;
// zfs.conf is ZfsArc's, owner.json the host's owner marker; .storage.cfg.lock is the lock file
// pvesm keeps beside storage.cfg.
const EXPECTED_FILES = new Set(["/etc/modprobe.d/zfs.conf", "/etc/phoenix/owner.json", "/etc/pve/.storage.cfg.lock"]);
const SIZE_PROPERTIES = new Set(["quota", "refquota", "reservation", "refreservation", "recordsize", "volsize", "special_small_blocks"]);

/** Everything on the host that differs from what `cfg` says, or that a fault may have left half-done. */
export function hostProblems(lab: string, cfg: HvConfig, baselineFiles: ReadonlySet<string>): string[] {
  const snap = snapshot(lab);
  const problems: string[] = [];

  const storage = parseStorageCfg(snap.storage ?? "");
  if (storage.problem) problems.push(`/etc/pve/storage.cfg: ${storage.problem}`);
  if ((snap.pvesm ?? "").trim() !== "ok") problems.push(`pvesm status fails: ${snap.pvesm}`);
  const wantIds = ["local", ...cfg.zfs.datasets.map((d) => `${d.pool}-${d.name}`)].sort();
  if (JSON.stringify([...storage.ids].sort()) !== JSON.stringify(wantIds)) {
    problems.push(`storage ids ${JSON.stringify([...storage.ids].sort())}, expected ${JSON.stringify(wantIds)}`);
  }

  const bytes = cfg.zfs.arc_max_gb * 1024 ** 3;
  const wantModprobe = `${MODPROBE_HEADER}\noptions zfs zfs_arc_max=${bytes}\n`;
  if (snap.modprobe !== wantModprobe) problems.push(`/etc/modprobe.d/zfs.conf is ${JSON.stringify(snap.modprobe)}, expected ${JSON.stringify(wantModprobe)}`);
  if ((snap.arc ?? "").trim() !== String(bytes)) problems.push(`zfs_arc_max is ${(snap.arc ?? "").trim()}, expected ${bytes}`);

  const stray = (snap.files ?? "").split("\n").filter((f) => f !== "" && !baselineFiles.has(f) && !EXPECTED_FILES.has(f));
  if (stray.length > 0) problems.push(`files left behind in ${WATCHED.join(", ")}: ${stray.join(", ")}`);

  const pools = (snap.pools ?? "").trim().split("\n").map((l) => l.split("\t"));
  for (const [name, health] of pools) if (health !== "ONLINE") problems.push(`pool ${name} is ${health}`);
  const wantDatasets = [...cfg.zfs.pools.map((p) => p.name), ...cfg.zfs.datasets.map((d) => `${d.pool}/${d.name}`)].sort();
  const datasets = (snap.datasets ?? "").trim().split("\n").sort();
  if (JSON.stringify(datasets) !== JSON.stringify(wantDatasets)) problems.push(`datasets ${JSON.stringify(datasets)}, expected ${JSON.stringify(wantDatasets)}`);

  const props = new Map<string, { value: string; source: string }>();
  for (const line of (snap.props ?? "").split("\n")) {
    const [name, property, value, source] = line.split("\t");
    if (source !== undefined) props.set(`${name}\t${property}`, { value, source });
  }
  for (const ds of cfg.zfs.datasets) {
    for (const pair of ds.properties.split(",").filter((p) => p !== "")) {
      const [key, want] = pair.split("=");
      const got = props.get(`${ds.pool}/${ds.name}\t${key}`);
      const same = got !== undefined && got.source === "local" && (SIZE_PROPERTIES.has(key) ? BigInt(got.value) === parseZfsSize(want) : got.value === want);
      if (!same) problems.push(`${ds.pool}/${ds.name} ${key} is ${got ? `${got.value} (${got.source})` : "absent"}, expected ${want} (local)`);
    }
  }
  return problems;
}

/** Names in the directories hostProblems watches, before Phoenix touched the host. */
export function baselineFiles(lab: string): Set<string> {
  return new Set(labSshOk(lab, LIST_WATCHED).split("\n").filter((f) => f !== ""));
}
