import { describe, expect, it } from "vitest";
import { parseZpoolImport, parseZpoolStatus } from "../../../providers/zfs-pool/inspect";
import { canonicalDevice, describeLayout, desiredLayout, layoutChange, wholeDiskPartition } from "../../../providers/zfs-pool/layout";
import type { RaidLevel } from "../../../providers/zfs-pool/schema";
import { ATA, BY, fixture, N1, N2, N4 } from "./fixtures";

describe("wholeDiskPartition", () => {
  it.each([
    [N1, `${N1}-part1`],
    ["/dev/nvme0n1", "/dev/nvme0n1p1"],
    ["/dev/sda", "/dev/sda1"],
    ["/srv/lab/d0.img", null],
  ])("maps %s to the partition zpool creates (%s)", (disk, part) => {
    expect(wholeDiskPartition(disk)).toBe(part);
  });
});

describe("canonicalDevice", () => {
  it.each([
    [`${N1}-part1`, N1],
    [N1, N1],
    ["nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M", N1],
    ["/dev/sda1", "/dev/sda"],
    ["sda", "/dev/sda"],
    ["/srv/lab/d0.img", "/srv/lab/d0.img"],
    [`${BY}unrelated-part1`, `${BY}unrelated-part1`],
  ])("maps printed %s back to configured %s", (printed, disk) => {
    expect(canonicalDevice(printed, [N1, "/dev/sda", "/srv/lab/d0.img"])).toBe(disk);
  });

  it("does not confuse a configured partition with the whole disk", () => {
    expect(canonicalDevice(`${N1}-part1`, [`${N1}-part3`])).toBe(`${N1}-part1`);
  });
});

describe("describeLayout", () => {
  it.each<[RaidLevel, string[], string]>([
    ["mirror", [N1, N2], `mirror of ${N2}, ${N1}`], // devices sorted
    ["single", [N4], `single disk ${N4}`],
    ["stripe", [N1, N2], `stripe of 2 disks (${N1}, ${N2})`],
  ])("describes %s", (raidLevel, disks, text) => {
    expect(describeLayout(desiredLayout({ raidLevel, disks }))).toBe(text);
  });
});

describe("layoutChange", () => {
  const mirror = parseZpoolStatus(fixture("zpool-status-mirror.txt"));
  it.each<[string, RaidLevel, string[]]>([
    ["the same mirror", "mirror", [N1, N2]],
    ["the same mirror listed in another order", "mirror", [N2, N1]],
  ])("finds no change for %s", (_, raidLevel, disks) => {
    expect(layoutChange({ raidLevel, disks }, mirror)).toBeNull();
  });

  it("matches a degraded mirror through the missing member's 'was' path", () => {
    expect(layoutChange({ raidLevel: "mirror", disks: [N1, N2] }, parseZpoolStatus(fixture("zpool-status-degraded-mirror.txt")))).toBeNull();
  });

  it("matches single and raidz2 pools", () => {
    expect(layoutChange({ raidLevel: "single", disks: [N4] }, parseZpoolStatus(fixture("zpool-status-single.txt")))).toBeNull();
    expect(layoutChange({ raidLevel: "raidz2", disks: ATA }, parseZpoolStatus(fixture("zpool-status-raidz2.txt")))).toBeNull();
  });

  it("ignores log, cache and spare devices", () => {
    expect(layoutChange({ raidLevel: "mirror", disks: [ATA[1], ATA[0]] }, parseZpoolStatus(fixture("zpool-status-logs-cache.txt")))).toBeNull();
  });

  it("matches the short names of an exported pool", () => {
    const [fastData] = parseZpoolImport(fixture("zpool-import-list.txt"));
    expect(layoutChange({ raidLevel: "single", disks: [N4] }, fastData.tree)).toBeNull();
  });

  it("reports a type change", () => {
    expect(layoutChange({ raidLevel: "stripe", disks: [N1, N2] }, mirror)).toEqual({
      from: `mirror of ${N2}, ${N1}`,
      to: `stripe of 2 disks (${N1}, ${N2})`,
      added: [],
      removed: [],
    });
  });

  it("reports a device set change", () => {
    expect(layoutChange({ raidLevel: "mirror", disks: [N1, N4] }, mirror)).toEqual({
      // A device the config no longer lists keeps the name zpool printed.
      from: `mirror of ${N2}-part1, ${N1}`,
      to: `mirror of ${N1}, ${N4}`,
      added: [N4],
      removed: [`${N2}-part1`],
    });
  });
});
