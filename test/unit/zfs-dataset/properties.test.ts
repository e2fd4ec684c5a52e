import { describe, expect, it } from "vitest";
import { comparableValue, isUserProperty, propertySpec, valuesEqual } from "../../../providers/zfs-dataset/properties";

describe("valuesEqual", () => {
  it.each([
    ["recordsize", "128K", "131072"],
    ["recordsize", "1M", "1048576"],
    ["quota", "800G", "858993459200"],
    ["quota", "1.4T", "1539316278886"],
    ["quota", "none", "0"],
    ["refquota", "NONE", "0"],
    ["reservation", "0", "0"],
    ["special_small_blocks", "0", "0"],
    ["compression", "lz4", "lz4"],
    ["compression", "LZ4", "lz4"],
    ["compression", "gzip-6", "gzip"],
    ["compression", "zstd-fast-1", "zstd-fast"],
    ["acltype", "posixacl", "posix"],
    ["xattr", "dir", "on"],
    ["atime", "OFF", "off"],
    ["version", "current", "5"],
    ["mountpoint", "/quickOS/vm-disks", "/quickOS/vm-disks"],
    ["com.sun:auto-snapshot", "false", "false"],
  ])("%s=%s matches the reported %s", (name, desired, reported) => {
    expect(valuesEqual(name, desired, reported)).toBe(true);
  });

  it.each([
    // "on" is the default algorithm, which zfs stores and prints as "on": compare literally.
    ["compression", "on", "lz4"],
    ["compression", "zstd", "zstd-19"],
    ["recordsize", "128K", "16384"],
    ["quota", "800G", "0"],
    ["quota", "none", "858993459200"],
    ["sync", "always", "standard"],
    ["mountpoint", "/a", "/A"],
    ["phoenix:role", "Data", "data"],
    ["recordsize", "128K", "garbage"],
  ])("%s=%s differs from the reported %s", (name, desired, reported) => {
    expect(valuesEqual(name, desired, reported)).toBe(false);
  });
});

describe("comparableValue", () => {
  it("reduces sizes to exact bytes", () => {
    expect(comparableValue("quota", "2T")).toBe("2199023255552");
  });
  it("keeps the case of normalization forms", () => {
    expect(comparableValue("normalization", "formD")).toBe("formD");
  });
});

describe("property tables", () => {
  it("marks creation-only properties", () => {
    expect(["casesensitivity", "normalization", "utf8only", "encryption"].map((p) => propertySpec(p)?.when)).toEqual(["create", "create", "create", "create"]);
    expect(propertySpec("compression")?.when).toBe("any");
  });

  it("recognises user properties", () => {
    expect(["com.sun:auto-snapshot", "phoenix:role"].map(isUserProperty)).toEqual([true, true]);
    expect(["compression", "Phoenix:role", "bad prop:x"].map(isUserProperty)).toEqual([false, false, false]);
  });

  it("does not treat Object.prototype names as properties", () => {
    expect(propertySpec("constructor")).toBeUndefined();
  });
});
