// Pure planner for LxcContainer: create (pct create, or pct clone then pct set for what differs
// from the source), converge in place (pct set, pct resize, host directories, raw conf lines
// and the firewall file through the one host file edit), run state. A container that does not
// exist yet is planned as its create step plus the same converge against the conf that step
// will leave (predicted from the arguments, or from the clone source's conf).
import { planSteps, refuse, type Plan } from "../core/plan";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { effectiveKeys, rawLinesConverged, rewriteRawLines, type PctConf, type RawEntry } from "./conf";
import { rewriteFirewallFile } from "./firewall";
import { gpuLines, nvidiaMajors } from "./gpu";
import { confPath, firewallPath } from "./inspect";
import { planMounts } from "./plan-mounts";
import { HOTPLUG_KEY, planSettings } from "./plan-settings";
import { predictCreate } from "./predict";
import { hostId, ownedRawLine } from "./raw-lines";
import type { LxcContainerInputs, LxcContainerObserved } from "./schema";

/** What the converge planner looks at: the conf (real or predicted) and the host's facts. */
export interface ContainerView {
  readonly conf: PctConf;
  readonly confText: string;
  readonly status: "running" | "stopped" | "unknown";
}

/** Plans `desired` against what the host shows. */
export function planLxcContainer(desired: LxcContainerInputs, observed: LxcContainerObserved, previous?: LxcContainerInputs): Plan {
  if (observed.exists && observed.conf !== undefined) {
    const view = { conf: observed.conf, confText: observed.confText ?? "", status: observed.status ?? "unknown" };
    return planConverge(desired, view, observed, previous, []);
  }
  const created = predictCreate(desired, observed);
  if ("problem" in created) return refuse(`LxcContainer ${desired.ctid}: ${created.problem}`);
  return planConverge(desired, created.view, observed, previous, created.steps, created.warnings);
}

function planConverge(desired: LxcContainerInputs, view: ContainerView, observed: LxcContainerObserved, previous: LxcContainerInputs | undefined, first: Step[], firstWarnings: string[] = []): Plan {
  const id = desired.ctid;
  const who = `LxcContainer ${id}`;
  const keys = effectiveKeys(view.conf);
  const unprivileged = keys.unprivileged === "1";
  if (desired.unprivileged !== undefined && desired.unprivileged !== unprivileged) {
    return refuse(`${who}: unprivileged is ${unprivileged ? 1 : 0} on the host and ${desired.unprivileged ? 1 : 0} in the config; it is fixed when a container is created, so only a replace (destroying the container) changes it`);
  }
  if (keys.template === "1" && !desired.template) return refuse(`${who}: is a PVE template on the host; PVE cannot turn a template back into a container`);
  const snapshots = Object.keys(view.conf.snapshots);
  if (desired.template && keys.template !== "1" && snapshots.length > 0) {
    return refuse(`${who}: cannot become a template while it has snapshots (${snapshots.join(", ")}); PVE refuses (clones of a template start from its base, not from a snapshot)`);
  }
  const warnings = [...firstWarnings];
  const steps: Step[] = [...first];
  const running = view.status === "running";

  // Host directories of bind mounts, before the mounts that need them.
  for (const b of desired.bindMounts) {
    const stat = observed.hostPaths[b.hostPath];
    if (stat === null) steps.push(step(`create the bind mount source ${b.hostPath}`, ["mkdir", "-p", "--", b.hostPath]));
    if (b.owner === undefined) continue;
    const uid = hostId("u", b.owner.uid, desired.rawLxc, unprivileged);
    const gid = hostId("g", b.owner.gid, desired.rawLxc, unprivileged);
    if (stat === null || stat === undefined || stat.uid !== uid || stat.gid !== gid) {
      steps.push(step(`own ${b.hostPath} by ${uid}:${gid} (container ${b.owner.uid}:${b.owner.gid})`, ["chown", "--", `${uid}:${gid}`, b.hostPath]));
    }
  }

  const settings = planSettings(desired, keys, previous);
  const pendingNames = new Set([...Object.keys(view.conf.pending?.keys ?? {}), ...(view.conf.pending?.delete ?? [])]);
  const mounts = planMounts(desired, keys, pendingNames, previous);
  if (mounts.problem) return refuse(`${who}: ${mounts.problem}`);
  warnings.push(...settings.warnings, ...mounts.warnings);
  const set = [...settings.set, ...mounts.set];
  const del = [...settings.del, ...mounts.del];
  if (set.length > 0 || del.length > 0) {
    const argv = ["pct", "set", id, ...set.flatMap(([k, v]) => [`--${k}`, v]), ...(del.length > 0 ? ["--delete", del.join(",")] : [])];
    const mountChanges = mounts.set.map(([k, v]) => `${k}=${v}`).concat(mounts.del.map((k) => `remove ${k}`));
    steps.push(step(`set ${[...settings.changes, ...mountChanges].join(", ")}`, argv));
    if (running) {
      const existingMounts = new Set(Object.keys(keys).filter((k) => /^mp\d+$/.test(k)));
      const parked = [...set.map(([k]) => k).filter((k) => !HOTPLUG_KEY.test(k) && !(/^mp\d+$/.test(k) && !existingMounts.has(k))), ...del.filter((k) => !HOTPLUG_KEY.test(k))];
      if (parked.length > 0) warnings.push(`${[...new Set(parked)].join(", ")} cannot change while the container runs: PVE keeps them in [pve:pending] until the next start (pct reboot ${id} applies them)`);
    }
  }
  for (const r of mounts.resize) {
    steps.push(step(`grow ${r.key} to ${r.sizeGb}G (was ${Number(r.was.toFixed(2))}G)`, ["pct", "resize", id, r.key, `${r.sizeGb}G`]));
  }

  const gpu = gpuLines(desired.gpus, observed.gpuNodes, observed.majors);
  if ("problem" in gpu) return refuse(`${who}: ${gpu.problem}`);
  const wanted: RawEntry[] = [...desired.rawLxc, ...gpu.lines];
  const owned = ownedRawLine(wanted, previous?.rawLxc ?? [], nvidiaMajors(observed.majors, observed.gpuNodes));
  if (!rawLinesConverged(view.conf, wanted, owned)) {
    const edit = planFileEdit(confPath(id), view.confText, (current) => (current === null ? null : rewriteRawLines(current, wanted, owned)));
    if (edit) {
      steps.push(fileEditStep(`set the raw lxc.* lines Phoenix owns (GPU ${desired.gpus.length === 0 ? "none" : desired.gpus.join(",")}; other lines kept)`, edit));
      if (running) warnings.push(`raw lxc.* lines apply at the next start of CT ${id} (pct reboot ${id})`);
    }
  }

  if (desired.firewall !== undefined) {
    const fw = desired.firewall;
    const edit = planFileEdit(firewallPath(id), observed.firewallFile, (current) => rewriteFirewallFile(current, fw), { createDirectory: true });
    if (edit) steps.push(fileEditStep(`write the container firewall (${fw.enabled ? "enabled" : "disabled"}, ${fw.rules.length} rules; other sections kept)`, edit));
  }

  // PVE could not tell (a stale lock or monitor): starting or stopping blind would fail or disrupt.
  if (view.status === "unknown") warnings.push(`PVE reports the state of CT ${id} as unknown; run state not changed`);
  else steps.push(...stateSteps(desired, view, keys));
  if (view.conf.pending !== undefined && first.length === 0) {
    const names = [...pendingNames].sort();
    if (names.length > 0) warnings.push(`pending until the next start of CT ${id}: ${names.join(", ")} (pct reboot ${id} applies them; Phoenix does not restart containers)`);
  }
  const lock = view.conf.main.keys.lock;
  if (lock !== undefined && steps.length > first.length) return refuse(`${who}: is locked (${lock}) on the host; wait for the operation to finish, or run pct unlock ${id} if none is running`);
  return planSteps(steps, warnings);
}

function stateSteps(desired: LxcContainerInputs, view: ContainerView, keys: Readonly<Record<string, string>>): Step[] {
  const id = desired.ctid;
  const running = view.status === "running";
  if (desired.template) {
    if (keys.template === "1") return [];
    const stop = running ? [step(`shut down CT ${id} to convert it`, ["pct", "shutdown", id])] : [];
    return [...stop, step(`convert CT ${id} to a template`, ["pct", "template", id])];
  }
  if (desired.running && !running) return [step(`start CT ${id}`, ["pct", "start", id])];
  if (!desired.running && running) return [step(`shut down CT ${id}`, ["pct", "shutdown", id])];
  return [];
}
