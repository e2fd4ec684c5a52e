// HostTimezone planner: link /etc/localtime to the zone (GNU ln -sf replaces the link by a
// rename, so no moment without one) and write /etc/timezone. A zone the host's tzdata does not
// know is refused: a dangling link makes glibc fall back to UTC without a word.
import { planSteps, refuse, type Plan } from "../core/plan";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { LOCALTIME, TIMEZONE_FILE, ZONEINFO, zoneOfLink, type HostTimezoneInputs, type HostTimezoneObserved } from "./schema";

export function planHostTimezone(desired: HostTimezoneInputs, observed: HostTimezoneObserved): Plan {
  const { zone } = desired;
  if (!observed.zoneKnown) return refuse(`HostTimezone "${zone}": the host has no ${ZONEINFO}/${zone} (unknown zone, or tzdata is not installed); use a name from \`timedatectl list-timezones\``);
  const steps: Step[] = [];
  const current = zoneOfLink(observed.link);
  if (current !== zone) steps.push(step(`time zone ${zone} (was ${current ?? (observed.link === null ? "no link" : observed.link)})`, ["ln", "-sf", "--", `${ZONEINFO}/${zone}`, LOCALTIME]));
  const edit = planFileEdit(TIMEZONE_FILE, observed.timezoneFile, () => `${zone}\n`, { mode: 0o644, owner: "root:root" });
  if (edit) steps.push(fileEditStep(`${TIMEZONE_FILE} names ${zone}`, edit));
  return planSteps(steps);
}

/** Removing the resource leaves the zone as it is: a host always has one. */
export function planDeleteHostTimezone(): Plan {
  return planSteps([], ["HostTimezone: the host keeps its time zone; Phoenix only stops managing it"]);
}
