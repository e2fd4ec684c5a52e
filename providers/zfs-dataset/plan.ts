// Pure planners for ZfsDataset. Drift is judged on locally-set values: a configured property must
// be `local` with an equal value; an equal value that is inherited/default/received is pinned
// with `zfs set` once, so the config (not an ancestor or a zfs default) is the local truth.
// See docs/decisions/0006-zfs-drift-and-safety.md.
import { step, type Step } from "../core/step";
import { formatBytes } from "../core/zfs-size";
import { listSome, planSteps, refuse, type Plan, type PlanRefusal, type PlanSteps } from "../core/plan";
import { comparableValue, PROPERTY_ALIASES, propertySpec, valuesEqual } from "./properties";
import type { ObservedProperty, ZfsDatasetInputs, ZfsDatasetObserved } from "./schema";

type Existing = Extract<ZfsDatasetObserved, { exists: true }>;

/** Steps plus the properties someone else set locally, which are left alone but shown in preview. */
export interface DatasetPlanSteps extends PlanSteps {
  readonly unmanagedLocal: ReadonlyArray<{ readonly property: string; readonly value: string }>;
}

export type ZfsDatasetPlan = DatasetPlanSteps | PlanRefusal;

const who = (ds: string): string => `ZfsDataset "${ds}"`;

/** Plans create/update: `zfs create -o …` when absent; else one `zfs set` per drifted property and `zfs inherit -S` per property no longer managed. */
export function planZfsDataset(desired: ZfsDatasetInputs, previousManagedKeys: readonly string[], observed: ZfsDatasetObserved): ZfsDatasetPlan {
  const ds = desired.fullName;
  const keys = Object.keys(desired.properties).sort();
  if (!observed.exists) {
    // No -p: parents are datasets of their own (or the pool), ordered by the dependency graph.
    const options = keys.flatMap((k) => ["-o", `${k}=${desired.properties[k]}`]);
    return { ...planSteps([step(`create dataset ${ds}`, ["zfs", "create", ...options, ds])]), unmanagedLocal: [] };
  }
  if (observed.type !== "filesystem") return refuse(`${who(ds)}: exists as a ${observed.type}, not a filesystem`);
  const steps: Step[] = [];
  for (const key of keys) {
    const outcome = planProperty(ds, key, desired.properties[key], observed);
    if (outcome !== null && "kind" in outcome) return outcome;
    if (outcome !== null) steps.push(outcome);
  }
  const previous = new Set(previousManagedKeys.map((k) => PROPERTY_ALIASES[k.toLowerCase()] ?? k));
  for (const key of [...previous].filter((k) => !(k in desired.properties)).sort()) {
    const have = observed.properties[key];
    if (have?.source !== "local" || propertySpec(key)?.when === "create") continue;
    // -S: plain `zfs inherit` refuses quota/reservation ("use 'zfs set quota=none'"); -S reverts
    // any property to its received value, else to the inherited or default one.
    steps.push(step(`stop managing ${key} on ${ds}: drop the local ${key}=${have.value}`, ["zfs", "inherit", "-S", key, ds]));
  }
  const unmanagedLocal = Object.entries(observed.properties)
    .filter(([name, p]) => p.source === "local" && !(name in desired.properties) && !previous.has(name))
    .map(([property, p]) => ({ property, value: p.value }))
    .sort((a, b) => a.property.localeCompare(b.property));
  return { ...planSteps(steps), unmanagedLocal };
}

function planProperty(ds: string, name: string, want: string, observed: Existing): Step | PlanRefusal | null {
  const have = observed.properties[name];
  const spec = propertySpec(name);
  if (have === undefined) {
    // A trimmed (stored) observation lists only local, creation-time and managed properties:
    // a native one missing there is reported by the host, just not set locally.
    const reported = observed.trimmed !== undefined && spec !== undefined && !observed.trimmed.unreported.includes(name);
    if (reported) return step(`set ${name}=${want} on ${ds} (not set locally)`, ["zfs", "set", `${name}=${want}`, ds]);
    if (spec !== undefined) return refuse(`${who(ds)}: the host's OpenZFS does not report property ${name}; it may be too old for it`);
    return step(`set ${name}=${want} on ${ds} (not set)`, ["zfs", "set", `${name}=${want}`, ds]);
  }
  const equal = valuesEqual(name, want, have.value);
  if (spec?.when === "create") {
    // Creation-time properties report source "-" and can never become local.
    if (equal) return null;
    return refuse(`${who(ds)}: ${name} is ${have.value} but the config says ${want}; it can only be chosen when the dataset is created`);
  }
  if (equal && have.source === "local") return null;
  const tooSmall = quotaBelowUsage(ds, name, want, observed);
  if (tooSmall) return tooSmall;
  const description = equal
    ? `pin ${name}=${want} locally on ${ds} (same value, but ${sourceText(have)})`
    : `set ${name}=${want} on ${ds} (was ${have.value}, ${sourceText(have)})`;
  return step(description, ["zfs", "set", `${name}=${want}`, ds]);
}

// zfs refuses a quota below what is already used ("size is less than current used or reserved
// space"); say so in preview instead of failing halfway through an apply.
function quotaBelowUsage(ds: string, name: string, want: string, observed: Existing): PlanRefusal | null {
  const usage = name === "quota" ? observed.properties.used : name === "refquota" ? observed.properties.referenced : undefined;
  if (usage === undefined) return null;
  const limit = BigInt(comparableValue(name, want));
  const used = BigInt(usage.value);
  if (limit === 0n || limit >= used) return null;
  return refuse(`${who(ds)}: ${name}=${want} is below the ${formatBytes(used)} it already uses; zfs would refuse it. Free space or raise the ${name}.`);
}

function sourceText(p: ObservedProperty): string {
  if (p.source === "inherited") return `inherited from ${p.inheritedFrom}`;
  if (p.source === "default") return "the default";
  return p.source === "none" ? "without a source" : p.source;
}

/** After apply: one message per configured property that is not set locally to the configured value. */
export function verifyDataset(desired: ZfsDatasetInputs, observedAfter: ZfsDatasetObserved): string[] {
  if (!observedAfter.exists) return [`${who(desired.fullName)}: dataset does not exist`];
  const problems: string[] = [];
  for (const [name, want] of Object.entries(desired.properties).sort(([a], [b]) => a.localeCompare(b))) {
    const have = observedAfter.properties[name];
    if (have === undefined) problems.push(`property ${name} is not reported, expected ${want}`);
    else if (!valuesEqual(name, want, have.value)) problems.push(`property ${name} is ${have.value}, expected ${want}`);
    else if (have.source !== "local" && propertySpec(name)?.when !== "create") {
      problems.push(`property ${name} is ${have.value} (${sourceText(have)}), expected it set locally`);
    }
  }
  return problems;
}

/** Plans delete: plain `zfs destroy` (never -r/-R) only when allowed and nothing lives below it; absent → no steps. */
export function planDestroyDataset(fullName: string, observed: ZfsDatasetObserved, allowDestroy: boolean): Plan {
  if (!observed.exists) return planSteps([]);
  const used = observed.properties.used?.value;
  const holds = used === undefined ? "" : ` (it uses ${formatBytes(BigInt(used))})`;
  const blockers: string[] = [];
  if (!allowDestroy) blockers.push("allowDestroy is false");
  // Unknown (a stored observation) is never taken for "none": delete always inspects live.
  if (observed.children === undefined || observed.snapshots === undefined) blockers.push("its child datasets and snapshots were not inspected");
  else {
    if (observed.children.length > 0) blockers.push(`it has child datasets ${listSome(observed.children)}`);
    if (observed.snapshots.length > 0) blockers.push(`it has snapshots ${listSome(observed.snapshots)}`);
  }
  if (blockers.length > 0) {
    const hint = blockers.length > (allowDestroy ? 0 : 1) ? " Children and snapshots are never destroyed implicitly (no -r/-R); remove them first." : "";
    return refuse(`${who(fullName)}: destroy refused${holds}: ${blockers.join("; ")}.${hint}`);
  }
  return planSteps([step(`destroy dataset ${fullName}${holds}`, ["zfs", "destroy", fullName], { destructive: true })]);
}
