import { describe, expect, it } from "vitest";
import { configBlock, parseVdevTree } from "../../../providers/zfs-pool/vdev-tree";
import { BY, fixture } from "./fixtures";

const N1 = `${BY}nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M-part1`;
const N2 = `${BY}nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y310536X-part1`;
const empty = { logs: [], special: [], dedup: [], cache: [], spares: [] };

describe("configBlock", () => {
  it("takes only the rows after config:, not the tab-indented status text before it", () => {
    const rows = configBlock(fixture("zpool-status-degraded-mirror.txt"));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^\tNAME\s+STATE\s+READ WRITE CKSUM$/);
    expect(rows.every((r) => r.startsWith("\t"))).toBe(true);
  });

  it("fails loudly on text without a config section", () => {
    expect(() => configBlock("cannot open 'x': no such pool\n")).toThrow(/config/);
  });
});

describe("parseVdevTree on zpool status -P", () => {
  it("reads a two-way mirror", () => {
    expect(parseVdevTree(configBlock(fixture("zpool-status-mirror.txt")))).toEqual({
      name: "quickOS",
      state: "ONLINE",
      data: [{ kind: "mirror", name: "mirror-0", state: "ONLINE", devices: [{ path: N1, state: "ONLINE" }, { path: N2, state: "ONLINE" }] }],
      ...empty,
    });
  });

  it("reads a single-disk pool as one bare disk vdev", () => {
    const path = `${BY}nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y-part1`;
    expect(parseVdevTree(configBlock(fixture("zpool-status-single.txt")))).toEqual({
      name: "fastData",
      state: "ONLINE",
      data: [{ kind: "disk", name: path, state: "ONLINE", devices: [{ path, state: "ONLINE" }] }],
      ...empty,
    });
  });

  it("reads raidz2 with its four disks", () => {
    const tree = parseVdevTree(configBlock(fixture("zpool-status-raidz2.txt")));
    expect(tree.data.map((g) => [g.kind, g.name, g.devices.length])).toEqual([["raidz2", "raidz2-0", 4]]);
    expect(tree.data[0].devices[3]).toEqual({ path: `${BY}ata-WDC_WD80EFZZ-68BTXN0_WD-CA0DB4RR-part1`, state: "ONLINE" });
  });

  it("reports a missing mirror member by its 'was' path, not its GUID", () => {
    const tree = parseVdevTree(configBlock(fixture("zpool-status-degraded-mirror.txt")));
    expect(tree.state).toBe("DEGRADED");
    expect(tree.data).toEqual([
      { kind: "mirror", name: "mirror-0", state: "DEGRADED", devices: [{ path: N1, state: "ONLINE" }, { path: N2, state: "UNAVAIL" }] },
    ]);
  });

  it("separates log, cache and spare devices from the data vdevs", () => {
    const tree = parseVdevTree(configBlock(fixture("zpool-status-logs-cache.txt")));
    expect(tree.data.map((g) => g.name)).toEqual(["mirror-0"]);
    expect(tree.data[0].devices.map((d) => d.path)).toEqual([
      `${BY}ata-WDC_WD80EFZZ-68BTXN0_WD-CA0DB1KK-part1`,
      `${BY}ata-WDC_WD80EFZZ-68BTXN0_WD-CA0DB2MM-part1`,
    ]);
    expect(tree.logs).toEqual([
      {
        kind: "mirror",
        name: "mirror-1",
        state: "ONLINE",
        devices: [
          { path: `${BY}nvme-INTEL_SSDPE21D280GA_PHM2746000QM280AGN-part1`, state: "ONLINE" },
          { path: `${BY}nvme-INTEL_SSDPE21D280GA_PHM2746000RJ280AGN-part1`, state: "ONLINE" },
        ],
      },
    ]);
    expect(tree.cache).toEqual([{ path: `${BY}nvme-Samsung_SSD_970_EVO_Plus_1TB_S4EWNX0R123456A-part1`, state: "ONLINE" }]);
    expect(tree.spares).toEqual([{ path: `${BY}ata-WDC_WD80EFZZ-68BTXN0_WD-CA0DB9ZZ-part1`, state: "AVAIL" }]);
  });

  it("keeps only the leaves of a replacing vdev inside its mirror", () => {
    const rows = [
      "\tNAME              STATE     READ WRITE CKSUM",
      "\ttank              DEGRADED     0     0     0",
      "\t  mirror-0        DEGRADED     0     0     0",
      "\t    /dev/sda1     ONLINE       0     0     0",
      "\t    replacing-1   DEGRADED     0     0     0",
      "\t      /dev/sdb1   FAULTED      0     0     0  too many errors",
      "\t      /dev/sdc1   ONLINE       0     0     0  (resilvering)",
    ];
    expect(parseVdevTree(rows).data[0].devices.map((d) => d.path)).toEqual(["/dev/sda1", "/dev/sdb1", "/dev/sdc1"]);
  });
});
