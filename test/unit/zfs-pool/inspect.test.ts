import { describe, expect, it } from "vitest";
import { renderStep, step } from "../../../providers/core/step";
import {
  importSearchArgs,
  isNoPoolsToImport,
  isPoolMissing,
  observePresentPool,
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

  it("recognises an empty import listing: exit 0 on OpenZFS 2.2 (import_pools), exit 1 before", () => {
    expect(isNoPoolsToImport({ code: 0, stdout: "", stderr: "no pools available to import\n" })).toBe(true);
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
