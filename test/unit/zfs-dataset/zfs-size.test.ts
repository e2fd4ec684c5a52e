import { describe, expect, it } from "vitest";
import { formatBytes, parseZfsSize } from "../../../providers/core/zfs-size";

describe("parseZfsSize", () => {
  it.each([
    ["512", 512n],
    ["128K", 131072n],
    ["128k", 131072n],
    ["128KB", 131072n],
    ["128KiB", 131072n],
    ["800G", 858993459200n],
    ["2T", 2199023255552n],
    ["1M", 1048576n],
    ["512B", 512n],
    ["0", 0n],
    // Decimals go through double arithmetic and truncate, like libzfs: floor(1.4 * 2^40).
    ["1.4T", 1539316278886n],
    ["1.5G", 1610612736n],
    ["0.7K", 716n], // 716.8 truncates, never rounds up
    ["1.1M", 1153433n],
    [".5K", 512n],
    ["5.", 5n],
    ["15E", 15n << 60n],
  ])("parses %s as OpenZFS does", (text, bytes) => {
    expect(parseZfsSize(text)).toBe(bytes);
  });

  it.each(["", "none", "-1", "1.4X", "12BB", "12BiB", "1TT", "16E", "1Z", "1 G", ".", "1e3"])("rejects %j", (text) => {
    expect(() => parseZfsSize(text)).toThrow();
  });
});

describe("formatBytes", () => {
  it.each([
    [0n, "0B"],
    [512n, "512B"],
    [131072n, "128K"],
    [858993459200n, "800G"],
    [1539316278886n, "1.40T"],
    [412316860416n, "384G"],
    [53687091200, "50G"],
    [1000, "1000B"],
    [1025, "1.00K"],
    [123456789, "118M"],
  ])("formats %s as %s like zfs list", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
