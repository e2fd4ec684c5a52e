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
    expect(parseZfsProperties("recsize=16K,compress=zstd-3,reserv=none,refreserv=none,rdonly=off").properties).toEqual({
      recordsize: "16K",
      compression: "zstd-3",
      reservation: "none",
      refreservation: "none",
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
    ["foo=bar", ['"foo" is not a settable filesystem property (user properties need a colon, e.g. "phoenix:role")']],
    ["Com.Example:x=1", ['invalid user property name "Com.Example:x" (only lower-case letters, digits, - _ . and :, under 256 characters)']],
    ["mountpoint=/srv", ['property "mountpoint" is always /<pool>/<dataset> (the path Proxmox dir storages point at) and cannot be set here']],
    ["volsize=10G", ['property "volsize" is for volumes, which ZfsDataset does not manage']],
    // OpenZFS: "'refreservation=auto' only allowed on volumes"; the datasets here are filesystems.
    ["refreserv=auto", ["refreservation=auto is only allowed on volumes, which ZfsDataset does not manage"]],
    ["used=1G", ['property "used" is read-only']],
    ["recordsize=100K", ["recordsize=100K must be a power of two from 512 to 16M"]],
    ["recordsize=256", ["recordsize=256 must be a power of two from 512 to 16M"]],
    ["recordsize=32M", ["recordsize=32M must be a power of two from 512 to 16M"]],
    ["sync=sometimes", ["sync=sometimes is not a value zfs accepts (expected standard | always | disabled)"]],
    ["atime=yes", ["atime=yes is not a value zfs accepts (expected on | off)"]],
    ["quota=lots", [`quota=lots: "lots" is not a ZFS size (expected a number with an optional suffix B, K, M, G, T, P, E or Z, e.g. 800G or 1.4T)`]],
    ["copies=4", ["copies=4 is not a value zfs accepts (expected 1 | 2 | 3)"]],
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
    expect(zfsPropertyProblem(name, value)).toContain(`${name}=${value}`);
  });
});
