import { describe, expect, it } from "vitest";
import { renderStep, step } from "../../../providers/core/step";
import {
  blkidCommand,
  describeProbe,
  diskPathCommand,
  diskUsers,
  importedPoolsCommand,
  isNotBlockDevice,
  lsblkCommand,
  observeDisk,
  parseBlkid,
  parseDiskPath,
  parseImportedPools,
  parseLsblk,
} from "../../../providers/zfs-pool/disk-probe";
import { fixture, N4 } from "./fixtures";

const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });
const SDA = "/dev/disk/by-id/ata-Samsung_SSD_870_EVO_1TB_S6PTNX0T512345A";

describe("disk probe commands", () => {
  it.each([
    [diskPathCommand(N4), `readlink -e -- ${N4}`],
    [blkidCommand(N4), `blkid -p -o export ${N4}`],
    [lsblkCommand("/dev/nvme2n1"), "lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINT /dev/nvme2n1"],
    [importedPoolsCommand(), "zpool status -P -L"],
  ])("renders %j exactly", (argv, text) => {
    expect(renderStep(step("inspect", argv))).toBe(text);
  });
});

describe("parseDiskPath (existence is checked, never inferred from blkid)", () => {
  it("returns the resolved path of an existing disk", () => {
    expect(parseDiskPath(N4, ok("/dev/nvme2n1\n"))).toBe("/dev/nvme2n1");
  });

  it("returns null for a path that does not exist (readlink -e: exit 1, no output)", () => {
    expect(parseDiskPath(N4, { code: 1, stdout: "", stderr: "" })).toBeNull();
  });

  it("throws on any other failure", () => {
    expect(() => parseDiskPath(N4, { code: 127, stdout: "", stderr: "sh: readlink: not found\n" })).toThrow(/exit code 127/);
  });
});

describe("parseBlkid", () => {
  const disk = "/dev/sdb";
  it.each([
    ["zfs_member on a file", ok(fixture("blkid-zfs-member.txt")), { exists: true, signature: "zfs_member", label: "oldtank" }],
    ["a GPT partition table", ok(fixture("blkid-gpt.txt")), { exists: true, signature: "gpt partition table", label: null }],
    ["ext4 with an escaped label", ok(fixture("blkid-ext4.txt")), { exists: true, signature: "ext4", label: "old data" }],
    ["an existing blank disk (exit 2, silent)", { code: 2, stdout: "", stderr: "" }, { exists: true, signature: null, label: null }],
    ["a path that vanished after readlink", { code: 2, stdout: "", stderr: "blkid: error: /dev/sdb: No such file or directory\n" }, { exists: false, signature: null, label: null }],
    [
      "several signatures (exit 8)",
      { code: 8, stdout: "", stderr: "/dev/sdb: ambivalent result (probably more filesystems on the device, use wipefs(8) to see more details)\n" },
      { exists: true, signature: "several signatures (ambivalent probe)", label: null },
    ],
  ])("reads %s", (_, result, probe) => {
    expect(parseBlkid(disk, result)).toEqual(probe);
  });

  it("throws on a usage error (exit 4) instead of calling the disk blank", () => {
    expect(() => parseBlkid(disk, { code: 4, stdout: "", stderr: "blkid: bad usage\n" })).toThrow(/exit code 4/);
  });
});

describe("parseLsblk", () => {
  it("flattens partitions and the LVM volumes stacked on them", () => {
    expect(parseLsblk(fixture("lsblk-pve-lvm-disk.json"))).toEqual([
      { name: "/dev/sdb", type: "disk", fstype: null, mountpoint: null },
      { name: "/dev/sdb1", type: "part", fstype: null, mountpoint: null },
      { name: "/dev/sdb2", type: "part", fstype: "vfat", mountpoint: "/boot/efi" },
      { name: "/dev/sdb3", type: "part", fstype: "LVM2_member", mountpoint: null },
      { name: "/dev/mapper/pve-swap", type: "lvm", fstype: "swap", mountpoint: "[SWAP]" },
      { name: "/dev/mapper/pve-root", type: "lvm", fstype: "ext4", mountpoint: "/" },
    ]);
  });

  it("knows a regular file (lab disks) has nothing to report", () => {
    expect(isNotBlockDevice({ code: 32, stdout: "", stderr: "lsblk: /dev/disk/by-id/ata-LAB_A: not a block device\n" })).toBe(true);
    expect(isNotBlockDevice({ code: 1, stdout: "", stderr: "lsblk: permission denied\n" })).toBe(false);
  });
});

describe("parseImportedPools", () => {
  it("lists every pool with all its device paths, cache included", () => {
    expect(parseImportedPools(fixture("zpool-status-all-L.txt"))).toEqual([
      { name: "quickOS", devices: ["/dev/nvme0n1p1", "/dev/nvme1n1p1"] },
      { name: "rpool", devices: ["/dev/sda3", "/dev/sdc1"] },
    ]);
  });

  it("reads no pools from the empty output (OpenZFS says 'no pools available' on stderr)", () => {
    expect(parseImportedPools("")).toEqual([]);
  });
});

describe("diskUsers: what no permission may wipe", () => {
  const pools = parseImportedPools(fixture("zpool-status-all-L.txt"));

  it("names the imported pool a disk belongs to, through the resolved partition name", () => {
    expect(diskUsers(SDA, "/dev/sda", parseLsblk(fixture("lsblk-rpool-disk.json")), pools)).toEqual([
      'member of imported pool "rpool" (as /dev/sda3)',
    ]);
  });

  it("names mounts, swap and LVM on the disk and the devices stacked on it", () => {
    expect(diskUsers("/dev/disk/by-id/x", "/dev/sdb", parseLsblk(fixture("lsblk-pve-lvm-disk.json")), pools)).toEqual([
      "mounted at /boot/efi (/dev/sdb2)",
      "an LVM physical volume (/dev/sdb3)",
      "active swap (/dev/mapper/pve-swap)",
      "mounted at / (/dev/mapper/pve-root)",
    ]);
  });

  it("recognises by-id partitions and file vdevs (lab disks) without lsblk", () => {
    const lab = [{ name: "tank", devices: ["/dev/disk/by-id/ata-LAB_A-part1", "/dev/disk/by-id/ata-LAB_AB-part1"] }];
    expect(diskUsers("/dev/disk/by-id/ata-LAB_A", "/dev/disk/by-id/ata-LAB_A", [], lab)).toEqual([
      'member of imported pool "tank" (as /dev/disk/by-id/ata-LAB_A-part1)',
    ]);
  });

  it("does not count the pool being replaced", () => {
    expect(diskUsers(SDA, "/dev/sda", parseLsblk(fixture("lsblk-rpool-disk.json")), pools, "rpool")).toEqual([]);
  });

  it("finds nothing on a blank disk", () => {
    expect(diskUsers(N4, "/dev/nvme2n1", parseLsblk(fixture("lsblk-blank-disk.json")), pools)).toEqual([]);
  });
});

describe("observeDisk", () => {
  it("calls a missing disk missing, whatever blkid would say", () => {
    const probe = observeDisk(N4, { readlink: { code: 1, stdout: "", stderr: "" } }, []);
    expect(probe).toEqual({ disk: N4, exists: false, signature: null, label: null, inUse: [] });
    expect(describeProbe(probe)).toBe(`disk ${N4} does not exist`);
  });

  it("assembles signature and users of an existing disk", () => {
    const out = { readlink: ok("/dev/sda\n"), blkid: ok(fixture("blkid-gpt.txt")), lsblk: fixture("lsblk-rpool-disk.json") };
    expect(observeDisk(SDA, out, parseImportedPools(fixture("zpool-status-all-L.txt")))).toEqual({
      disk: SDA, exists: true, signature: "gpt partition table", label: null, inUse: ['member of imported pool "rpool" (as /dev/sda3)'],
    });
  });

  it("describes probes for refusal messages", () => {
    const zfs = { disk: "/dev/sdb", ...parseBlkid("/dev/sdb", ok(fixture("blkid-zfs-member.txt"))), inUse: [] };
    expect(describeProbe(zfs)).toBe('/dev/sdb carries signature zfs_member (pool "oldtank")');
  });
});
