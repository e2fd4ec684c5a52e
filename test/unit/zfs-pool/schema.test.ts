import { describe, expect, it } from "vitest";
import { absolutePathProblem } from "../../../providers/core/names";
import { diskPathProblem, poolNameProblem, ZfsPoolInputsSchema } from "../../../providers/zfs-pool/schema";
import { describeProblems } from "../problem-table";

const D = (n: number) => Array.from({ length: n }, (_, i) => `/dev/disk/by-id/nvme-disk${i}`);

const RESERVED = "is reserved (zpool create treats mirror*, raidz*, draid*, spare*, log, cache, special and dedup as keywords)";
const badChar = (c: string, name: string) => `invalid character ${c} in pool name "${name}" (allowed: letters, digits, _ . : -)`;

describeProblems(
  "poolNameProblem",
  poolNameProblem,
  ["quickOS", "fastData", "tank", "t", "a", "pool_1.a:b-c", "p.o_o:l-1", "tankmirror", "logs", "Spare", "x".repeat(239)],
  [
    ["", "pool name is empty"],
    ...["1tank", "1pool", "_tank", "_pool"].map((n): [string, string] => [n, `pool name "${n}" must begin with a letter`]),
    ["my pool", badChar('" "', "my pool")],
    ["tank/data", badChar('"/"', "tank/data")],
    ["a/b", badChar('"/"', "a/b")],
    ["tank@snap", badChar('"@"', "tank@snap")],
    ["tank%", badChar('"%"', "tank%")],
    ["tab\tx", badChar("U+0009", "tab\tx")],
    ...["mirror", "mirror2", "raidz", "raidz1data", "raidz2pool", "draid", "spare", "spare1", "log", "cache", "special", "dedup"].map(
      (n): [string, string] => [n, `pool name "${n}" ${RESERVED}`],
    ),
    ["c0t0d0", 'pool name "c0t0d0" is reserved (names starting with c[0-9] look like Solaris disk names)'],
    ["x".repeat(240), "pool name is longer than 239 characters"],
    ["a".repeat(256), "pool name is longer than 239 characters"],
  ],
);

describe("diskPathProblem", () => {
  it.each(["/dev/disk/by-id/nvme-x", "/dev/sda", "/var/lib/lab/d0.img"])("accepts %s", (p) => {
    expect(diskPathProblem(p)).toBeUndefined();
  });

  // A disk is a clean absolute path (test/unit/core/names.test.ts pins those messages) ...
  it.each(["sda", "dev/sda", "/dev/disk/by-id/", "/dev//sda", "/dev/../sda", "/dev/sd a"])("rejects %j as absolutePathProblem does", (p) => {
    expect(diskPathProblem(p)).toBeDefined();
    expect(diskPathProblem(p)).toBe(absolutePathProblem(p));
  });

  // ... and never the root directory, which is a clean absolute path.
  it("rejects the root directory", () => {
    expect(diskPathProblem("/")).toBe('path "/" is not a disk');
  });
});

describe("ZfsPoolInputsSchema", () => {
  it("fills the safe defaults", () => {
    expect(ZfsPoolInputsSchema.parse({ name: "fastData", raidLevel: "single", disks: D(1) })).toEqual({
      name: "fastData",
      raidLevel: "single",
      disks: D(1),
      autotrim: true,
      allowWipe: false,
      allowDestroy: false,
    });
  });

  it.each([
    ["mirror", 2],
    ["raidz1", 2],
    ["raidz2", 3],
    ["raidz3", 4],
    ["single", 1],
    ["stripe", 2],
  ])("accepts %s with its minimum of %i disks", (raidLevel, n) => {
    expect(ZfsPoolInputsSchema.safeParse({ name: "tank", raidLevel, disks: D(n) }).success).toBe(true);
  });

  it.each([
    ["mirror", 1, "raidLevel mirror needs at least 2 disks, got 1"],
    ["raidz1", 1, "raidLevel raidz1 needs at least 2 disks, got 1"],
    ["raidz2", 2, "raidLevel raidz2 needs at least 3 disks, got 2"],
    ["raidz3", 3, "raidLevel raidz3 needs at least 4 disks, got 3"],
    ["single", 2, "raidLevel single needs exactly 1 disk, got 2"],
    ["stripe", 1, "raidLevel stripe needs at least 2 disks, got 1"],
  ])("rejects %s with %i disks", (raidLevel, n, message) => {
    const result = ZfsPoolInputsSchema.safeParse({ name: "tank", raidLevel, disks: D(n) });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["disks", message]]);
  });

  it("rejects unknown raid levels instead of silently striping (original bug C.7)", () => {
    const result = ZfsPoolInputsSchema.safeParse({ name: "tank", raidLevel: "RAIDZ1", disks: D(2) });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["raidLevel"]);
  });

  it("reports every problem at once, naming the pool and the disks", () => {
    const result = ZfsPoolInputsSchema.safeParse({ name: "9", raidLevel: "mirror", disks: ["/dev/sda", "/dev/sda", "sdb"] });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["name", 'pool name "9" must begin with a letter'],
      ["disks.2", 'path "sdb" is not absolute'],
      ["disks.1", 'disk "/dev/sda" is listed twice'],
    ]);
  });

  it("rejects duplicates once the paths are valid", () => {
    const result = ZfsPoolInputsSchema.safeParse({ name: "tank", raidLevel: "mirror", disks: ["/dev/sda", "/dev/sda"] });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["disks.1", 'disk "/dev/sda" is listed twice']]);
  });
});
