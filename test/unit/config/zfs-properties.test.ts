import { describe, expect, it } from "vitest";
import { parseZfsProperties, zfsPropertyProblem } from "../../../config/schema/zfs-properties";

describe("parseZfsProperties", () => {
  it("reads the shipped property strings into records, values as written", () => {
    expect(parseZfsProperties("recordsize=128K,compression=lz4,sync=standard,quota=800G")).toEqual({
      properties: { recordsize: "128K", compression: "lz4", sync: "standard", quota: "800G" },
      problems: [],
    });
    expect(parseZfsProperties("recordsize=1M,compression=zstd,sync=standard,quota=1.4T").properties).toEqual({
      recordsize: "1M",
      compression: "zstd",
      sync: "standard",
      quota: "1.4T",
    });
  });

  it("treats an empty string as no properties", () => {
    expect(parseZfsProperties("")).toEqual({ properties: {}, problems: [] });
  });

  it("normalises column aliases to the full property name", () => {
    expect(parseZfsProperties("recsize=16K,compress=zstd-3,reserv=none,refreserv=auto,rdonly=off").properties).toEqual({
      recordsize: "16K",
      compression: "zstd-3",
      reservation: "none",
      refreservation: "auto",
      readonly: "off",
    });
  });

  it("keeps user properties (module:name) as they are", () => {
    expect(parseZfsProperties("com.sun:auto-snapshot=true,phoenix:role=vm disks").properties).toEqual({
      "com.sun:auto-snapshot": "true",
      "phoenix:role": "vm disks",
    });
  });

  it.each([
    ["recordsize=128K,,sync=always", ["empty entry in the property list (stray comma?)"]],
    ["recordsize=128K,", ["empty entry in the property list (stray comma?)"]],
    ["quota", ['"quota" is not of the form name=value']],
    ["quota=", ["property quota has an empty value"]],
    ["=lz4", ['invalid property name "" in "=lz4"']],
    ["recordsize =128K", ['invalid property name "recordsize " in "recordsize =128K"']],
    ["quota=800G,quota=1T", ["property quota is set more than once"]],
    ["recsize=128K,recordsize=1M", ["property recordsize is set more than once"]],
    ["foo=bar", ['unknown ZFS property "foo" (user properties need a colon, e.g. "com.example:foo")']],
    ["Com.Example:x=1", ['invalid user property name "Com.Example:x" (only lower-case letters, digits, - _ . and :, under 256 characters)']],
    ["mountpoint=/srv", ['property "mountpoint" is always /<pool>/<dataset> (the path Proxmox dir storages point at) and cannot be set here']],
    ["volsize=10G", ['property "volsize" applies to volumes only']],
    ["used=1G", ['property "used" is read-only']],
    ["recordsize=100K", ['invalid value "100K" for recordsize (expected a power of two from 512 to 16M)']],
    ["recordsize=256", ['invalid value "256" for recordsize (expected a power of two from 512 to 16M)']],
    ["recordsize=32M", ['invalid value "32M" for recordsize (expected a power of two from 512 to 16M)']],
    ["sync=sometimes", ['invalid value "sometimes" for sync (expected standard | always | disabled)']],
    ["atime=yes", ['invalid value "yes" for atime (expected on | off)']],
    ["quota=lots", ['invalid value "lots" for quota (expected a size such as 800G, or none)']],
    ["copies=4", ['invalid value "4" for copies (expected 1 | 2 | 3)']],
  ])("reports %j", (text, problems) => {
    expect(parseZfsProperties(text).problems).toEqual(problems);
  });

  it("reports every bad entry of one string, in order", () => {
    expect(parseZfsProperties("recordsize=100K,compression=LZ4,sync=standard,atime=yes").problems).toHaveLength(3);
  });
});

describe("zfsPropertyProblem", () => {
  it.each([
    ["recordsize", "512"],
    ["recordsize", "16M"],
    ["recordsize", "128k"],
    ["compression", "on"],
    ["compression", "gzip-9"],
    ["compression", "zstd-19"],
    ["compression", "zstd-fast"],
    ["compression", "zstd-fast-1000"],
    ["sync", "disabled"],
    ["quota", "none"],
    ["refquota", "1.5T"],
    ["special_small_blocks", "0"],
    ["special_small_blocks", "64K"],
    ["xattr", "sa"],
    ["acltype", "posix"],
    ["filesystem_limit", "none"],
    ["snapshot_limit", "100"],
  ])("accepts %s=%s", (name, value) => {
    expect(zfsPropertyProblem(name, value)).toBeUndefined();
  });

  // ZFS compares index values with strcmp, so "LZ4" fails at `zfs set` time.
  it.each([
    ["compression", "LZ4"],
    ["compression", "gzip-10"],
    ["compression", "zstd-20"],
    ["compression", "zstd-fast-11"],
    ["special_small_blocks", "100K"],
    ["snapshot_limit", "-1"],
  ])("refuses %s=%s", (name, value) => {
    expect(zfsPropertyProblem(name, value)).toContain(`invalid value "${value}" for ${name}`);
  });
});
