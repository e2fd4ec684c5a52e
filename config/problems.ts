// Every finding about a config file is a Problem: which file, where in it (a JSONPath-like
// string such as `$.zfs.pools[0].raid_level`), what is wrong, and whether it blocks a run.

/** Errors stop a run; warnings are printed and the run continues. */
export type Severity = "error" | "warning";

/** One finding about one place in one config file. */
export interface Problem {
  /** File name as shown to the user (the base name, e.g. `phoenix_hypervisor_config.json`). */
  readonly file: string;
  /** `$` for the whole document, `$.a.b[0]["key with-dash"]` for a place inside it. */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

/** A path inside a JSON document, as object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Renders a path the way users read it: `$.lxc_configs["950"].vllm_quantization`. */
export function formatPath(path: JsonPath): string {
  let out = "$";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Collects problems for one file; checks call `error`/`warn` with a path array. */
export class ProblemSink {
  readonly problems: Problem[] = [];

  constructor(readonly file: string) {}

  /** Records a blocking problem at `path`. */
  error(path: JsonPath, message: string): void {
    this.problems.push({ file: this.file, path: formatPath(path), message, severity: "error" });
  }

  /** Records a non-blocking problem at `path`. */
  warn(path: JsonPath, message: string): void {
    this.problems.push({ file: this.file, path: formatPath(path), message, severity: "warning" });
  }
}

/** Splits a list into errors and warnings, keeping their order. */
export function partitionProblems(problems: readonly Problem[]): { errors: Problem[]; warnings: Problem[] } {
  return {
    errors: problems.filter((p) => p.severity === "error"),
    warnings: problems.filter((p) => p.severity === "warning"),
  };
}

// Messages quote values from the files, which may hold anything; newlines would break the
// one-line-per-problem format and escape sequences could rewrite the user's terminal. Characters
// that would show as nothing or as something else are escaped too: a lone UTF-16 surrogate
// (no character at all; terminals print an empty box or U+FFFD), zero-width and bidirectional
// formatting characters (they hide or reorder the text around them), and the byte-order mark.
const INVISIBLE = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every control, invisible or unpaired-surrogate code unit written as \\uXXXX. */
export function printable(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One line per problem: `error  <file> <path>: <message>`, control characters escaped. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => printable(`${p.severity.padEnd(6)} ${p.file} ${p.path}: ${p.message}`)).join("\n");
}
