// Reads a Pulumi stack file (Pulumi.<stack>.yaml) of the shape Pulumi writes for Phoenix: a few
// top-level `key: scalar` lines (encryptionsalt, secretsprovider) and a flat `config:` mapping of
// `namespace:key: scalar` (plain, quoted, or a `|` literal block for a multi-line value), where a
// secret is a nested `secure: <ciphertext>`. Anything else YAML can say (lists, folded scalars,
// flow collections, anchors, tags, several documents) is refused
// with its line number rather than guessed at: js-yaml is only a transitive dependency of
// @pulumi/pulumi, and a wrong guess here would send tests to the wrong host.

/** One config value: a plain string, or a value this reader does not decode (a secret, an object). */
export type StackValue = { readonly kind: "string"; readonly value: string } | { readonly kind: "secure" } | { readonly kind: "object" };

export type StackFileResult =
  | { readonly ok: true; readonly config: ReadonlyMap<string, StackValue> }
  | { readonly ok: false; readonly error: string };

// `key: rest`, where rest may be empty (a nested mapping follows). Keys may contain `:`
// (phoenix:host), so the separator is the last `: ` or a trailing `:`.
const ENTRY = /^(?<indent> *)(?<key>[A-Za-z0-9_.:-]*[A-Za-z0-9_.-]):(?: +(?<rest>.*))?$/;

interface Line {
  readonly no: number;
  readonly indent: number;
  readonly key: string;
  readonly rest: string;
  /** The value of a literal block scalar (`|`, `|-`, `|+`), already read from the lines below. */
  readonly block?: string;
}

/** Parses the stack file text; never throws. */
export function parseStackFile(text: string): StackFileResult {
  const lines: Line[] = [];
  const rows = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const no = i + 1;
    if (/^\s*(#.*)?$/.test(row)) continue;
    if (row.includes("\t") && /^\s*\t/.test(row)) return refuse(no, "a tab in the indentation");
    if (/^(---|\.\.\.)(\s|$)/.test(row)) {
      if (lines.length === 0 && row.startsWith("---")) continue; // an explicit start of the one document
      return refuse(no, "more than one YAML document");
    }
    const m = ENTRY.exec(row);
    if (!m?.groups) return refuse(no, "not a `key: value` line");
    const line = { no, indent: m.groups.indent.length, key: m.groups.key, rest: stripComment(m.groups.rest ?? "") };
    const chomp = /^\|(-?)$/.exec(line.rest);
    if (chomp === null) {
      if (/^[|>]/.test(line.rest)) return refuse(no, `the value of ${line.key} is a folded or indented block scalar`);
      lines.push(line);
      continue;
    }
    const block = readBlock(rows, i + 1, line.indent, chomp[1]);
    if ("error" in block) return refuse(block.no, block.error);
    lines.push({ ...line, block: block.value });
    i = block.next - 1;
  }
  return readTop(lines);
}

// A literal block scalar, as Pulumi (Go yaml) writes a multi-line value such as several host
// keys: the rows indented deeper than the key, de-indented by the first one's indentation.
// `|` keeps one final newline, `|-` none (`|+`, rare, is refused by the caller's pattern).
function readBlock(rows: readonly string[], from: number, keyIndent: number, chomp: string): { value: string; next: number } | { no: number; error: string } {
  let end = from;
  while (end < rows.length && (rows[end].trim() === "" || /^ */.exec(rows[end])![0].length > keyIndent)) end++;
  while (end > from && rows[end - 1].trim() === "") end--;
  if (end === from) return { no: from, error: "an empty block scalar" };
  const indent = /^ */.exec(rows[from])![0].length;
  const content: string[] = [];
  for (let k = from; k < end; k++) {
    if (rows[k].trim() !== "" && !rows[k].startsWith(" ".repeat(indent))) return { no: k + 1, error: "a block scalar line indented less than its first line" };
    content.push(rows[k].slice(indent));
  }
  return { value: content.join("\n") + (chomp === "-" ? "" : "\n"), next: end };
}

function refuse(no: number, what: string): { ok: false; error: string } {
  return { ok: false, error: `line ${no}: ${what}; only a flat \`config:\` mapping of scalar values (and \`secure:\` secrets) is read` };
}

// A ` #` starts a comment outside quotes.
function stripComment(rest: string): string {
  if (rest.startsWith('"') || rest.startsWith("'")) return rest;
  const at = rest.search(/(^|\s)#/);
  return (at === -1 ? rest : rest.slice(0, at)).trimEnd();
}

function readTop(lines: readonly Line[]): StackFileResult {
  const config = new Map<string, StackValue>();
  let seenConfig = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.indent !== 0) return refuse(line.no, "unexpected indentation");
    if (line.key !== "config") {
      // encryptionsalt, secretsprovider, encryptedkey: scalars Phoenix does not need.
      const scalar = line.block ?? decodeScalar(line.rest);
      if (scalar === undefined || line.rest === "") return refuse(line.no, `top-level key ${line.key} is not a scalar`);
      continue;
    }
    if (seenConfig) return refuse(line.no, "a second `config:`");
    seenConfig = true;
    if (line.rest !== "" && line.rest !== "{}") return refuse(line.no, "`config:` must be followed by indented entries");
    const body: Line[] = [];
    while (i + 1 < lines.length && lines[i + 1].indent > 0) body.push(lines[++i]);
    const read = readConfig(body, config);
    if (read !== undefined) return read;
  }
  return { ok: true, config };
}

function readConfig(body: readonly Line[], config: Map<string, StackValue>): StackFileResult | undefined {
  const indent = body[0]?.indent;
  for (let i = 0; i < body.length; i++) {
    const line = body[i];
    if (line.indent !== indent) return refuse(line.no, "unexpected indentation");
    if (config.has(line.key)) return refuse(line.no, `duplicate key ${line.key}`);
    if (line.rest !== "") {
      const value = line.block ?? decodeScalar(line.rest);
      if (value === undefined) return refuse(line.no, `the value of ${line.key} is not a plain or quoted scalar`);
      config.set(line.key, { kind: "string", value });
      continue;
    }
    // A nested mapping: a `secure:` secret, or an object value; neither is decoded here.
    const nested: Line[] = [];
    while (i + 1 < body.length && body[i + 1].indent > line.indent) nested.push(body[++i]);
    if (nested.length === 0) return refuse(line.no, `${line.key} has no value`);
    const secure = nested.length === 1 && nested[0].key === "secure";
    config.set(line.key, secure ? { kind: "secure" } : { kind: "object" });
  }
  return undefined;
}

/** A YAML scalar as Pulumi writes them: plain, "double-quoted" (JSON escapes) or 'single-quoted'. */
export function decodeScalar(text: string): string | undefined {
  if (text.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === "string" ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (text.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'$/.exec(text);
    return m ? m[1].replace(/''/g, "'") : undefined;
  }
  // Indicators that start something other than a plain scalar.
  if (/^[[\]{}|>&*!%@`]/.test(text) || /^- /.test(text) || text === "-") return undefined;
  if (/:\s|\s#/.test(text)) return undefined;
  return text;
}
