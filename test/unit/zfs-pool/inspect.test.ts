import { describe, expect, it } from "vitest";
import { renderStep, step } from "../../../providers/core/step";
import {
  blkidCommand,
  describeProbe,
  importSearchArgs,
  isNoPoolsToImport,
  isPoolMissing,
  observePresentPool,
  parseBlkid,
  parseZpoolGet,
  parseZpoolImport,
  parseZpoolList,
  poolContentsCommand,
  zpoolGetAutotrimCommand,
  zpoolImportListCommand,
  zpoolListCommand,
  zpoolStatusCommand,
} from "../../../providers/zfs-pool/inspect";
import { fixture } from "./fixtures";

const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });
const NVME4 = "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y";

describe("pool inspection commands", () => {
  it.each([
    [zpoolListCommand("quickOS"), "zpool list -H -p -o name,size,alloc,free,health quickOS"],
    [zpoolStatusCommand("quickOS"), "zpool status -P quickOS"],
    [zpoolGetAutotrimCommand("quickOS"), "zpool get -H -p -o name,property,value,source autotrim quickOS"],
    [poolContentsCommand("quickOS"), "zfs list -H -p -o name -t filesystem,volume,snapshot -r quickOS"],
    [zpoolImportListCommand([NVME4]), "zpool import -d /dev/disk/by-id"],
    [zpoolImportListCommand(["/srv/lab/d0.img", "/srv/lab/d1.img", "/dev/disk/by-id/x"]), "zpool import -d /srv/lab -d /dev/disk/by-id"],
    [blkidCommand(NVME4), `blkid -p -o export ${NVME4}`],
  ])("renders %j exactly", (argv, text) => {
    expect(renderStep(step("inspect", argv))).toBe(text);
  });

  it("searches / for a disk that sits at the root", () => {
    expect(importSearchArgs(["/d0.img"])).toEqual(["-d", "/"]);
  });
});

describe("result classifiers", () => {
  it("recognises an absent pool", () => {
    expect(isPoolMissing({ code: 1, stdout: "", stderr: "cannot open 'quickOS': no such pool\n" })).toBe(true);
    expect(isPoolMissing({ code: 1, stdout: "", stderr: "permission denied\n" })).toBe(false);
    expect(isPoolMissing(ok("quickOS\t1\t1\t1\tONLINE\n"))).toBe(false);
  });

  it("recognises an empty import listing", () => {
    expect(isNoPoolsToImport({ code: 1, stdout: "", stderr: "no pools available to import\n" })).toBe(true);
    expect(isNoPoolsToImport({ code: 1, stdout: "", stderr: "cannot discover pools: permission denied\n" })).toBe(false);
  });
});

describe("parseZpoolList", () => {
  it("reads bytes and health from the tab-separated line", () => {
    expect(parseZpoolList(fixture("zpool-list-quickos.txt"))).toEqual({
      name: "quickOS",
      sizeBytes: 1992864825344,
      allocBytes: 412316860416,
      freeBytes: 1580547964928,
      health: "ONLINE",
    });
  });

  it("rejects output that is not five columns", () => {
    expect(() => parseZpoolList("quickOS  1.81T  384G  1.44T  ONLINE\n")).toThrow(/unexpected zpool list/);
  });
});

describe("parseZpoolGet", () => {
  it("reads value and source", () => {
    expect(parseZpoolGet(fixture("zpool-get-autotrim.txt"))).toEqual({ autotrim: { value: "off", source: "default" } });
  });
});

describe("parseZpoolImport", () => {
  it("reads each pool block: name, id, state, whether it imports and whether it needs -f", () => {
    const pools = parseZpoolImport(fixture("zpool-import-list.txt"));
    expect(pools.map(({ tree, ...rest }) => rest)).toEqual([
      { name: "fastData", id: "15378242418226358251", state: "ONLINE", importable: true, needsForce: false },
      { name: "oldtank", id: "7001349223114408516", state: "ONLINE", importable: true, needsForce: true },
    ]);
    expect(pools[0].tree.data).toEqual([
      { kind: "disk", name: "nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y", state: "ONLINE", devices: [{ path: "nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y", state: "ONLINE" }] },
    ]);
    expect(pools[1].tree.data[0].kind).toBe("mirror");
    expect(pools[1].tree.data[0].devices.map((d) => d.path)).toEqual([
      "ata-WDC_WD80EFZZ-68BTXN0_WD-CA0DB3PP",
      "ata-WDC_WD80EFZZ-68BTXN0_WD-CA0DB4RR",
    ]);
  });

  it("marks a pool with missing devices as not importable", () => {
    const [pool] = parseZpoolImport(fixture("zpool-import-unavail.txt"));
    expect({ name: pool.name, state: pool.state, importable: pool.importable, needsForce: pool.needsForce }).toEqual({
      name: "backup",
      state: "UNAVAIL",
      importable: false,
      needsForce: false,
    });
    expect(pool.tree.data[0].devices.map((d) => d.path)).toEqual(["1147902934457383322", "8800913276406626610"]);
  });

  it("returns no pools for empty output", () => {
    expect(parseZpoolImport("")).toEqual([]);
  });
});

describe("parseBlkid", () => {
  const disk = "/dev/sdb";
  it.each([
    ["zfs_member on a file", ok(fixture("blkid-zfs-member.txt")), { disk, exists: true, signature: "zfs_member", label: "oldtank" }],
    ["a GPT partition table", ok(fixture("blkid-gpt.txt")), { disk, exists: true, signature: "gpt partition table", label: null }],
    ["ext4 with an escaped label", ok(fixture("blkid-ext4.txt")), { disk, exists: true, signature: "ext4", label: "old data" }],
    ["a blank disk (exit 2, silent)", { code: 2, stdout: "", stderr: "" }, { disk, exists: true, signature: null, label: null }],
    ["a missing path", { code: 2, stdout: "", stderr: "blkid: error: /dev/sdb: No such file or directory\n" }, { disk, exists: false, signature: null, label: null }],
    [
      "several signatures (exit 8)",
      { code: 8, stdout: "", stderr: "/dev/sdb: ambivalent result (probably more filesystems on the device, use wipefs(8) to see more details)\n" },
      { disk, exists: true, signature: "several signatures (ambivalent probe)", label: null },
    ],
  ])("reads %s", (_, result, probe) => {
    expect(parseBlkid(disk, result)).toEqual(probe);
  });

  it("throws on an unexpected failure instead of calling the disk blank", () => {
    expect(() => parseBlkid(disk, { code: 4, stdout: "", stderr: "blkid: bad usage\n" })).toThrow(/exit code 4/);
  });

  it("describes probes for refusal messages", () => {
    expect(describeProbe(parseBlkid(disk, ok(fixture("blkid-zfs-member.txt"))))).toBe('/dev/sdb carries signature zfs_member (pool "oldtank")');
    expect(describeProbe(parseBlkid(disk, ok(fixture("blkid-ext4.txt"))))).toBe('/dev/sdb carries signature ext4 (label "old data")');
    expect(describeProbe({ disk, exists: false, signature: null, label: null })).toBe("/dev/sdb does not exist");
  });
});

describe("observePresentPool", () => {
  it("assembles list, status, autotrim and contents", () => {
    const pool = observePresentPool({
      list: fixture("zpool-list-quickos.txt"),
      status: fixture("zpool-status-mirror.txt"),
      autotrim: fixture("zpool-get-autotrim.txt"),
      contents: fixture("zfs-list-tree-quickos.txt"),
    });
    expect({ ...pool, tree: pool.tree.data.map((g) => g.name) }).toEqual({
      state: "present",
      sizeBytes: 1992864825344,
      allocBytes: 412316860416,
      freeBytes: 1580547964928,
      health: "ONLINE",
      tree: ["mirror-0"],
      autotrim: "off",
      datasetCount: 3,
      snapshotCount: 2,
    });
  });
});
