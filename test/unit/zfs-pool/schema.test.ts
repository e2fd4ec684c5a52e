import { describe, expect, it } from "vitest";
import { diskPathProblem, poolNameProblem, ZfsPoolInputsSchema } from "../../../providers/zfs-pool/schema";

const D = (n: number) => Array.from({ length: n }, (_, i) => `/dev/disk/by-id/nvme-disk${i}`);

describe("poolNameProblem", () => {
  it.each(["quickOS", "fastData", "tank", "t", "pool_1.a:b-c", "tankmirror"])("accepts %s", (name) => {
    expect(poolNameProblem(name)).toBeNull();
  });

  it.each([
    ["1tank", /start with a letter/],
    ["_tank", /start with a letter/],
    ["my pool", /may only contain/],
    ["tank/data", /may only contain/],
    ["tank@snap", /may only contain/],
    ["mirror", /reserved/],
    ["mirror2", /reserved/],
    ["raidz", /reserved/],
    ["raidz1data", /reserved/],
    ["draid", /reserved/],
    ["spare", /reserved/],
    ["log", /reserved/],
    ["cache", /reserved/],
    ["special", /reserved/],
    ["dedup", /reserved/],
    ["c0t0d0", /disk name/],
    ["a".repeat(256), /at most 255/],
  ])("rejects %s", (name, why) => {
    expect(poolNameProblem(name)).toMatch(why);
  });
});

describe("diskPathProblem", () => {
  it.each(["/dev/disk/by-id/nvme-x", "/dev/sda", "/var/lib/lab/d0.img"])("accepts %s", (p) => {
    expect(diskPathProblem(p)).toBeNull();
  });
  it.each(["sda", "dev/sda", "/dev/disk/by-id/", "/dev//sda", "/dev/../sda", "/dev/sd a"])("rejects %j", (p) => {
    expect(diskPathProblem(p)).not.toBeNull();
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
      ["name", 'pool name "9" must start with a letter'],
      ["disks.2", 'disk "sdb" must be an absolute path such as /dev/disk/by-id/...'],
      ["disks.1", 'disk "/dev/sda" is listed twice'],
    ]);
  });

  it("rejects duplicates once the paths are valid", () => {
    const result = ZfsPoolInputsSchema.safeParse({ name: "tank", raidLevel: "mirror", disks: ["/dev/sda", "/dev/sda"] });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["disks.1", 'disk "/dev/sda" is listed twice']]);
  });
});
