// The generic Pulumi lifecycle for every Phoenix resource. The rules (docs/decisions/0011):
// - one verdict: preview and apply plan with the same function against the host as it is now;
//   diff only skips the host when the stored observation says nothing would change;
// - a failed create/update records the object with its inputs and what the host showed after
//   the failure, so the next run plans from there;
// - secret inputs reach outputs as digests and never any message; unknown inputs are judged
//   at apply time.
import { applySteps } from "../core/apply";
import { isConverged, planSteps, type Plan } from "../core/plan";
import { oneLine, renderPlan, type Step } from "../core/step";
import type { Runner } from "../core/runner";
import { CommandError, SshError } from "../ssh/errors";
import type { CheckFailure, Policy, ResourceDefinition } from "./definition";
import { openSecrets, redactor, sealSecrets } from "./secrets";
import { canonicalJson, makeOutputs, splitOutputs } from "./state";
import { touchesUnknown, UNKNOWN, unknownPaths } from "./unknowns";

/** How a report is shown; see HandlerDeps.report. */
export interface ReportOptions {
  readonly ephemeral?: boolean;
}

// A long script's output (apt, pip) would otherwise be printed twice, the second time in the
// summary after the run; its tail is in the failure message and the run record anyway.
const EPHEMERAL: ReportOptions = { ephemeral: true };

export interface HandlerDeps {
  /** The shared SSH session of this provider process. */
  runner(): Runner;
  /**
   * The runner inspections use: the same host, with read-only commands issued at the same time
   * sent together (providers/ssh/batch.ts). Defaults to `runner`.
   */
  inspector?(): Runner;
  policy(): Policy;
  /**
   * Where plans and notes are reported (Pulumi diagnostics). `ephemeral`: a script's output
   * line, shown while it runs and left out of the closing summary.
   */
  report(message: string, options?: ReportOptions): void;
  /**
   * Resolves when the host is still claimed by `owner` (the stack's claim id; undefined for the
   * claim itself or an unknown id during the claim's first preview); rejects naming the owner.
   */
  guard?(owner: string | undefined): Promise<void>;
}

/**
 * A resource-level error. With an id, Pulumi records the object (created but failed) with
 * `properties` as its outputs, so the next run converges or deletes it.
 */
export class ResourceError extends Error {
  readonly id?: string;
  readonly properties?: Record<string, unknown>;
  /** What Pulumi prints for a recorded failure; without it the user reads only "resource init failed". */
  readonly reasons?: string[];
  constructor(message: string, id?: string, properties?: Record<string, unknown>) {
    super(message);
    this.name = "ResourceError";
    if (id !== undefined) {
      this.id = id;
      this.reasons = [message];
    }
    if (properties !== undefined) this.properties = properties;
  }
}

type Raw = Record<string, unknown>;

/** The host claim id a resource carries, when known. */
const ownerOf = (raw: Raw | undefined): string | undefined => {
  const owner = raw?.owner;
  return typeof owner === "string" && owner !== UNKNOWN ? owner : undefined;
};
const withOwner = (outs: Raw, raw: Raw | undefined): Raw => (ownerOf(raw) === undefined ? outs : { ...outs, owner: ownerOf(raw) });

// Core messages usually name their object already; never say it twice.
const named = (label: string, message: string) => (message.startsWith(label) ? message : `${label}: ${message}`);
/** The stored count of applies that ran commands (undefined: none recorded). */
const appliesOf = (raw: Raw | undefined): number | undefined => (typeof raw?.applies === "number" ? raw.applies : undefined);
const withApplies = (outs: Raw, applies: number | undefined): Raw => (applies === undefined ? outs : { ...outs, applies });
const hasObservation = (props: Raw) => Object.prototype.hasOwnProperty.call(props, "observed");

/** Builds check/diff/create/read/update/delete for one resource kind. */
export function makeHandlers<I extends object, Obs>(def: ResourceDefinition<I, Obs>, deps: HandlerDeps) {
  // Every look at the host goes through the inspection runner; steps run on the session itself.
  const inspect = (runner: Runner, inputs: I): Promise<Obs> => def.inspect(deps.inspector?.() ?? runner, inputs);
  const secretKeys = def.secretInputs ?? [];
  const locators = new Set(def.locatorInputs ?? []);
  /** The inputs whose change is a change of the object (locators dropped), canonical. */
  const comparable = (inputs: I) => canonicalJson(Object.fromEntries(Object.entries(inputs).filter(([k]) => !locators.has(k))));
  const parse = (raw: Raw): I => {
    const parsed = def.parseInputs(raw);
    if (!parsed.ok) throw new Error(`${def.kind}: invalid state: ${parsed.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    return parsed.value;
  };
  /** Stored outputs → inputs (secrets opened against `news` when given) and the observation. */
  const stored = (props: Raw, news?: Raw) => {
    const { inputs } = splitOutputs(props);
    const opened = openSecrets(inputs, secretKeys, news === undefined ? undefined : splitOutputs(news).inputs);
    return { inputs: parse(opened.inputs), secretsChanged: opened.changed };
  };
  // Inputs chosen once at create and kept ever after (a generated id) come from the old outputs;
  // never at check, so during preview they stay unknown to dependents.
  const completed = (news: Raw, olds: Raw): Raw => {
    const inputs = splitOutputs(news).inputs;
    return def.complete ? def.complete(inputs, splitOutputs(olds).inputs) : inputs;
  };
  const tryStored = (props: Raw, news?: Raw) => {
    try {
      return stored(props, news);
    } catch {
      return undefined;
    }
  };
  const redact = (inputs: object) => redactor(secretKeys.map((k) => (inputs as Raw)[k]));
  const say = (inputs: I, message: string, options?: ReportOptions) => deps.report(redact(inputs)(message), options);
  const fail = (inputs: I, message: string, id?: string, properties?: Raw) =>
    new ResourceError(redact(inputs)(named(def.label(inputs), message)), id, properties);
  const allowed = (inputs: I) => def.allowsDestroy(inputs) || deps.policy().allowsDestroy(def.kind, def.id(inputs));
  const outputs = (desired: I, observed: Obs | undefined, previous?: Raw): Raw => {
    const sealed = sealSecrets(desired, secretKeys, previous);
    if (observed === undefined) return { ...(sealed as Raw) };
    return makeOutputs(sealed, def.snapshot ? def.snapshot(observed, desired) : observed);
  };
  // A plan is made at check or diff and again at apply: its warnings are said once per process.
  const warned = new Set<string>();
  const stepsOf = (inputs: I, plan: Plan): readonly Step[] => {
    if (plan.kind === "refuse") throw fail(inputs, plan.reason);
    for (const warning of plan.warnings) {
      const text = `warning: ${named(def.label(inputs), warning)}`;
      if (warned.has(text)) continue;
      warned.add(text);
      say(inputs, text);
    }
    return plan.steps;
  };
  // What this process last showed per object: the apply of a plan that check or diff has just
  // shown is not printed a second time.
  // A shared file edited by others in between (smb.conf, exports) changes only its size and
  // checksum: the same change, not worth a second listing.
  const shown = new Map<string, string>();
  const sameChange = (plan: string) => plan.replace(/\(\d+ lines?, (sha256 [0-9a-f]{12}|secret)/g, "(");
  const announce = (inputs: I, verb: "would run" | "running", steps: readonly Step[]) => {
    if (steps.length === 0) return;
    const label = def.label(inputs);
    const plan = renderPlan(steps);
    if (verb === "running" && shown.get(label) === sameChange(plan)) return;
    shown.set(label, sameChange(plan));
    say(inputs, `${label}: ${verb}${oneLine(steps) ?? `\n${plan}`}`);
  };

  /**
   * The one verdict on changing an existing object in place, from an observation: a refusal,
   * a replacement (with the keys that force it), or steps. diff and update both use it.
   */
  const decide = (previous: I | undefined, desired: I, observed: Obs): { replace: string[] } | { steps: readonly Step[] } => {
    if (previous !== undefined && def.exists(observed)) {
      const replacement = def.replacement?.(previous, desired, observed, allowed(previous));
      if (replacement && "refuse" in replacement) throw fail(desired, replacement.refuse);
      if (replacement && replacement.keys.length > 0) return { replace: replacement.keys };
    }
    return { steps: stepsOf(desired, def.plan(desired, observed, previous)) };
  };

  /** Inspect, plan, apply, verify. Every failure after the first step names what the host now shows. */
  /** The runner, once the host is known to be still ours. */
  const host = async (raw: Raw | undefined): Promise<Runner> => {
    await deps.guard?.(ownerOf(raw));
    return deps.runner();
  };

  const converge = async (desired: I, previous: I | undefined, raw: Raw, id?: string, previousOuts?: Raw, applied?: number): Promise<Raw> => {
    const runner = await host(raw);
    const before = await inspect(runner, desired);
    const verdict = decide(previous, desired, before);
    if ("replace" in verdict) {
      throw fail(desired, `must be replaced (${verdict.replace.join(", ")} cannot change in place), but preview did not say so: the host changed since; run preview again`);
    }
    const steps = verdict.steps;
    announce(desired, "running", steps);
    // Counted once commands start: a failed run may have changed the object too.
    const applies = def.countsApplies ? (steps.length > 0 ? (applied ?? 0) + 1 : applied) : undefined;
    const record = (observed: Obs | undefined) => ({ ...withApplies(withOwner(outputs(desired, observed, previousOuts), raw), applies), __provider: raw.__provider });
    try {
      await applySteps(runner, steps, { progress: (line) => say(desired, line, EPHEMERAL) });
    } catch (err) {
      // Some steps may have run: record the object as the host now shows it (or with no
      // observation, which makes the next diff look at the host) so the next run converges.
      const now = await inspect(runner, desired).catch(() => undefined);
      throw fail(desired, (err as Error).message, def.id(desired), record(now));
    }
    const after = await inspect(runner, desired);
    const left = def.plan(desired, after, previous);
    if (!isConverged(left)) {
      const what = left.kind === "refuse" ? left.reason : renderPlan(left.steps);
      throw fail(desired, `the host did not converge; still needed:\n${what}`, def.id(desired), record(after));
    }
    return withApplies(withOwner(outputs(desired, after, previousOuts), raw), applies);
  };

  /** The verdict for a change, decided from the host as it is now: the same one apply reaches. */
  const liveDiff = async (before: I | undefined, desired: I, identityChanged: string[], inputsChanged: boolean, news: Raw, stale?: unknown) => {
    const runner = await host(news);
    const live = await inspect(runner, desired);
    const label = def.label(desired);
    if (before === undefined) {
      announce(desired, "would run", stepsOf(desired, def.plan(desired, live, undefined)));
      return { changes: true };
    }
    if (identityChanged.length > 0) {
      // Another object on the host: the new one is created, then the old one deleted.
      const create = stepsOf(desired, def.plan(desired, live, undefined));
      const old = await inspect(runner, before);
      const remove = def.exists(old) ? def.planDelete(before, old, allowed(before)) : planSteps([]);
      if (remove.kind === "refuse") {
        throw fail(desired, `${identityChanged.join(", ")} changed from ${def.label(before)}: that is another object, and the old one cannot be deleted: ${remove.reason}`);
      }
      say(desired, `${label}: replaces ${def.label(before)} (${identityChanged.join(", ")} changed); would run\n${renderPlan([...create, ...remove.steps])}`);
      return { changes: true, replaces: identityChanged };
    }
    const verdict = decide(before, desired, live);
    if ("replace" in verdict) {
      say(desired, `${label}: must be replaced (${verdict.replace.join(", ")} cannot change in place)`);
      return { changes: true, replaces: verdict.replace, deleteBeforeReplace: true };
    }
    announce(desired, "would run", verdict.steps);
    // An unsettled observation that moved (the reboot happened): the update records it.
    const moved = stale !== undefined && canonicalJson(def.snapshot ? def.snapshot(live, desired) : live) !== canonicalJson(stale);
    if (moved && verdict.steps.length === 0) say(desired, `${label}: the host changed since the last run; the update records what it shows now (no commands)`);
    return { changes: verdict.steps.length > 0 || inputsChanged || moved };
  };

  return withoutTraces({
    async check(olds: Raw, news: Raw): Promise<{ inputs?: unknown; failures?: CheckFailure[] }> {
      const raw = splitOutputs(news).inputs;
      const unknown = unknownPaths(raw);
      const parsed = def.parseInputs(raw);
      if (!parsed.ok) {
        const failures = parsed.failures.filter((f) => !touchesUnknown(f.property, unknown));
        return failures.length > 0 ? { failures } : { inputs: news };
      }
      if (unknown.length > 0) return { inputs: news };
      // A new object: preview shows its plan, or its refusal, from the host as it is now.
      if (Object.keys(olds ?? {}).length === 0) {
        const observed = await inspect(await host(news), parsed.value);
        announce(parsed.value, "would run", stepsOf(parsed.value, def.plan(parsed.value, observed, undefined)));
      }
      return { inputs: { ...news, ...parsed.value } };
    },

    async diff(_id: string, olds: Raw, news: Raw) {
      const providerChanged = olds.__provider !== news.__provider;
      const unknown = unknownPaths(splitOutputs(news).inputs);
      if (unknown.length > 0) {
        deps.report(`${def.kind} "${_id}": ${unknown.join(", ")} known only after apply; the plan is decided then`);
        return { changes: true };
      }
      const desired = parse(completed(news, olds));
      const previous = tryStored(olds, news);
      // State without usable inputs (left by a failed run of an older Phoenix): plan as for a
      // new object against the host, and let the update record the inputs again.
      if (previous === undefined) return { ...(await liveDiff(undefined, desired, [], true, news)), changes: true };
      const { inputs: before, secretsChanged } = previous;
      const identityChanged = def.identity.filter((k) => canonicalJson((before as Raw)[k]) !== canonicalJson((desired as Raw)[k]));
      // Parsed on both sides, so defaults and canonical spellings never count as a change.
      const inputsChanged = secretsChanged.length > 0 || comparable(before) !== comparable(desired) || ownerOf(olds) !== ownerOf(news);
      const unsettled = hasObservation(olds) && olds.observed !== null && def.unsettled?.(olds.observed as Obs) === true;
      if (identityChanged.length === 0 && hasObservation(olds) && !unsettled) {
        // The stored observation is what the host showed after the last apply or refresh. If
        // nothing would change against it, no host command is needed to say so.
        const observed = olds.observed as Obs;
        const replacement = def.exists(observed) ? def.replacement?.(before, desired, observed, allowed(before)) : undefined;
        const quiet = !(replacement && ("refuse" in replacement || replacement.keys.length > 0));
        if (quiet && isConverged(def.plan(desired, observed, before))) return { changes: inputsChanged || providerChanged };
      }
      const verdict = await liveDiff(before, desired, identityChanged, inputsChanged, news, unsettled ? olds.observed : undefined);
      return { ...verdict, changes: verdict.changes || providerChanged };
    },

    async create(inputs: Raw) {
      const desired = parse(completed(inputs, {}));
      return { id: def.id(desired), outs: await converge(desired, undefined, inputs) };
    },

    async update(id: string, olds: Raw, news: Raw) {
      // State without usable inputs (an older failed run) was planned by diff as a new object.
      const previous = tryStored(olds, news)?.inputs;
      return { outs: await converge(parse(completed(news, olds)), previous, news, id, splitOutputs(olds).inputs, appliesOf(olds)) };
    },

    async read(id: string, props: Raw) {
      const { inputs } = stored(props);
      const observed = await inspect(await host(props), inputs);
      // No object on the host: an empty id tells the engine it is gone.
      if (!def.exists(observed)) return {};
      const outs = withApplies(withOwner(outputs(inputs, observed, splitOutputs(props).inputs), props), appliesOf(props));
      return { id, props: outs, inputs: withOwner(splitOutputs(outs).inputs, props) };
    },

    async delete(_id: string, props: Raw) {
      const { inputs } = stored(props);
      const runner = await host(props);
      const observed = await inspect(runner, inputs);
      const steps = stepsOf(inputs, def.planDelete(inputs, observed, allowed(inputs)));
      announce(inputs, "running", steps);
      try {
        await applySteps(runner, steps, { progress: (line) => say(inputs, line, EPHEMERAL) });
      } catch (err) {
        throw fail(inputs, (err as Error).message);
      }
    },
  });
}

// Pulumi's provider host prints `${error}: ${error.stack}` for failed hooks. A refusal, a failed
// host command or an SSH failure is an expected outcome whose message says it all; a stack
// trace would only bury it. Anything else (a bug) keeps its trace.
function withoutTraces<T extends Record<string, (...args: any[]) => Promise<unknown>>>(hooks: T): T {
  const wrapped: Record<string, (...args: any[]) => Promise<unknown>> = {};
  for (const [name, hook] of Object.entries(hooks)) {
    wrapped[name] = async (...args) => {
      try {
        return await hook(...args);
      } catch (err) {
        if (err instanceof ResourceError || err instanceof CommandError || err instanceof SshError) err.stack = "";
        throw err;
      }
    };
  }
  return wrapped as T;
}
