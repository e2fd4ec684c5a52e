import { describe, expect, it } from "vitest";
import { formatBytes, parseZfsSize, ZFS_SIZE_MAX, zfsSizeProblem } from "../../../providers/core/zfs-size";

describe("parseZfsSize", () => {
  it.each([
    ["0", 0n],
    ["512", 512n],
    ["512B", 512n],
    ["128K", 131_072n],
    ["128k", 131_072n],
    ["128KB", 131_072n],
    ["128KiB", 131_072n],
    ["1M", 1_048_576n],
    ["16M", 16_777_216n],
    ["800G", 858_993_459_200n],
    ["2T", 2_199_023_255_552n],
    // OpenZFS computes fractions in double precision and truncates: floor(1.4 * 2^40).
    ["1.4T", 1_539_316_278_886n],
    ["1.5G", 1_610_612_736n],
    ["0.7K", 716n], // 716.8 truncates, never rounds up
    ["1.1M", 1_153_433n],
    ["1.5", 1n],
    [".5K", 512n],
    ["1.K", 1024n],
    ["5.", 5n],
    ["4KiB", 4096n],
    ["16GB", 17_179_869_184n],
    ["1gib", 1_073_741_824n],
    ["1B", 1n],
    ["15E", 17_293_822_569_102_704_640n],
    ["18446744073709551615", ZFS_SIZE_MAX],
    // `zfs get -p` output is plain bytes and must round-trip.
    ["858993459200", 858_993_459_200n],
  ])("reads %s as %s bytes, as OpenZFS does", (text, bytes) => {
    expect(parseZfsSize(text)).toBe(bytes);
    expect(zfsSizeProblem(text)).toBeUndefined();
  });

  // Refused sizes, grouped by the reason their message gives.
  const refused: Array<[string, string[]]> = [
    ["is not a ZFS size", ["", "K", ".", "none", "-1", "-1G", " 1G", "1 G", "1.2.3G", "1e3", "1e3K"]],
    ["has an invalid size suffix", ["1X", "1.4X", "1BB", "12BB", "1BiB", "12BiB", "1KBB", "1TT"]],
    // libzfs refuses any shift of 64 bits or more in the integer branch, even for zero ("0Z").
    ["is too large", ["16E", "18446744073709551616", "1Z", "0Z", "0.5Z"]],
  ];
  it.each(refused.flatMap(([reason, texts]) => texts.map((text) => [text, reason])))("refuses %j (%s)", (text, reason) => {
    expect(zfsSizeProblem(text)).toContain(reason);
    expect(() => parseZfsSize(text)).toThrow(RangeError);
  });

  it("names the value and the accepted syntax in its message", () => {
    expect(zfsSizeProblem("lots")).toMatchInlineSnapshot(
      `""lots" is not a ZFS size (expected a number with an optional suffix B, K, M, G, T, P, E or Z, e.g. 800G or 1.4T)"`,
    );
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
