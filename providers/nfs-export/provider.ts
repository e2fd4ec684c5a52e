// NfsExport lifecycle on the host:
//   inspect: cat /etc/exports.d/phoenix.exports; exportfs -v; stat -c %F -- <path>
//   create/update: edit this path's line (editHostFile: lock, compare-and-rename), exportfs -ra
//   delete:  remove the line, exportfs -ra (access stops; no data is touched)
import type { Runner } from "../core/runner";
import { probe, readArgv } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { planDeleteNfsExport, planNfsExport } from "./plan";
import { NfsExportInputsSchema, type NfsExportInputs, type NfsExportObserved } from "./schema";

async function inspectExport(runner: Runner, inputs: NfsExportInputs): Promise<NfsExportObserved> {
  const [file, live, type] = await Promise.all([
    probe(runner, inspect.readFileCommand()),
    readArgv(runner, inspect.liveExportsCommand()),
    probe(runner, inspect.pathTypeCommand(inputs.path)),
  ]);
  const content = inspect.parseFileResult(file);
  const clients = inspect.parseExportfsVerbose(live).get(inputs.path) ?? new Map<string, string[]>();
  return { line: inspect.lineFor(content, inputs.path), file: content, live: Object.fromEntries(clients), isDirectory: inspect.parseIsDirectory(type) };
}

export const nfsExportDefinition: ResourceDefinition<NfsExportInputs, NfsExportObserved> = {
  kind: "NfsExport",
  parseInputs: (raw) => parseWith(NfsExportInputsSchema, raw),
  id: (inputs) => inputs.path,
  identity: ["path"],
  label: (inputs) => `NfsExport "${inputs.path}"`,
  inspect: (runner, inputs) => inspectExport(runner, inputs),
  // Other exports' lines change under this one: state keeps only this path's line.
  snapshot: (observed) => ({ ...observed, file: observed.line === null ? null : `${observed.line}\n` }),
  exists: (observed) => observed.line !== null,
  plan: (desired, observed) => planNfsExport(desired, observed),
  planDelete: (inputs, observed) => planDeleteNfsExport(inputs, observed),
  allowsDestroy: () => true,
};
