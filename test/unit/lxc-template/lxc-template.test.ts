import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { parseAvailable, parseList, parseListResult } from "../../../providers/lxc-template/inspect";
import { planLxcTemplate } from "../../../providers/lxc-template/plan";
import { LxcTemplateInputsSchema, type LxcTemplateObserved } from "../../../providers/lxc-template/schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/lxc", name), "utf8");
const UBUNTU = { storage: "fastData-shared-iso", file: "ubuntu-24.04-standard_24.04-2_amd64.tar.zst" };

describe("pveam parsers", () => {
  it("reads the volids of pveam list, without the header", () => {
    expect(parseList(fixture("pveam-list.txt"))).toEqual([
      "fastData-shared-iso:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst",
      "fastData-shared-iso:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst",
    ]);
  });

  it("reads the file names of pveam available", () => {
    expect(parseAvailable(fixture("pveam-available.txt"))).toContain("ubuntu-24.04-standard_24.04-2_amd64.tar.zst");
    expect(parseAvailable(fixture("pveam-available.txt"))).toHaveLength(3);
  });

  it.each([
    ["present", { code: 0, stdout: fixture("pveam-list.txt"), stderr: "" }, { present: true }],
    ["absent", { code: 0, stdout: "NAME                                                         SIZE  \n", stderr: "" }, { present: false }],
    ["a storage without vztmpl", { code: 255, stdout: "", stderr: "Storage do not support templates!\n" }, { present: false, storageProblem: "Storage do not support templates!" }],
    ["a missing storage", { code: 255, stdout: "", stderr: "storage 'fastData-shared-iso' does not exist\n" }, { present: false, storageProblem: "storage 'fastData-shared-iso' does not exist" }],
  ])("tells %s apart", (_, result, expected) => {
    expect(parseListResult(UBUNTU, result)).toEqual(expected);
  });
});

describe("planLxcTemplate", () => {
  it.each<[string, LxcTemplateObserved, string[]]>([
    ["is converged when the archive is there", { present: true }, []],
    ["downloads a missing archive the catalog offers", { present: false, inCatalog: true }, ["pveam download fastData-shared-iso ubuntu-24.04-standard_24.04-2_amd64.tar.zst"]],
    ["refreshes a catalog that does not list it first", { present: false, inCatalog: false }, ["pveam update", "pveam download fastData-shared-iso ubuntu-24.04-standard_24.04-2_amd64.tar.zst"]],
  ])("%s", (_, observed, commands) => {
    const plan = planLxcTemplate(UBUNTU, observed);
    expect(plan.kind === "steps" && plan.steps.map(renderStep)).toEqual(commands);
  });

  it("warns, without refusing, when the storage cannot be listed yet (it may be created in the same run)", () => {
    const plan = planLxcTemplate(UBUNTU, { present: false, inCatalog: true, storageProblem: "storage 'fastData-shared-iso' does not exist" });
    expect(plan.kind === "steps" && plan.warnings).toEqual([
      "storage fastData-shared-iso cannot be listed yet (storage 'fastData-shared-iso' does not exist); the download needs it to exist and allow vztmpl",
    ]);
  });

  it.each(["../etc/passwd.tar.gz", "a b.tar.zst", "ubuntu.iso", "dir/x.tar.zst", "-x.tar.gz"])("refuses the file name %j", (file) => {
    expect(LxcTemplateInputsSchema.safeParse({ ...UBUNTU, file }).success).toBe(false);
  });
});
