// Script planner: a run is due exactly when the host's record of the last completed run is not
// of these inputs (script text, files, arguments, environment, stdin, container, triggers, and
// the resource's own instance); then `update` runs when a create completed before and there is
// one, else `create`. Nothing else ever runs a script, so a second `up` and a refresh run none.
import { scryptSync } from "node:crypto";
import { createHash } from "node:crypto";
import { planSteps, type Plan } from "../core/plan";
import { step, type Step } from "../core/step";
import { SECRET_PLACEHOLDER } from "../adapter/secrets";
import { canonicalJson } from "../adapter/state";
import { runCommand, runStdin, type RunMode } from "./inspect";
import { markerDir, type ScriptInputs, type ScriptObserved } from "./schema";

export const label = (inputs: ScriptInputs) => ("ctid" in inputs ? `ContainerScript "${inputs.ctid}/${inputs.name}"` : `HostScript "${inputs.name}"`);

const secretEnv = (inputs: ScriptInputs, fileSecrets: Readonly<Record<string, string>> = {}): Record<string, string> => ({
  ...(inputs.secretEnvironment === undefined || inputs.secretEnvironment === SECRET_PLACEHOLDER ? {} : (JSON.parse(inputs.secretEnvironment) as Record<string, string>)),
  ...fileSecrets,
});

/**
 * What a run depends on; a change runs the script again. The timeout is not part of it. Secret
 * values enter only through scrypt, salted with the rest, so the digest (kept on the host and in
 * state) gives no cheap way to test guesses.
 */
export function runDigest(inputs: ScriptInputs): string {
  const { timeoutSeconds: _t, secretEnvironment, ...rest } = inputs as ScriptInputs & Record<string, unknown>;
  const plain = canonicalJson(rest);
  const secret = secretEnvironment === undefined ? "" : scryptSync(secretEnvironment, createHash("sha256").update(plain).digest("hex"), 32).toString("hex");
  return createHash("sha256").update(plain).update("\0").update(secret).digest("hex").slice(0, 32);
}

/** True when the host's record says these very inputs ran to completion. */
export function hasRun(desired: ScriptInputs, observed: ScriptObserved): boolean {
  return observed.present && observed.exitCode === 0 && observed.digest === runDigest(desired);
}

function where(inputs: ScriptInputs): { ctid: string; on: "host" | "container"; args: readonly string[]; place: string } {
  if (!("ctid" in inputs)) return { ctid: "", on: "host", args: inputs.args, place: "on the host" };
  // A script run on the host for a container gets the CT id first, as the feature scripts expect.
  if (inputs.on === "host") return { ctid: inputs.ctid, on: "host", args: [inputs.ctid, ...inputs.args], place: `on the host for CT ${inputs.ctid}` };
  return { ctid: inputs.ctid, on: "container", args: inputs.args, place: `in CT ${inputs.ctid}` };
}

/** One run of `script` in `mode`, with everything it needs on stdin. */
export function runStep(inputs: ScriptInputs, mode: RunMode, script: string, fileSecrets: Readonly<Record<string, string>> = {}): Step {
  const w = where(inputs);
  const secrets = secretEnv(inputs, fileSecrets);
  const env = { ...inputs.environment, ...secrets };
  const stdin = runStdin({ script, files: inputs.files, args: w.args, environment: env, stdin: inputs.stdin ?? "", digest: runDigest(inputs), secrets: Object.values(secrets) });
  return step(`run the ${mode} script ${w.place}`, runCommand(mode, markerDir(inputs), inputs.timeoutSeconds, w.ctid, w.on), {
    stdin,
    ...(Object.keys(fileSecrets).length > 0 ? { redact: Object.values(fileSecrets) } : {}),
    script: { label: label(inputs), channelLimitMs: (inputs.timeoutSeconds + 120) * 1000 },
  });
}

/** Why a secret file's value cannot be given to a run, from the provider's read; none when all read. */
export function missingFileSecrets(inputs: ScriptInputs, observed: ScriptObserved): string[] {
  return Object.keys(inputs.secretFiles).filter((name) => observed.fileSecrets?.[name] === undefined);
}

export function planScript(desired: ScriptInputs, observed: ScriptObserved): Plan {
  if (hasRun(desired, observed)) return planSteps([]);
  const update = desired.update !== undefined && observed.present && observed.created === true;
  const secrets = observed.fileSecrets ?? {};
  return planSteps([update ? runStep(desired, "update", desired.update!, secrets) : runStep(desired, "create", desired.create, secrets)]);
}

/** The delete script, when there is one and its container still exists; then the record goes. */
export function planDeleteScript(inputs: ScriptInputs, observed: ScriptObserved): Plan {
  const steps: Step[] = [];
  const containerGone = "ctid" in inputs && observed.containerExists === false;
  if (inputs.delete !== undefined && !containerGone) steps.push(runStep(inputs, "delete", inputs.delete, observed.fileSecrets ?? {}));
  else if (observed.present) steps.push(step(`forget the runs of ${label(inputs)}`, ["rm", "-rf", "--", markerDir(inputs)]));
  return planSteps(steps, containerGone && inputs.delete !== undefined ? [`${label(inputs)}: CT ${(inputs as { ctid: string }).ctid} is gone; its delete script is not run`] : []);
}
