// Runs a zod schema over parsed JSON and turns its issues into Problems.
// Schemas use strict objects, so an unknown key shows up as an `unrecognized_keys` issue. Those
// become warnings (the shipped files carry keys nobody reads, C.1); the keys are then removed
// and the document parsed again, because zod skips an object's refinements while any issue
// sits inside it, and the typed result must exist when unknown keys were the only problem.
import type { z } from "zod";
import type { JsonPath, ProblemSink } from "./problems";

type RawIssue = z.core.$ZodRawIssue;

const EXPECTED_NAMES: Record<string, string> = {
  int: "a whole number",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  record: "an object",
  null: "null",
};

/** Short, quoted rendering of a JSON value for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

function boundMessage(issue: RawIssue & { code: "too_small" | "too_big" }): string {
  const small = issue.code === "too_small";
  const bound = String(small ? issue.minimum : issue.maximum);
  if (issue.origin === "array") return small ? `must have at least ${bound} entries` : `must have at most ${bound} entries`;
  if (issue.origin === "string") return small ? "must not be empty" : `must be at most ${bound} characters`;
  const relation = small ? (issue.inclusive ? "at least" : "more than") : issue.inclusive ? "at most" : "less than";
  return `must be ${relation} ${bound}, got ${describeValue(issue.input)}`;
}

/** Our wording for zod's built-in issues; custom issues keep the message they were raised with. */
export function describeIssue(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "required key is missing";
      return `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case "too_small":
    case "too_big":
      return boundMessage(issue);
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(issue.input)}`;
    case "invalid_union":
      return `unexpected value ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
}

interface UnknownKey {
  readonly path: JsonPath;
}

function unknownKeys(issues: readonly z.core.$ZodIssue[]): UnknownKey[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys" ? issue.keys.map((key) => ({ path: [...issue.path, key] as JsonPath })) : [],
  );
}

// Deletes each unknown key from a copy of the input; the paths come from zod, so they exist.
function withoutKeys(input: unknown, keys: readonly UnknownKey[]): unknown {
  const copy = structuredClone(input);
  for (const { path } of keys) {
    let node = copy as Record<string | number, unknown>;
    for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
    delete node[path[path.length - 1]];
  }
  return copy;
}

// Record keys that fail their schema come back as one `invalid_key` issue wrapping the reason.
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_key" && issue.issues.length > 0) return issue.issues.map((i) => i.message).join("; ");
  return issue.message;
}

/** Outcome of a schema run: typed data when valid, and the input minus its unknown keys. */
export interface SchemaRun<T> {
  readonly data: T | undefined;
  /** The input with unknown keys removed; what section-level re-validation should look at. */
  readonly known: unknown;
}

/** Validates `input`; records unknown keys as warnings and other issues as errors. */
export function validateWithSchema<T extends z.ZodType>(schema: T, input: unknown, sink: ProblemSink): SchemaRun<z.output<T>> {
  let result = schema.safeParse(input, { error: describeIssue });
  const unknown = result.success ? [] : unknownKeys(result.error.issues);
  for (const { path } of unknown) sink.warn(path, "unknown key, ignored");
  const known = unknown.length > 0 ? withoutKeys(input, unknown) : input;
  if (unknown.length > 0) result = schema.safeParse(known, { error: describeIssue });
  if (result.success) return { data: result.data, known };
  for (const issue of result.error.issues) {
    if (issue.code !== "unrecognized_keys") sink.error(issue.path as JsonPath, issueMessage(issue));
  }
  return { data: undefined, known };
}

/**
 * The top-level sections of `known` that are valid on their own, typed. Lets the cross-object
 * checks run on the healthy parts of a file that has errors elsewhere, so one run reports both.
 */
export function validSections<S extends z.ZodObject>(schema: S, known: unknown): Partial<z.output<S>> {
  const out: Record<string, unknown> = {};
  if (typeof known !== "object" || known === null || Array.isArray(known)) return out as Partial<z.output<S>>;
  for (const [key, section] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const result = section.safeParse((known as Record<string, unknown>)[key]);
    if (result.success && result.data !== undefined) out[key] = result.data;
  }
  return out as Partial<z.output<S>>;
}
