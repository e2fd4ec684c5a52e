import { describe, expect, it } from "vitest";
import { formatPath, formatProblems, partitionProblems, type Problem } from "../../../config/problems";

describe("formatPath", () => {
  it.each([
    [[], "$"],
    [["zfs", "pools", 0, "raid_level"], "$.zfs.pools[0].raid_level"],
    [["lxc_configs", "950", "vllm_quantization"], '$.lxc_configs["950"].vllm_quantization'],
    [["shared_volumes", "ssl certs"], '$.shared_volumes["ssl certs"]'],
    [["$schema"], "$.$schema"],
    [["a\"b"], '$["a\\"b"]'],
  ] as const)("renders %j as %s", (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

const problem = (severity: Problem["severity"], message: string): Problem => ({ file: "phoenix_hypervisor_config.json", path: "$.zfs.pools[1].raid_level", message, severity });

describe("formatProblems", () => {
  it("prints one aligned line per problem", () => {
    expect(formatProblems([problem("error", 'unknown raid level "raid5"'), problem("warning", "looks odd")])).toBe(
      'error  phoenix_hypervisor_config.json $.zfs.pools[1].raid_level: unknown raid level "raid5"\n' +
        "warning phoenix_hypervisor_config.json $.zfs.pools[1].raid_level: looks odd",
    );
  });

  it("keeps each problem on one line and escapes control characters", () => {
    expect(formatProblems([problem("error", "first\n  second \u001b[31mred\u0000")])).toBe(
      "error  phoenix_hypervisor_config.json $.zfs.pools[1].raid_level: first second \\u001b[31mred\\u0000",
    );
  });
});

describe("formatProblems on characters that would not show", () => {
  it.each([
    ["a lone high surrogate", 'invalid host name "a\uD800b"', 'invalid host name "a\\ud800b"'],
    ["a lone low surrogate", 'name "\uDC00"', 'name "\\udc00"'],
    ["a high surrogate at the end", 'name "x\uDBFF"', 'name "x\\udbff"'],
    ["zero-width and bidi characters", 'name "a\u200Bb\u202Ec\u2066"', 'name "a\\u200bb\\u202ec\\u2066"'],
    ["a byte-order mark", 'name "\uFEFFx"', 'name "\\ufeffx"'],
    ["a valid surrogate pair, which stays", 'name "\uD83D\uDE00"', 'name "\uD83D\uDE00"'],
  ])("escapes %s", (_name, message, shown) => {
    expect(formatProblems([problem("error", message)])).toBe(`error  phoenix_hypervisor_config.json $.zfs.pools[1].raid_level: ${shown}`);
  });
});

describe("partitionProblems", () => {
  it("splits errors from warnings and keeps their order", () => {
    const [a, b, c] = [problem("error", "a"), problem("warning", "b"), problem("error", "c")];
    expect(partitionProblems([a, b, c])).toEqual({ errors: [a, c], warnings: [b] });
  });
});
