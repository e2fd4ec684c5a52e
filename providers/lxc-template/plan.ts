// LxcTemplate planner: download the archive when the storage lacks it, refreshing the catalog
// first when it does not offer the archive (a fresh host's catalog can be empty or old).
import { planSteps, type Plan } from "../core/plan";
import { step } from "../core/step";
import { templateVolid, type LxcTemplateInputs, type LxcTemplateObserved } from "./schema";

export function planLxcTemplate(desired: LxcTemplateInputs, observed: LxcTemplateObserved): Plan {
  if (observed.present) return planSteps([]);
  const warnings = observed.storageProblem
    ? [`storage ${desired.storage} cannot be listed yet (${observed.storageProblem}); the download needs it to exist and allow vztmpl`]
    : [];
  const steps = [
    ...(observed.inCatalog === false ? [step("refresh the template catalog, which does not list it", ["pveam", "update"])] : []),
    step(`download template ${templateVolid(desired)}`, ["pveam", "download", desired.storage, desired.file]),
  ];
  return planSteps(steps, warnings);
}
