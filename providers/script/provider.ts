// HostScript and ContainerScript lifecycle on the host:
//   inspect: bash -c <READ> <record dir> [<ct conf>]   (the record of the last run, tails included)
//   create/update: bash -s -- <mode> <record dir> <timeout> <ctid> <where>, stdin: RUNNER + bundle;
//     runs the script under `timeout -k` (host side; through `pct exec` for a container) and
//     records digest, exit code and redacted output tails, completed or not
//   delete:  the delete script (same way), then the record goes; or only `rm -rf` of the record
import { randomBytes } from "node:crypto";
import type { Runner } from "../core/runner";
import { probe } from "../core/apply";
import { canonicalJson } from "../adapter/state";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import { parseRecord, readRecordCommand } from "./inspect";
import { hasRun, label, planDeleteScript, planScript } from "./plan";
import { readFileSecrets } from "./secret-files";
import { ContainerScriptInputsSchema, HostScriptInputsSchema, markerDir, type ContainerScriptInputs, type HostScriptInputs, type ScriptInputs, type ScriptObserved } from "./schema";

async function inspectScript(runner: Runner, inputs: ScriptInputs): Promise<ScriptObserved> {
  const observed = parseRecord(await probe(runner, readRecordCommand(markerDir(inputs), "ctid" in inputs ? inputs.ctid : undefined)));
  // Secret files are read only when a run (or a delete script) will need them.
  const needed = Object.keys(inputs.secretFiles).length > 0 && (!hasRun(inputs, observed) || inputs.delete !== undefined);
  return needed ? { ...observed, fileSecrets: readFileSecrets(inputs) } : observed;
}

function common<I extends ScriptInputs>(): Omit<ResourceDefinition<I, ScriptObserved>, "kind" | "parseInputs" | "id" | "identity"> {
  return {
    secretInputs: ["secretEnvironment"],
    // A resource new to state always runs once, even where an older one left a record.
    complete: (news, olds) => ({ ...news, instance: [olds.instance, news.instance].find((v) => typeof v === "string") ?? randomBytes(8).toString("hex") }),
    label: (inputs) => label(inputs),
    snapshot: ({ fileSecrets: _secrets, ...kept }) => kept,
    inspect: (runner, inputs) => inspectScript(runner, inputs),
    // A container gone from the host takes its scripts' records with it (refresh drops them, and
    // the re-created container runs them again).
    exists: (observed) => observed.present && observed.containerExists !== false,
    plan: (desired, observed) => planScript(desired, observed),
    // command.remote.Command's triggers: any change re-creates (delete script, then create).
    replacement: (olds, news) => ({ keys: canonicalJson(olds.triggers) === canonicalJson(news.triggers) ? [] : ["triggers"] }),
    planDelete: (inputs, observed) => planDeleteScript(inputs, observed),
    allowsDestroy: () => true,
  };
}

export const hostScriptDefinition: ResourceDefinition<HostScriptInputs, ScriptObserved> = {
  kind: "HostScript",
  parseInputs: (raw) => parseWith(HostScriptInputsSchema, raw),
  id: (inputs) => inputs.name,
  identity: ["name"],
  ...common<HostScriptInputs>(),
};

export const containerScriptDefinition: ResourceDefinition<ContainerScriptInputs, ScriptObserved> = {
  kind: "ContainerScript",
  parseInputs: (raw) => parseWith(ContainerScriptInputsSchema, raw),
  id: (inputs) => `${inputs.ctid}/${inputs.name}`,
  identity: ["ctid", "name"],
  ...common<ContainerScriptInputs>(),
};
