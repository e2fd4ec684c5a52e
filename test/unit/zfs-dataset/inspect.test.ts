import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep, step } from "../../../providers/core/step";
import {
  isDatasetMissing,
  observeDataset,
  parseZfsGet,
  parseZfsNameList,
  zfsGetAllCommand,
  zfsListTreeCommand,
} from "../../../providers/zfs-dataset/inspect";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/zfs", name), "utf8");
const DS = "quickOS/vm-disks";

describe("dataset inspection commands", () => {
  it("renders the exact commands", () => {
    expect(renderStep(step("get", zfsGetAllCommand(DS)))).toBe("zfs get -H -p -o name,property,value,source all quickOS/vm-disks");
    expect(renderStep(step("list", zfsListTreeCommand(DS)))).toBe("zfs list -H -p -o name -t filesystem,volume,snapshot -r quickOS/vm-disks");
  });

  it("recognises a missing dataset", () => {
    expect(isDatasetMissing({ code: 1, stdout: "", stderr: "cannot open 'quickOS/vm-disks': dataset does not exist\n" })).toBe(true);
    expect(isDatasetMissing({ code: 1, stdout: "", stderr: "cannot open 'quickOS/vm-disks': permission denied\n" })).toBe(false);
  });
});

describe("parseZfsGet", () => {
  const props = parseZfsGet(fixture("zfs-get-all-vm-disks.txt"), DS);

  it("reads every row of zfs get all", () => {
    expect(Object.keys(props)).toHaveLength(75);
  });

  it.each([
    ["recordsize", { value: "131072", source: "local" }],
    ["quota", { value: "858993459200", source: "local" }],
    ["compression", { value: "lz4", source: "inherited", inheritedFrom: "quickOS" }],
    ["sync", { value: "standard", source: "default" }],
    ["used", { value: "53687091200", source: "none" }],
    ["casesensitivity", { value: "sensitive", source: "none" }],
    ["filesystem_limit", { value: "none", source: "default" }],
    ["com.sun:auto-snapshot", { value: "false", source: "local" }],
  ])("reads %s with its source", (name, expected) => {
    expect(props[name]).toEqual(expected);
  });

  it("keeps tabs inside a user property value", () => {
    expect(parseZfsGet("tank/a\tphoenix:note\ta\tb\tlocal\n", "tank/a")).toEqual({ "phoenix:note": { value: "a\tb", source: "local" } });
  });

  it.each([
    ["a short line", "tank/a\tquota\t0\n", /unexpected zfs get line/],
    ["an unknown source", "tank/a\tquota\t0\tsomewhere\n", /unknown zfs property source "somewhere"/],
  ])("rejects %s", (_, text, error) => {
    expect(() => parseZfsGet(text, "tank/a")).toThrow(error);
  });
});

describe("parseZfsNameList", () => {
  it("splits descendants from snapshots and leaves out the dataset itself", () => {
    expect(parseZfsNameList(fixture("zfs-list-tree-vm-disks.txt"), DS)).toEqual({
      children: ["quickOS/vm-disks/vm-100-disk-0"],
      snapshots: ["quickOS/vm-disks@before-upgrade", "quickOS/vm-disks/vm-100-disk-0@__replicate_100-0_1726300900__"],
    });
  });

  it("does not count a sibling that shares the name prefix", () => {
    expect(parseZfsNameList("tank/a\ntank/ab\ntank/ab@s\n", "tank/a")).toEqual({ children: [], snapshots: [] });
  });
});

describe("observeDataset", () => {
  it("assembles type, properties, children and snapshots", () => {
    const observed = observeDataset(fixture("zfs-get-all-vm-disks.txt"), fixture("zfs-list-tree-vm-disks.txt"), DS);
    expect(observed.exists && [observed.type, observed.children?.length, observed.snapshots?.length]).toEqual(["filesystem", 1, 2]);
  });
});
