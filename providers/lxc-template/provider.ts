// LxcTemplate lifecycle on the host:
//   inspect: pveam list <storage>; pveam available --section system (only when missing)
//   create/update: [pveam update;] pveam download <storage> <file>
//   delete:  nothing: the archive stays in the storage's cache (it holds no data of its own, and
//            containers made from it keep working); `pveam remove <volid>` removes it by hand
import type { Runner } from "../core/runner";
import { probe, readArgv } from "../core/apply";
import { planSteps } from "../core/plan";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { planLxcTemplate } from "./plan";
import { LxcTemplateInputsSchema, templateVolid, type LxcTemplateInputs, type LxcTemplateObserved } from "./schema";

async function inspectTemplate(runner: Runner, inputs: LxcTemplateInputs): Promise<LxcTemplateObserved> {
  const listed = inspect.parseListResult(inputs, await probe(runner, inspect.listCommand(inputs)));
  if (listed.present) return { present: true };
  const inCatalog = inspect.parseAvailable(await readArgv(runner, inspect.availableCommand())).includes(inputs.file);
  return { ...listed, inCatalog };
}

export const lxcTemplateDefinition: ResourceDefinition<LxcTemplateInputs, LxcTemplateObserved> = {
  kind: "LxcTemplate",
  parseInputs: (raw) => parseWith(LxcTemplateInputsSchema, raw),
  id: (inputs) => templateVolid(inputs),
  identity: ["storage", "file"],
  label: (inputs) => `LxcTemplate "${templateVolid(inputs)}"`,
  inspect: (runner, inputs) => inspectTemplate(runner, inputs),
  // The storage problem and catalog answer matter only until the archive is there.
  snapshot: (observed) => ({ present: observed.present }),
  exists: (observed) => observed.present,
  plan: (desired, observed) => planLxcTemplate(desired, observed),
  planDelete: (inputs) => planSteps([], [`${templateVolid(inputs)} stays in the storage; remove it with pveam remove when no container needs it`]),
  allowsDestroy: () => true,
};
