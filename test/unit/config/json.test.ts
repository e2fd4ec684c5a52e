import { describe, expect, it } from "vitest";
import { lineColumn, MAX_JSON_DEPTH, readJson } from "../../../config/json";

describe("readJson", () => {
  it("reads what JSON.parse reads", () => {
    const text = '{"a": [1, -2.5e3, true, false, null], "b": {"c": "x\\n\\u00e9\\"/"}, "d": ""}';
    expect(readJson(text)).toEqual({ ok: true, value: JSON.parse(text), duplicates: [] });
  });

  it("keeps a key named __proto__ as an ordinary key", () => {
    const result = readJson('{"__proto__": {"polluted": true}}');
    expect(result.ok && Object.keys(result.value as object)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports every duplicate key with its path, and keeps the last value like JSON.parse", () => {
    const result = readJson('{"lxc_configs": {"950": {"a": 1}, "950": {"a": 2}}, "x": [{"k": 1, "k": 2}]}');
    expect(result).toEqual({
      ok: true,
      value: { lxc_configs: { "950": { a: 2 } }, x: [{ k: 2 }] },
      duplicates: [{ path: ["lxc_configs", "950"] }, { path: ["x", 0, "k"] }],
    });
  });

  it("ignores a UTF-8 byte-order mark", () => {
    expect(readJson('\uFEFF{"a": 1}')).toMatchObject({ ok: true, value: { a: 1 } });
  });

  it.each([
    ["", 1, 1, "the file is empty (expected a JSON object)"],
    ["  \n ", 2, 2, "the file is empty (expected a JSON object)"],
    ['{\n  "a": 1,\n}', 3, 1, 'expected a property name in double quotes, found "}"'],
    ['{\n  "a" 1\n}', 2, 7, 'expected ":" after a property name, found "1"'],
    ['{"a": [1 2]}', 1, 10, 'expected "," or "]" after an array element, found "2"'],
    ['{"a": 1 "b": 2}', 1, 9, 'expected "," or "}" after a property value, found "\""'],
    ["{'a': 1}", 1, 2, "expected a property name in double quotes, found \"'\""],
    ['{"a": tru}', 1, 7, 'expected a JSON value, found "t"'],
    ['{"a": 01}', 1, 8, 'expected "," or "}" after a property value, found "1"'],
    ['{"a": -}', 1, 7, 'invalid number, found "-"'],
    ['{"a": 1e999}', 1, 7, "number 1e999 is too large"],
    ['{"a": "x', 1, 7, "unterminated string"],
    ['{"a": "x\ty"}', 1, 9, "control character U+0009 inside a string (escape it)"],
    ['{"a": "\\x"}', 1, 8, 'invalid escape "\\x"'],
    ['{"a": "\\u12"}', 1, 8, "invalid \\u escape (needs 4 hex digits)"],
    ['{"a": 1} x', 1, 10, 'unexpected "x" after the JSON value'],
    ["\u0000", 1, 1, "expected a JSON value, found control character U+0000"],
    ['{"a": 1', 1, 8, 'expected "," or "}" after a property value, found end of input'],
  ])("reports %j at line %i, column %i", (text, line, column, message) => {
    expect(readJson(text)).toEqual({ ok: false, line, column, message });
  });

  it("refuses nesting deeper than the limit instead of overflowing the stack", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(readJson(deep)).toEqual({ ok: false, line: 1, column: MAX_JSON_DEPTH + 2, message: `nesting is deeper than ${MAX_JSON_DEPTH} levels` });
    const fine = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
    expect(readJson(fine).ok).toBe(true);
  });
});

describe("lineColumn", () => {
  it("counts lines and columns from 1", () => {
    expect(lineColumn("ab\ncd\nef", 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn("ab\ncd\nef", 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn("ab\ncd\nef", 6)).toEqual({ line: 3, column: 1 });
  });
});
