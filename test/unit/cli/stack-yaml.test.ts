import { describe, expect, it } from "vitest";
import { decodeScalar, parseStackFile } from "../../../cli/stack-yaml";

const values = (text: string) => {
  const r = parseStackFile(text);
  if (!r.ok) throw new Error(r.error);
  return Object.fromEntries([...r.config].map(([k, v]) => [k, v.kind === "string" ? v.value : `<${v.kind}>`]));
};

describe("parseStackFile", () => {
  it("reads the shipped example stack's shape: comments, plain and quoted values", () => {
    const text = "# comment\nconfig:\n  phoenix:host: 127.0.0.10\n  phoenix:port: \"22\"\n  phoenix:featureDirs: lab/features # trailing comment\n";
    expect(values(text)).toEqual({ "phoenix:host": "127.0.0.10", "phoenix:port": "22", "phoenix:featureDirs": "lab/features" });
  });

  it("reads what `pulumi config set` writes: salt, secrets (not decoded), JSON-quoted values, objects", () => {
    const text = [
      "encryptionsalt: v1:c2FsdA==:v1:AAAA:BBBB",
      "secretsprovider: passphrase",
      "config:",
      "  phoenix:hostKey: \"ssh-ed25519 AAAAC3Nz lab\"",
      "  phoenix:sambaPassword:",
      "    secure: v1:AAAA:BBBB",
      "  phoenix:nested:",
      "    a: b",
      "    c: d",
      "  phoenix:quote: 'it''s'",
      "  phoenix:escaped: \"tab\\there\"",
      "",
    ].join("\r\n");
    expect(values(text)).toEqual({
      "phoenix:hostKey": "ssh-ed25519 AAAAC3Nz lab",
      "phoenix:sambaPassword": "<secure>",
      "phoenix:nested": "<object>",
      "phoenix:quote": "it's",
      "phoenix:escaped": "tab\there",
    });
  });

  it("reads literal block scalars, as Pulumi writes a multi-line value", () => {
    const text = [
      "config:",
      "  phoenix:hostKey: |",
      "    ssh-ed25519 AAAAC3Nz one",
      "",
      "    # not a comment inside a block",
      "    ssh-rsa AAAAB3Nz two",
      "",
      "  phoenix:stripped: |-",
      "    a: b",
      "  phoenix:host: h",
    ].join("\n");
    expect(values(text)).toEqual({
      "phoenix:hostKey": "ssh-ed25519 AAAAC3Nz one\n\n# not a comment inside a block\nssh-rsa AAAAB3Nz two\n",
      "phoenix:stripped": "a: b",
      "phoenix:host": "h",
    });
  });

  it("reads an empty config and a leading document marker", () => {
    expect(values("---\nconfig: {}\n")).toEqual({});
    expect(values("")).toEqual({});
  });

  it.each([
    ["config:\n  phoenix:list:\n    - a\n", /line 3: not a `key: value` line/],
    ["config:\n  phoenix:host: [a, b]\n", /line 2: the value of phoenix:host is not a plain or quoted scalar/],
    ["config:\n  phoenix:host: {a: b}\n", /line 2/],
    ["config:\n  phoenix:script: >\n    folded\n", /line 2/],
    ["config:\n  phoenix:script: |+\n    kept\n", /line 2/],
    ["config:\n  phoenix:script: |2\n    indented\n", /line 2/],
    ["config:\n  phoenix:script: |\n      deeper\n    less\n", /line 4: a block scalar line indented less than its first line/],
    ["config:\n  phoenix:script: |\n  phoenix:host: a\n", /line 2: an empty block scalar/],
    ["config:\n  phoenix:host: &anchor a\n", /line 2/],
    ["config:\n  phoenix:host: *anchor\n", /line 2/],
    ["config:\n  phoenix:host: !!str a\n", /line 2/],
    ["config:\n  phoenix:host: \"unterminated\n", /line 2/],
    ["config:\n  phoenix:host: a: b\n", /line 2/],
    ["config:\n  phoenix:host: a\n  phoenix:host: b\n", /line 3: duplicate key phoenix:host/],
    ["config:\n  phoenix:host: a\n    phoenix:port: 22\n", /line 3: unexpected indentation/],
    ["config:\n  phoenix:host: a\n---\nconfig:\n", /line 3: more than one YAML document/],
    ["config:\n  phoenix:host: a\nconfig:\n  phoenix:port: 1\n", /line 3: a second `config:`/],
    ["config:\n\tphoenix:host: a\n", /line 2: a tab/],
    ["  config:\n", /line 1: unexpected indentation/],
    ["config: phoenix\n", /line 1: `config:` must be followed/],
    ["config:\n  phoenix:empty:\n", /line 2: phoenix:empty has no value/],
    ["name: [x]\nconfig:\n", /line 1: top-level key name is not a scalar/],
  ])("refuses %j", (text, error) => {
    const r = parseStackFile(text);
    expect(r.ok).toBe(false);
    expect((r as { error: string }).error).toMatch(error);
    expect((r as { error: string }).error).toMatch(/only a flat `config:` mapping/);
  });
});

describe("decodeScalar", () => {
  it.each([
    ["plain", "plain"],
    ["v1:abc=", "v1:abc="],
    ['"a \\"b\\""', 'a "b"'],
    ["'a ''b'''", "a 'b'"],
    ["''", ""],
    ["- a", undefined],
    ["'open", undefined],
    ['"\\x41"', undefined],
    ["%TAG", undefined],
  ])("%j → %j", (text, expected) => expect(decodeScalar(text)).toBe(expected));
});
