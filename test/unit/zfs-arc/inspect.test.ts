import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep, step } from "../../../providers/core/step";
import {
  memTotalCommand,
  parseArcMax,
  parseMemTotal,
  parseModprobeConf,
  parseRootFsType,
  readArcMaxCommand,
  readModprobeConfCommand,
  rootFsTypeCommand,
  parseInitramfsStale,
} from "../../../providers/zfs-arc/inspect";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/zfs", name), "utf8");

describe("ARC inspection commands", () => {
  it.each([
    [readArcMaxCommand(), "cat /sys/module/zfs/parameters/zfs_arc_max"],
    [readModprobeConfCommand(), "cat /etc/modprobe.d/zfs.conf"],
    [memTotalCommand(), "grep MemTotal /proc/meminfo"],
    [rootFsTypeCommand(), "findmnt -n -o FSTYPE /"],
  ])("renders %j exactly", (argv, text) => {
    expect(renderStep(step("inspect", argv))).toBe(text);
  });
});

describe("ARC parsers", () => {
  it("reads the runtime limit, 0 meaning the OpenZFS default", () => {
    expect(parseArcMax("34359738368\n")).toBe(34359738368);
    expect(parseArcMax("0\n")).toBe(0);
    expect(() => parseArcMax("cat: /sys/module/zfs/parameters/zfs_arc_max: No such file or directory")).toThrow();
  });

  it("reads MemTotal in bytes from grep output and from the whole file", () => {
    expect(parseMemTotal("MemTotal:       65747020 kB\n")).toBe(65747020 * 1024);
    expect(parseMemTotal(fixture("meminfo.txt"))).toBe(65747020 * 1024);
    expect(() => parseMemTotal("MemFree: 1 kB\n")).toThrow(/MemTotal/);
  });

  it("treats a missing modprobe file as absent and other failures as errors", () => {
    expect(parseModprobeConf({ code: 0, stdout: fixture("modprobe-zfs.conf.txt"), stderr: "" })).toBe(fixture("modprobe-zfs.conf.txt"));
    expect(parseModprobeConf({ code: 1, stdout: "", stderr: "cat: /etc/modprobe.d/zfs.conf: No such file or directory\n" })).toBeNull();
    expect(() => parseModprobeConf({ code: 1, stdout: "", stderr: "cat: /etc/modprobe.d/zfs.conf: Permission denied\n" })).toThrow(/Permission denied/);
  });

  it("reads the root filesystem type", () => {
    expect(parseRootFsType("zfs\n")).toBe("zfs");
    expect(parseRootFsType("ext4\n")).toBe("ext4");
    expect(() => parseRootFsType("\n")).toThrow();
  });
});

describe("parseInitramfsStale", () => {
  it.each<[string, string, boolean]>([
    ["an initramfs older than zfs.conf", "1700000100 /etc/modprobe.d/zfs.conf\n1700000000 /boot/initrd.img-6.8.12-4-pve\n", true],
    ["every initramfs newer than zfs.conf", "1700000100 /etc/modprobe.d/zfs.conf\n1700000200 /boot/initrd.img-6.8.12-4-pve\n1700000300 /boot/initrd.img-6.5.13-6-pve\n", false],
    ["one of two kernels left behind", "1700000100 /etc/modprobe.d/zfs.conf\n1700000200 /boot/initrd.img-6.8.12-4-pve\n1700000050 /boot/initrd.img-6.5.13-6-pve\n", true],
    ["no zfs.conf", "1700000200 /boot/initrd.img-6.8.12-4-pve\n", false],
    ["no initramfs (the lab, containers)", "1700000100 /etc/modprobe.d/zfs.conf\n", false],
    ["nothing at all", "", false],
  ])("%s", (_, text, stale) => {
    expect(parseInitramfsStale(text)).toBe(stale);
  });
});
