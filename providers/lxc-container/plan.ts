// Pure planner for LxcContainer: create (pct create, or pct clone then pct set for what differs
// from the source), converge in place (pct set, pct resize, host directories, raw conf lines
// and the firewall file through the one host file edit), run state. A container that does not
// exist yet is planned as its create step plus the same converge against the conf that step
// will leave (predicted from the arguments, or from the clone source's conf).
import { planSteps, refuse, type Plan } from "../core/plan";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { effectiveKeys, parsePctConf, rawLinesConverged, rewriteRawLines, type PctConf, type RawEntry } from "./conf";
import { rewriteFirewallFile } from "../core/firewall-file";
import { containerFwCheck } from "../firewall/check";
import { gpuDriverWait, gpuLines, nvidiaMajors } from "./gpu";
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

/**
 * Plans `desired` against what the host shows. A GPU container with work to do waits (refuses)
 * while the host's NVIDIA driver waits for a reboot; one already converged is left running.
 */
export function planLxcContainer(desired: LxcContainerInputs, observed: LxcContainerObserved, previous?: LxcContainerInputs): Plan {
  const plan = planContainer(desired, observed, previous);
  const wait = gpuDriverWait(desired.gpus, desired.gpuDriverVersion, observed.gpuDriverLoaded);
  if (wait === undefined) return plan;
  if (plan.kind === "refuse" || plan.steps.length > 0) return refuse(`LxcContainer ${desired.ctid}: ${wait}`);
  return planSteps([], [...plan.warnings, wait]);
}

function planContainer(desired: LxcContainerInputs, observed: LxcContainerObserved, previous?: LxcContainerInputs): Plan {
  if (observed.exists && observed.confText !== undefined) {
    const view = { conf: parsePctConf(observed.confText), confText: observed.confText, status: observed.status ?? "unknown" };
    return planConverge(desired, view, observed, previous, []);
  }
  const created = predictCreate(desired, observed);
  if ("problem" in created) return refuse(`LxcContainer ${desired.ctid}: ${created.problem}`);
  return planConverge(desired, created.view, observed, previous, created.steps, created.warnings);
}

// What changes can never happen in place on this host object.
function fixedProblem(desired: LxcContainerInputs, view: ContainerView, keys: Readonly<Record<string, string>>): string | undefined {
  const unprivileged = keys.unprivileged === "1";
  if (desired.unprivileged !== undefined && desired.unprivileged !== unprivileged) {
    return `unprivileged is ${unprivileged ? 1 : 0} on the host and ${desired.unprivileged ? 1 : 0} in the config; it is fixed when a container is created, so only a replace (destroying the container) changes it`;
  }
  if (keys.template === "1" && !desired.template) return "is a PVE template on the host; PVE cannot turn a template back into a container";
  const snapshots = Object.keys(view.conf.snapshots);
  if (desired.template && keys.template !== "1" && snapshots.length > 0) {
    return `cannot become a template while it has snapshots (${snapshots.join(", ")}); PVE refuses (clones of a template start from its base, not from a snapshot)`;
  }
  return undefined;
}

// Host directories of bind mounts (created, owned by the mapped ids), before the mounts need them.
function hostDirSteps(desired: LxcContainerInputs, observed: LxcContainerObserved, unprivileged: boolean): Step[] {
  const steps: Step[] = [];
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
  return steps;
}

// One `pct set` for settings and mounts, the resizes, and which changes PVE parks while running.
function setSteps(desired: LxcContainerInputs, view: ContainerView, keys: Readonly<Record<string, string>>, previous: LxcContainerInputs | undefined): { steps: Step[]; warnings: string[] } | { problem: string } {
  const id = desired.ctid;
  const settings = planSettings(desired, keys, previous);
  const mounts = planMounts(desired, keys, pendingNames(view.conf), previous);
  if (mounts.problem) return { problem: mounts.problem };
  const warnings = [...settings.warnings, ...mounts.warnings];
  const steps: Step[] = [];
  const set = [...settings.set, ...mounts.set];
  const del = [...settings.del, ...mounts.del];
  if (set.length > 0 || del.length > 0) {
    const argv = ["pct", "set", id, ...set.flatMap(([k, v]) => [`--${k}`, v]), ...(del.length > 0 ? ["--delete", del.join(",")] : [])];
    const mountChanges = mounts.set.map(([k, v]) => `${k}=${v}`).concat(mounts.del.map((k) => `remove ${k}`));
    steps.push(step(`set ${[...settings.changes, ...mountChanges].join(", ")}`, argv));
    // New mpN are hot-plugged; every other key outside HOTPLUG_KEY waits for the next start.
    const isNewMount = (k: string) => /^mp\d+$/.test(k) && keys[k] === undefined;
    const parked = [...set.map(([k]) => k).filter((k) => !HOTPLUG_KEY.test(k) && !isNewMount(k)), ...del.filter((k) => !HOTPLUG_KEY.test(k))];
    if (view.status === "running" && parked.length > 0) {
      warnings.push(`${[...new Set(parked)].join(", ")} cannot change while the container runs: PVE keeps them in [pve:pending] until the next start (pct reboot ${id} applies them)`);
    }
  }
  for (const r of mounts.resize) {
    steps.push(step(`grow ${r.key} to ${r.sizeGb}G (was ${Number(r.was.toFixed(2))}G)`, ["pct", "resize", id, r.key, `${r.sizeGb}G`]));
  }
  return { steps, warnings };
}

const pendingNames = (conf: PctConf) => new Set([...Object.keys(conf.pending?.keys ?? {}), ...(conf.pending?.delete ?? [])]);

// The raw lxc.* lines (config lines and GPU passthrough) through the one host file edit.
function rawLineStep(desired: LxcContainerInputs, view: ContainerView, observed: LxcContainerObserved, previous: LxcContainerInputs | undefined): { step?: Step } | { problem: string } {
  const gpu = gpuLines(desired.gpus, observed.gpuNodes, observed.majors);
  if ("problem" in gpu) return gpu;
  const wanted: RawEntry[] = [...desired.rawLxc, ...gpu.lines];
  const owned = ownedRawLine(wanted, previous?.rawLxc ?? [], nvidiaMajors(observed.majors, observed.gpuNodes));
  if (rawLinesConverged(view.conf, wanted, owned)) return {};
  const edit = planFileEdit(confPath(desired.ctid), view.confText, (current) => (current === null ? null : rewriteRawLines(current, wanted, owned)));
  if (edit === undefined) return {};
  return { step: fileEditStep(`set the raw lxc.* lines Phoenix owns (GPU ${desired.gpus.length === 0 ? "none" : desired.gpus.join(",")}; other lines kept)`, edit) };
}

function firewallStep(desired: LxcContainerInputs, observed: LxcContainerObserved): Step[] {
  const fw = desired.firewall;
  if (fw === undefined) return [];
  // Checked by PVE's parser before it is installed, as cluster.fw is: a failing check keeps the old file.
  const edit = planFileEdit(firewallPath(desired.ctid), observed.firewallFile, (current) => rewriteFirewallFile(current, fw), { createDirectory: true, ...containerFwCheck(desired.ctid) });
  return edit ? [fileEditStep(`write the container firewall (${fw.enabled ? "enabled" : "disabled"}, ${fw.rules.length} rules; other sections kept)`, edit)] : [];
}

function planConverge(desired: LxcContainerInputs, view: ContainerView, observed: LxcContainerObserved, previous: LxcContainerInputs | undefined, first: Step[], firstWarnings: string[] = []): Plan {
  const id = desired.ctid;
  const who = `LxcContainer ${id}`;
  const keys = effectiveKeys(view.conf);
  const fixed = fixedProblem(desired, view, keys);
  if (fixed) return refuse(`${who}: ${fixed}`);
  const set = setSteps(desired, view, keys, previous);
  if ("problem" in set) return refuse(`${who}: ${set.problem}`);
  const raw = rawLineStep(desired, view, observed, previous);
  if ("problem" in raw) return refuse(`${who}: ${raw.problem}`);
  const running = view.status === "running";
  const warnings = [...firstWarnings, ...set.warnings];
  if (raw.step && running) warnings.push(`raw lxc.* lines apply at the next start of CT ${id} (pct reboot ${id})`);
  const steps = [...first, ...hostDirSteps(desired, observed, keys.unprivileged === "1"), ...set.steps, ...(raw.step ? [raw.step] : []), ...firewallStep(desired, observed)];
  // PVE could not tell (a stale lock or monitor): starting or stopping blind would fail or disrupt.
  if (view.status === "unknown") warnings.push(`PVE reports the state of CT ${id} as unknown; run state not changed`);
  else steps.push(...stateSteps(desired, view, keys));
  const pending = [...pendingNames(view.conf)].sort();
  if (pending.length > 0) warnings.push(`pending until the next start of CT ${id}: ${pending.join(", ")} (pct reboot ${id} applies them; Phoenix does not restart containers)`);
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
