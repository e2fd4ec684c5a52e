import { describe, expect, it } from "vitest";
import { absolutePathProblem, describeChar, firstBadChar } from "../../../providers/core/names";
import { describeProblems } from "../problem-table";

describeProblems(
  "absolutePathProblem",
  absolutePathProblem,
  ["/", "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M", "/var/lib/lab/disk0.img"],
  [
    ["dev/sda", 'path "dev/sda" is not absolute'],
    ["/dev/disk by-id/x", 'path "/dev/disk by-id/x" contains whitespace or a control character (" ")'],
    ["/dev/sd\0a", 'path "/dev/sd\0a" contains whitespace or a control character (U+0000)'],
    ["/dev/../sda", 'path "/dev/../sda" contains a "." or ".." segment'],
    ["/dev/./sda", 'path "/dev/./sda" contains a "." or ".." segment'],
    ["/dev//sda", 'path "/dev//sda" has an empty segment (double or trailing slash)'],
    ["/dev/sda/", 'path "/dev/sda/" has an empty segment (double or trailing slash)'],
  ],
);

describe("firstBadChar and describeChar", () => {
  it("finds the first character outside the class and shows control characters by code point", () => {
    expect(firstBadChar("ab c\td", /[a-z]/)).toBe(" ");
    expect(firstBadChar("abc", /[a-z]/)).toBeUndefined();
    expect([describeChar("%"), describeChar("\t"), describeChar("\x7f")]).toEqual(['"%"', "U+0009", "U+007f"]);
  });
});
