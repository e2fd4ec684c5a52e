// The generic Pulumi lifecycle for every Phoenix resource: check and diff are pure, the rest
// inspect the host, apply a plan, and verify by inspecting again.
import { applySteps } from "../core/apply";
import { isConverged, type Plan } from "../core/plan";
import { renderPlan } from "../core/step";
import type { Runner } from "../core/runner";
import { CommandError, SshError } from "../ssh/errors";
import type { CheckFailure, Policy, ResourceDefinition } from "./definition";
import { canonicalJson, makeOutputs, splitOutputs } from "./state";

export interface HandlerDeps {
  /** The shared SSH session of this provider process. */
  runner(): Runner;
  policy(): Policy;
  /** Where plans and notes are reported (provider stderr → Pulumi diagnostics). */
  report(message: string): void;
}

/** A resource-level error that Pulumi records against the object id (so a created object is kept). */
export class ResourceError extends Error {
  readonly id?: string;
  constructor(message: string, id?: string) {
    super(message);
    this.name = "ResourceError";
    if (id !== undefined) this.id = id;
  }
}

// Core messages usually name their object already; never say it twice.
const named = (label: string, message: string) => (message.startsWith(label) ? message : `${label}: ${message}`);

/** Builds check/diff/create/read/update/delete for one resource kind. */
export function makeHandlers<I extends object, Obs>(def: ResourceDefinition<I, Obs>, deps: HandlerDeps) {
  const parse = (raw: unknown): I => {
    const parsed = def.parseInputs(splitOutputs(raw as Record<string, unknown>).inputs);
    if (!parsed.ok) throw new Error(`${def.kind}: invalid state: ${parsed.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    return parsed.value;
  };
  const keep = (observed: Obs): Obs => (def.snapshot ? def.snapshot(observed) : observed);
  const mustSteps = (label: string, plan: Plan, id?: string) => {
    if (plan.kind === "refuse") throw new ResourceError(named(label, plan.reason), id);
    for (const warning of plan.warnings ?? []) deps.report(`warning: ${named(label, warning)}`);
    return plan.steps;
  };
  const converge = async (desired: I, previous: I | undefined, id?: string) => {
    const runner = deps.runner();
    const label = def.label(desired);
    const before = await def.inspect(runner, desired);
    const steps = mustSteps(label, def.plan(desired, before, previous), id);
    if (steps.length > 0) deps.report(`${label}: running\n${renderPlan(steps)}`);
    try {
      await applySteps(runner, steps);
    } catch (err) {
      // Some steps may have run: keep the object in state so the next run converges or deletes it.
      throw new ResourceError(named(label, (err as Error).message), def.id(desired));
    }
    const after = await def.inspect(runner, desired);
    const left = def.plan(desired, after, previous);
    if (!isConverged(left)) {
      const what = left.kind === "refuse" ? left.reason : renderPlan(left.steps);
      throw new ResourceError(`${label}: the host did not converge; still needed:\n${what}`, def.id(desired));
    }
    return makeOutputs(desired, keep(after));
  };

  return withoutTraces({
    async check(_olds: unknown, news: unknown): Promise<{ inputs?: unknown; failures?: CheckFailure[] }> {
      const parsed = def.parseInputs(splitOutputs(news as Record<string, unknown>).inputs);
      return parsed.ok ? { inputs: { ...(news as object), ...parsed.value } } : { failures: parsed.failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      const before = parse(olds);
      const desired = parse(news);
      // Every state Phoenix writes carries the observation it was converged against.
      const observed = olds.observed as Obs;
      const label = def.label(desired);
      const replacement = def.replacement?.(before, desired, observed, deps.policy());
      if (replacement && "refuse" in replacement) throw new ResourceError(named(label, replacement.refuse));
      if (replacement && replacement.keys.length > 0) {
        deps.report(`${label}: must be replaced (${replacement.keys.join(", ")} cannot change in place)`);
        return { changes: true, replaces: replacement.keys, deleteBeforeReplace: true };
      }
      const plan = def.plan(desired, observed, before);
      const steps = mustSteps(label, plan);
      if (steps.length > 0) deps.report(`${label}: would run\n${renderPlan(steps)}`);
      // Parsed on both sides, so defaults and canonical spellings never count as a change.
      const inputsChanged = canonicalJson(before) !== canonicalJson(desired);
      return { changes: steps.length > 0 || inputsChanged || olds.__provider !== news.__provider };
    },

    async create(inputs: Record<string, unknown>) {
      const desired = parse(inputs);
      return { id: def.id(desired), outs: await converge(desired, undefined) };
    },

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
      return { outs: await converge(parse(news), parse(olds), id) };
    },

    async read(id: string, props: Record<string, unknown>) {
      const inputs = parse(props);
      const observed = await def.inspect(deps.runner(), inputs);
      // No object on the host: an empty id tells the engine it is gone.
      if (!def.exists(observed)) return {};
      const outs = makeOutputs(inputs, keep(observed));
      return { id, props: outs, inputs: { ...inputs } };
    },

    async delete(_id: string, props: Record<string, unknown>) {
      const inputs = parse(props);
      const runner = deps.runner();
      const id = def.id(inputs);
      const allowed = def.allowsDestroy(inputs) || deps.policy().allowDestroy.includes(id);
      const observed = await def.inspect(runner, inputs);
      const steps = mustSteps(def.label(inputs), def.planDelete(inputs, observed, allowed));
      if (steps.length > 0) deps.report(`${def.label(inputs)}: running\n${renderPlan(steps)}`);
      try {
        await applySteps(runner, steps);
      } catch (err) {
        throw new ResourceError(named(def.label(inputs), (err as Error).message));
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
