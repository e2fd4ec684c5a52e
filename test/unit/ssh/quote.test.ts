import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { argvToShell, quote, sh } from "../../../providers/ssh/quote";
import { HOSTILE } from "./hostile-strings";


// Round trip through a real POSIX shell: each argument must arrive as exactly one word.
function throughShell(command: string): string[] {
  const result = spawnSync("/bin/sh", ["-c", command], { encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split("\0").slice(0, -1);
}

describe("quote", () => {
  it.each([
    ["plain", "plain"],
    ["tank/vm-disks", "tank/vm-disks"],
    ["compression=lz4", "compression=lz4"],
    ["user@host:22", "user@host:22"],
    ["-rf", "-rf"],
    ["", "''"],
    ["a b", "'a b'"],
    ["it's", "'it'\\''s'"],
    ["$(id)", "'$(id)'"],
    ["`id`", "'`id`'"],
    ["*", "'*'"],
    ["~root", "'~root'"],
    ["line1\nline2", "'line1\nline2'"],
    ["ünï", "'ünï'"],
  ])("quotes %j as %s", (input, expected) => {
    expect(quote(input)).toBe(expected);
  });

  it("refuses NUL bytes, which no shell argument can carry", () => {
    expect(() => quote("a\0b")).toThrow("an argument cannot contain a NUL byte");
  });

  it("refuses non-strings instead of stringifying them", () => {
    expect(() => quote(42 as unknown as string)).toThrow(TypeError);
  });

  it.each(HOSTILE.map((s) => [s]))("round-trips %j through /bin/sh as one argument", (value) => {
    expect(throughShell(`printf '%s\\0' ${quote(value)}`)).toEqual([value]);
  });
});

describe("argvToShell", () => {
  it("joins argv with each element quoted as one word", () => {
    expect(argvToShell(["zfs", "set", "comment=a b", "tank/data"])).toBe("zfs set 'comment=a b' tank/data");
  });

  it("refuses an empty argv", () => {
    expect(() => argvToShell([])).toThrow("an empty argv is not a command");
  });

  it("round-trips every hostile string at once, in order", () => {
    expect(throughShell(argvToShell(["printf", "%s\\0", ...HOSTILE]))).toEqual(HOSTILE);
  });

  it("round-trips through sh -c with positional parameters", () => {
    const script = `printf '%s\\0' "$@"`;
    expect(throughShell(argvToShell(["sh", "-c", script, "sh", ...HOSTILE]))).toEqual(HOSTILE);
  });
});

describe("sh", () => {
  it("quotes each interpolated value and keeps literal text as code", () => {
    const prop = "compression";
    const dataset = "tank/my data";
    expect(sh`zfs get -H -p -o value ${prop} ${dataset}`).toBe("zfs get -H -p -o value compression 'tank/my data'");
  });

  it("expands arrays into several quoted words and stringifies numbers", () => {
    expect(sh`pct set ${101} ${["--hostname", "a b"]}`).toBe("pct set 101 --hostname 'a b'");
  });

  it("round-trips hostile values through /bin/sh", () => {
    expect(throughShell(sh`printf '%s\\0' ${HOSTILE}`)).toEqual(HOSTILE);
  });
});
