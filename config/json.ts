// A strict RFC 8259 JSON reader. JSON.parse is not enough for config files:
// - Node 20's messages often carry no position, and users need `line:column`;
// - it silently keeps the last of two equal keys (jq does the same), which hides a typo'd
//   duplicate container or pool; here every duplicate key is reported with its path;
// - it overflows the stack on absurdly deep input; here nesting is capped.
import type { JsonPath } from "./problems";

/** Deeper nesting than this is refused; real config files nest about 5 levels. */
export const MAX_JSON_DEPTH = 100;

/** A key that appears twice in one object; the last value wins, as with JSON.parse. */
export interface DuplicateKey {
  readonly path: JsonPath;
}

/** Result of reading one JSON text. */
export type JsonReadResult =
  | { ok: true; value: unknown; duplicates: DuplicateKey[] }
  | { ok: false; line: number; column: number; message: string };

class JsonSyntaxError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const LITERALS: [string, unknown][] = [["true", true], ["false", false], ["null", null]];

class Reader {
  pos = 0;
  readonly duplicates: DuplicateKey[] = [];

  constructor(private readonly text: string) {}

  fail(message: string, offset = this.pos): never {
    throw new JsonSyntaxError(offset, message);
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.has(this.text[this.pos])) this.pos++;
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return "end of input";
    const code = this.text.charCodeAt(this.pos);
    return code < 0x20 || code === 0x7f ? `control character U+${code.toString(16).padStart(4, "0")}` : `"${this.text[this.pos]}"`;
  }

  consume(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  expect(char: string, context: string): void {
    this.skipWhitespace();
    if (this.text[this.pos] !== char) this.fail(`expected "${char}" ${context}, found ${this.describeHere()}`);
    this.pos++;
  }

  value(path: JsonPath, depth: number): unknown {
    this.skipWhitespace();
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting is deeper than ${MAX_JSON_DEPTH} levels`);
    const c = this.text[this.pos];
    if (c === "{") return this.object(path, depth);
    if (c === "[") return this.array(path, depth);
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, literal] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return literal;
      }
    }
    return this.fail(`expected a JSON value, found ${this.describeHere()}`);
  }

  object(path: JsonPath, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.pos++;
    this.skipWhitespace();
    if (this.consume("}")) return out;
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail(`expected a property name in double quotes, found ${this.describeHere()}`);
      const key = this.string();
      if (seen.has(key)) this.duplicates.push({ path: [...path, key] });
      seen.add(key);
      this.expect(":", "after a property name");
      // defineProperty, not assignment: a key named "__proto__" must stay an ordinary key.
      Object.defineProperty(out, key, { value: this.value([...path, key], depth + 1), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.consume("}")) return out;
      this.expect(",", "or \"}\" after a property value");
    }
  }

  array(path: JsonPath, depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.consume("]")) return out;
    for (;;) {
      out.push(this.value([...path, out.length], depth + 1));
      this.skipWhitespace();
      if (this.consume("]")) return out;
      this.expect(",", "or \"]\" after an array element");
    }
  }

  string(): string {
    const start = this.pos++;
    let out = "";
    for (;;) {
      if (this.pos >= this.text.length) this.fail("unterminated string", start);
      const c = this.text[this.pos];
      if (this.consume('"')) return out;
      if (c.charCodeAt(0) < 0x20) this.fail(`${this.describeHere()} inside a string (escape it)`);
      if (c === "\\") out += this.escape();
      else {
        out += c;
        this.pos++;
      }
    }
  }

  escape(): string {
    const c = this.text[this.pos + 1];
    if (c === "u") {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid \\u escape (needs 4 hex digits)");
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (c === undefined || !(c in ESCAPES)) this.fail(`invalid escape "\\${c ?? ""}"`);
    this.pos += 2;
    return ESCAPES[c];
  }

  number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(`invalid number, found ${this.describeHere()}`);
    const value = Number(match[0]);
    if (!Number.isFinite(value)) this.fail(`number ${match[0].slice(0, 40)} is too large`);
    this.pos += match[0].length;
    return value;
  }
}

/** 1-based line and column (in UTF-16 units) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

/** Parses JSON text strictly; never throws. A leading UTF-8 byte-order mark is ignored. */
export function readJson(text: string): JsonReadResult {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const reader = new Reader(body);
  try {
    reader.skipWhitespace();
    if (reader.pos >= body.length) reader.fail("the file is empty (expected a JSON object)");
    const value = reader.value([], 0);
    reader.skipWhitespace();
    if (reader.pos < body.length) reader.fail(`unexpected ${reader.describeHere()} after the JSON value`);
    return { ok: true, value, duplicates: reader.duplicates };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    return { ok: false, ...lineColumn(body, err.offset), message: err.message };
  }
}
