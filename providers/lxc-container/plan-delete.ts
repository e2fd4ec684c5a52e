// Removing a container, and replacing one whose create-time facts changed: both destroy its
// disks, so both need permission, and neither ever runs under a linked clone.
import { listSome, planSteps, refuse, type Plan } from "../core/plan";
import { step } from "../core/step";
import { effectiveKeys, parsePctConf } from "./conf";
import { parseMount } from "./props";
import type { LxcContainerInputs, LxcContainerObserved } from "./schema";

// rootfs first, then mount points, then unused volumes.
const diskRank = (key: string) => (key === "rootfs" ? 0 : key.startsWith("mp") ? 1 : 2);

/** What destroying the container loses, for refusals: disks with sizes, snapshots. */
export function whatIsLost(observed: LxcContainerObserved): string {
  if (observed.confText === undefined) return "the container and its disks";
  const conf = parsePctConf(observed.confText);
  const keys = effectiveKeys(conf);
  const disks = Object.entries(keys)
    .filter(([k]) => k === "rootfs" || /^(mp|unused)\d+$/.test(k))
    .sort(([a], [b]) => diskRank(a) - diskRank(b) || a.localeCompare(b, undefined, { numeric: true }))
    .map(([k, v]) => parseMount(k, v))
    .filter((m) => !m.bind)
    .map((m) => `${m.key} ${m.volume}${m.sizeBytes === undefined ? "" : ` (${m.sizeBytes / 2 ** 30}G)`}`);
  const snaps = Object.keys(conf.snapshots);
  return `its disks ${listSome(disks)}${snaps.length === 0 ? "" : ` and ${snaps.length} snapshot${snaps.length === 1 ? "" : "s"} (${listSome(snaps)})`}; bind-mounted host directories are kept`;
}

const linkedRefusal = (ctid: string, clones: readonly string[]) =>
  `LxcContainer ${ctid}: CT ${listSome(clones)} ${clones.length === 1 ? "is a linked clone" : "are linked clones"} of it; destroying it would destroy ${clones.length === 1 ? "that container's" : "their"} disks too. Remove the clones first`;

const allowHint = (ctid: string) => `allow it with allow_destroy, or phoenix:allowDestroy "LxcContainer:${ctid}"; or stop managing it with pulumi state delete`;

/** pct stop (when running) and pct destroy, only when allowed and nothing is cloned from it. */
export function planDeleteContainer(inputs: LxcContainerInputs, observed: LxcContainerObserved, allowed: boolean): Plan {
  if (!observed.exists) return planSteps([]);
  const id = inputs.ctid;
  if (observed.linkedClones && observed.linkedClones.length > 0) return refuse(linkedRefusal(id, observed.linkedClones));
  if (!allowed) return refuse(`LxcContainer ${id}: deleting it would destroy ${whatIsLost(observed)}; ${allowHint(id)}`);
  const stop = observed.status === "running" ? [step(`stop CT ${id}`, ["pct", "stop", id])] : [];
  return planSteps([...stop, step(`destroy CT ${id} with ${whatIsLost(observed)}`, ["pct", "destroy", id], { destructive: true })]);
}

/** Keys that cannot change in place: the source (another origin) and unprivileged (fixed at create). */
export function containerReplacement(olds: LxcContainerInputs, news: LxcContainerInputs, observed: LxcContainerObserved, allowed: boolean): { keys: string[] } | { refuse: string } {
  const keys: string[] = [];
  const origin = (i: LxcContainerInputs) => (i.source.kind === "template" ? `template ${i.source.template}` : `clone of CT ${i.source.from}`);
  if (origin(olds) !== origin(news)) keys.push("source");
  const unprivileged = observed.confText === undefined ? undefined : effectiveKeys(parsePctConf(observed.confText)).unprivileged === "1";
  if (news.unprivileged !== undefined && unprivileged !== undefined && news.unprivileged !== unprivileged) keys.push("unprivileged");
  if (keys.length === 0) return { keys };
  const id = news.ctid;
  if (observed.linkedClones && observed.linkedClones.length > 0) return { refuse: linkedRefusal(id, observed.linkedClones) };
  if (!allowed) return { refuse: `LxcContainer ${id}: ${keys.join(" and ")} cannot change in place (${origin(olds)} → ${origin(news)}); a replace would destroy ${whatIsLost(observed)}; ${allowHint(id)} (recorded by an up before the change)` };
  return { keys };
}
