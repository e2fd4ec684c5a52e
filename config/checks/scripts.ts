// What runs inside a container, checked with the config and before any host command: every
// feature and the application script exist, and what they declare (config/script-header.ts) is
// met by the container: a GPU assigned, nesting not switched off, files beside the script present.
import { featureNames, runsPortainer, type ScriptCatalog } from "../features";
import type { ProblemSink, JsonPath } from "../problems";
import type { LxcContainer } from "../schema/lxc";
import { parsePveFeatures } from "../schema/lxc-options";
import type { Need, ScriptHeader } from "../script-header";
import { relativeFileProblem } from "../../providers/script/schema";

export interface ScriptCatalogs {
  readonly features: ScriptCatalog;
  readonly applications: ScriptCatalog;
}

const hasGpu = (ct: LxcContainer) => ct.gpu_assignment !== undefined && ct.gpu_assignment !== "none";

/** Why `ct` cannot give a script what it needs, or undefined. */
function unmetNeed(need: Need, ct: LxcContainer): string | undefined {
  if (need === "gpu" && !hasGpu(ct)) return `needs a GPU, and gpu_assignment is "${ct.gpu_assignment ?? "none"}"`;
  if (need === "nesting" && parsePveFeatures(ct.pct_options ?? []).features.nesting === "0") return "needs nesting, and pct_options sets nesting=0";
  return undefined;
}

function checkHeader(path: JsonPath, what: string, header: ScriptHeader, ct: LxcContainer, sink: ProblemSink): void {
  for (const problem of header.problems) sink.error(path, `${what}: ${problem}`);
  for (const need of header.needs) {
    const unmet = unmetNeed(need, ct);
    if (unmet) sink.error(path, `${what} ${unmet}`);
  }
}

/** Checks the features and application_script of one container. */
export function checkContainerScripts(id: string, ct: LxcContainer, catalogs: ScriptCatalogs, sink: ProblemSink): void {
  (ct.features ?? []).forEach((name, i) => {
    const path = ["lxc_configs", id, "features", i];
    if (catalogs.features.find(name) === undefined) {
      sink.error(path, `feature "${name}" has no script: looked for ${name}.sh in ${catalogs.features.searched.join(", ")}`);
      return;
    }
    const header = catalogs.features.header(name);
    checkHeader(path, `feature "${name}"`, header, ct, sink);
    if (header.files.length > 0) sink.error(path, `feature "${name}": phoenix-files is for application scripts; a feature's shared files go in lib/`);
  });
  const role = ct.portainer_role;
  if (runsPortainer(role)) {
    const path = ["lxc_configs", id, "portainer_role"];
    if (catalogs.features.find("portainer") === undefined) sink.error(path, `portainer_role "${role}" runs the portainer feature, which has no script: looked for portainer.sh in ${catalogs.features.searched.join(", ")}`);
    else checkHeader(path, `portainer_role "${role}" (feature "portainer")`, catalogs.features.header("portainer"), ct, sink);
  }
  const script = ct.application_script;
  if (script === undefined) return;
  const path = ["lxc_configs", id, "application_script"];
  if (catalogs.applications.find(script) === undefined) {
    sink.error(path, `application script "${script}" not found: looked in ${catalogs.applications.searched.join(", ") || "(no directory)"}`);
    return;
  }
  const header = catalogs.applications.header(script);
  checkHeader(path, `application script "${script}"`, header, ct, sink);
  for (const file of header.files) {
    const problem = relativeFileProblem(file);
    if (problem) sink.error(path, `application script "${script}": phoenix-files: ${problem}`);
    else if (file === "container.json") sink.error(path, `application script "${script}": phoenix-files: container.json is the name Phoenix gives the container's entry`);
    else if (!catalogs.applications.hasBeside(script, file)) sink.error(path, `application script "${script}": phoenix-files names ${file}, which is not beside the script`);
  }
}

/** Needs that change the container's own settings (nesting=1, as the original set for docker). */
export function impliedNeeds(ct: LxcContainer, catalogs: ScriptCatalogs): Set<Need> {
  const out = new Set<Need>();
  for (const name of featureNames(ct.features ?? [], ct.portainer_role)) for (const need of catalogs.features.header(name).needs) out.add(need);
  if (ct.application_script !== undefined) for (const need of catalogs.applications.header(ct.application_script).needs) out.add(need);
  return out;
}
