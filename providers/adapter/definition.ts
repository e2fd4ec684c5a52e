// The contract between one resource's pure core and the generic Pulumi adapter.
import type { Runner } from "../core/runner";
import type { Plan } from "../core/plan";

/** A Pulumi check failure: which input, and why. */
export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export type Parsed<I> = { ok: true; value: I } | { ok: false; failures: CheckFailure[] };

/** What the adapter needs to know about one resource kind; everything but inspect is pure. */
export interface ResourceDefinition<I, Obs> {
  /** Pulumi type name, e.g. `ZfsPool`. */
  readonly kind: string;
  /** Validates raw inputs (check) and parses stored ones (tolerating older fields). */
  parseInputs(raw: unknown): Parsed<I>;
  /** Fills inputs chosen once at create and kept ever after (a generated id) from the old outputs. */
  complete?(news: Record<string, unknown>, olds: Record<string, unknown>): Record<string, unknown>;
  /** The host-side identity (pool name, dataset name, storage id). */
  id(inputs: I): string;
  /**
   * The input keys that make up `id`: a change to any of them names another object on the host,
   * so it is a replace (the old object is deleted under the data-safety rules), never an update.
   */
  readonly identity: readonly string[];
  /**
   * Input keys that hold secrets (passwords, tokens). The program marks them Pulumi secrets; the
   * adapter keeps only a salted digest of them in outputs, compares by digest, and redacts their
   * values from every plan, report and error. Their schemas must accept the `[secret]` placeholder.
   */
  readonly secretInputs?: readonly string[];
  /**
   * Input keys that only say where the provider finds a value (the file holding a secret): a
   * change of them alone is no change of the object (moving the config file updates nothing).
   * The value's own input (its fingerprint) still counts.
   */
  readonly locatorInputs?: readonly string[];
  /** How messages name the object, e.g. `ZfsPool "quickOS"`. */
  label(inputs: I): string;
  /** Read-only look at the host. */
  inspect(runner: Runner, inputs: I): Promise<Obs>;
  /**
   * The part of an observation kept in state: stable facts only (no usage counters), so that
   * refresh reports real drift, not churn. Defaults to the whole observation.
   */
  snapshot?(observed: Obs, desired: I): Obs;
  /**
   * True when the host will change without Phoenix acting (a driver waiting for a reboot): diff
   * then asks the host rather than trusting the stored observation, and a changed observation is
   * recorded by an update (with no steps when nothing else is due).
   */
  unsettled?(observed: Obs): boolean;
  /**
   * Keep an `applies` output: how many creates and updates ran commands on the object. Kept by
   * refresh, so it changes only when Phoenix changed the object; what must run again after any
   * such change (a container's health check after a repair restarted it) takes it as an input.
   */
  readonly countsApplies?: boolean;
  /** Whether the observation shows the object on the host (refresh drops it from state if not). */
  exists(observed: Obs): boolean;
  /** Desired vs observed (and the previously applied inputs) → steps or refusal. */
  plan(desired: I, observed: Obs, previous: I | undefined): Plan;
  /**
   * Inputs that cannot change in place. Returns the keys to replace, or a refusal when the
   * replacement would lose data the config did not allow to lose.
   */
  replacement?(olds: I, news: I, observed: Obs, destroyAllowed: boolean): { keys: string[] } | { refuse: string };
  /** Removing the object: steps, or a refusal when data would be lost and it is not allowed. */
  planDelete(inputs: I, observed: Obs, allowed: boolean): Plan;
  /** True when the config allows destroying this object's data. */
  allowsDestroy(inputs: I): boolean;
}

/** The stack-wide policy the adapter applies (from stack config, read at run time). */
export interface Policy {
  /** True when the stack config (`phoenix:allowDestroy`) allows destroying this object's data. */
  allowsDestroy(kind: string, id: string): boolean;
}
