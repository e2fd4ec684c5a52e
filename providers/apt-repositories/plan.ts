// AptRepositories planner. No-subscription: Phoenix's file for the host's own release (PVE 8 on
// bookworm: one-line .list; PVE 9 on trixie: deb822 .sources), every enterprise entry disabled
// in place. Enterprise: Phoenix's file removed, the enterprise entries enabled again. It never
// downloads a key and never runs apt-get update or upgrades: it only says where packages come from.
import { planSteps, refuse, type Plan } from "../core/plan";
import { fileEditStep, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { phoenixContent, phoenixPath } from "./phoenix-file";
import { proxmoxEntries, withEnterprise } from "./sources";
import { PHOENIX_LIST, PHOENIX_SOURCES, RELEASES, type AptRepositoriesInputs, type AptRepositoriesObserved, type Release } from "./schema";

const FILE = { mode: 0o644, owner: "root:root" } as const;
const PHOENIX = [PHOENIX_LIST, PHOENIX_SOURCES];

/** The Ceph release the host's entries name (ceph-<release>), else the release's default. */
export function cephRelease(observed: AptRepositoriesObserved, release: Release): string {
  for (const [path, text] of Object.entries(observed.files)) {
    if (PHOENIX.includes(path)) continue;
    const found = proxmoxEntries(path, text).map((e) => /\/debian\/ceph-([a-z]+)/.exec(e.uri)?.[1]).find((c) => c !== undefined);
    if (found) return found;
  }
  return release.ceph;
}

function enterpriseSteps(observed: AptRepositoriesObserved, enabled: boolean): Step[] {
  const steps: Step[] = [];
  for (const [path, text] of Object.entries(observed.files)) {
    if (PHOENIX.includes(path)) continue;
    const edit = planFileEdit(path, text, (current) => (current === null ? null : withEnterprise(path, current, enabled)), FILE);
    if (edit) steps.push(fileEditStep(`${enabled ? "enable" : "disable"} the enterprise repositories in ${path}${enabled ? "" : " (kept, not deleted)"}`, edit));
  }
  return steps;
}

function removePhoenixFiles(observed: AptRepositoriesObserved, keep?: string): Step[] {
  return PHOENIX.filter((p) => p !== keep && observed.files[p] !== undefined).flatMap((p) => {
    const edit = planFileEdit(p, observed.files[p], () => null);
    return edit ? [fileEditStep(`remove Phoenix's repository file ${p}`, edit)] : [];
  });
}

export function planAptRepositories(desired: AptRepositoriesInputs, observed: AptRepositoriesObserved): Plan {
  const label = `AptRepositories "${desired.channel}"`;
  if (desired.channel === "enterprise") {
    const steps = [...removePhoenixFiles(observed), ...enterpriseSteps(observed, true)];
    const any = Object.entries(observed.files).some(([p, t]) => proxmoxEntries(p, t).some((e) => e.enterprise));
    if (!any) return refuse(`${label}: the host has no enterprise repository entry to enable (Proxmox VE ships them in pve-enterprise and ceph source files); restore them or use "no-subscription"`);
    return planSteps(steps);
  }
  const release = observed.codename === null ? undefined : RELEASES[observed.codename];
  if (release === undefined) {
    return refuse(`${label}: the host runs Debian ${observed.codename ?? "(no VERSION_CODENAME in /etc/os-release)"}, for which Phoenix knows no Proxmox VE repositories (${Object.values(RELEASES).map((r) => `${r.codename} = PVE ${r.pve}`).join(", ")})`);
  }
  if (!observed.keyring) return refuse(`${label}: the Proxmox release key ${release.keyring} is missing; Phoenix does not download keys. Reinstall it (PVE ${release.pve} ships it) and run again`);
  const path = phoenixPath(release);
  const content = phoenixContent(release, cephRelease(observed, release));
  const edit = planFileEdit(path, observed.files[path] ?? null, () => content, FILE);
  const steps: Step[] = [...removePhoenixFiles(observed, path), ...(edit ? [fileEditStep(`use the no-subscription repositories of PVE ${release.pve} (${release.codename})`, edit)] : []), ...enterpriseSteps(observed, false)];
  const doubles = Object.entries(observed.files)
    .filter(([p, t]) => !PHOENIX.includes(p) && proxmoxEntries(p, t).some((e) => e.enabled && !e.enterprise))
    .map(([p]) => p);
  const warnings = doubles.length > 0 ? [`${label}: ${doubles.join(", ")} also name${doubles.length === 1 ? "s" : ""} no-subscription repositories; apt warns about entries configured twice (remove the hand-written ones)`] : [];
  return planSteps(steps, warnings);
}

/** Removing the resource: Phoenix's file goes and the enterprise entries PVE ships are enabled again. */
export function planDeleteAptRepositories(observed: AptRepositoriesObserved): Plan {
  return planSteps([...removePhoenixFiles(observed), ...enterpriseSteps(observed, true)]);
}
