import { describe, expect, it } from "vitest";
import {
  canonicalPath,
  deriveStorageId,
  parseProxmoxStorageInputs,
  ProxmoxStorageInputsSchema,
  STORAGE_ID_RE,
  storageIdProblem,
} from "../../../providers/proxmox-storage/schema";
import { describeProblems } from "../problem-table";

const zfs = { storageId: "quickOS-vm-disks", type: "zfspool", pool: "quickOS/vm-disks", content: ["images"] };
const dir = { storageId: "fastData-shared-iso", type: "dir", path: "/fastData/shared-iso", content: ["iso", "vztmpl"] };
const badId = (id: string): [string, string] => [id, `invalid storage id "${id}" (expected a letter, then letters, digits, - _ or ., ending in a letter or digit)`];

describe("ProxmoxStorageInputsSchema", () => {
  it("accepts a zfspool storage and sorts its content", () => {
    expect(ProxmoxStorageInputsSchema.parse({ ...zfs, content: ["rootdir", "images"], sparse: true })).toEqual({
      ...zfs,
      content: ["images", "rootdir"],
      sparse: true,
      allowAdopt: false,
    });
  });

  it("requires the mount point of dir storages by default and canonicalises the path", () => {
    expect(ProxmoxStorageInputsSchema.parse({ ...dir, path: "//fastData//shared-iso/", content: ["vztmpl", "iso"] })).toEqual({
      ...dir,
      isMountpoint: true,
      allowAdopt: false,
    });
  });

  it("keeps an explicit isMountpoint false", () => {
    expect(ProxmoxStorageInputsSchema.parse({ ...dir, isMountpoint: false })).toMatchObject({ isMountpoint: false });
  });

  it("drops unknown keys so state written by other versions still parses", () => {
    expect(ProxmoxStorageInputsSchema.parse({ ...zfs, retired: 1 })).toEqual({ ...zfs, allowAdopt: false });
  });

  it.each([
    ["an id starting with a digit", { ...zfs, storageId: "1quick" }, "storageId", badId("1quick")[1]],
    ["a one-letter id", { ...zfs, storageId: "q" }, "storageId", badId("q")[1]],
    ["an id with a space", { ...zfs, storageId: "quick os" }, "storageId", badId("quick os")[1]],
    ["the built-in local storage", { ...dir, storageId: "local" }, "storageId", "'local' is built into Proxmox VE and cannot be managed"],
    ["another storage type", { ...zfs, type: "nfs" }, "type", 'type must be "zfspool" or "dir"'],
    ["a missing type", { storageId: "x1", content: ["images"] }, "type", 'type must be "zfspool" or "dir"'],
    ["iso on a zfspool", { ...zfs, content: ["images", "iso"] }, "content[1]", '"iso" is not a content type of zfspool storages (images, rootdir)'],
    ["an unknown dir content type", { ...dir, content: ["templates"] }, "content[0]", '"templates" is not a content type of dir storages (images, rootdir, vztmpl, iso, backup, snippets, import)'],
    ["a repeated content type", { ...dir, content: ["iso", "iso"] }, "content", "lists a content type twice"],
    ["no content type", { ...zfs, content: [] }, "content", "needs at least one content type"],
    ["a relative dir path", { ...dir, path: "fastData/shared-iso" }, "path", "must be an absolute path of letters, digits and - _ . @ /"],
    ["a dir path with a space", { ...dir, path: "/fast Data" }, "path", "must be an absolute path of letters, digits and - _ . @ /"],
    ["a dir path with ..", { ...dir, path: "/fastData/../etc" }, "path", "must not contain . or .. segments"],
    ["the root directory", { ...dir, path: "//" }, "path", "must not be the root directory"],
    ["a pool name starting with /", { ...zfs, pool: "/quickOS/vm-disks" }, "pool", "must be a ZFS pool or <pool>/<dataset> name"],
    ["an empty dataset component", { ...zfs, pool: "quickOS//vm-disks" }, "pool", "must be a ZFS pool or <pool>/<dataset> name"],
    ["a missing pool", { storageId: "quickOS-x", type: "zfspool", content: ["images"] }, "pool", "Invalid input: expected string, received undefined"],
  ])("rejects %s", (_what, raw, property, reason) => {
    const result = parseProxmoxStorageInputs(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failures).toContainEqual({ property, reason });
  });

  it("reports every failure at once", () => {
    const result = parseProxmoxStorageInputs({ ...zfs, storageId: "-", content: ["iso"], pool: "" });
    expect(result.ok ? [] : result.failures.map((f) => f.property)).toEqual(["storageId", "pool", "content[0]"]);
  });
});

describeProblems("storageIdProblem", storageIdProblem, ["quickOS-vm-disks", "local-lvm", "a1", "fastData-shared.iso"], ["a", "1abc", "abc-", "fast:data-x"].map(badId));

describe("deriveStorageId", () => {
  // zfs.datasets of the shipped phoenix_hypervisor_config.json (2025-09-23).
  const datasets = [
    ["quickOS", "vm-disks"], ["quickOS", "lxc-disks"], ["quickOS", "shared-prod-data"], ["quickOS", "shared-prod-data-sync"],
    ["quickOS", "shared-prod-data-volumes"], ["fastData", "shared-test-data"], ["fastData", "shared-backups"],
    ["fastData", "shared-iso"], ["fastData", "shared-bulk-data"],
  ] as const;

  it("names storages <pool>-<dataset>, matching the shipped proxmox_storage_ids", () => {
    expect(deriveStorageId("quickOS", "vm-disks")).toBe("quickOS-vm-disks");
    expect(deriveStorageId("fastData", "shared/iso")).toBe("fastData-shared-iso");
  });

  it("derives a valid PVE id for every shipped dataset", () => {
    const ids = datasets.map(([pool, name]) => deriveStorageId(pool, name));
    expect(ids).toHaveLength(9);
    expect(ids.filter((id) => !STORAGE_ID_RE.test(id))).toEqual([]);
    expect(ids).toContain("quickOS-shared-prod-data-volumes");
  });
});

describe("canonicalPath", () => {
  it.each([
    ["/a/b", "/a/b"],
    ["/a//b/", "/a/b"],
    ["/", "/"],
  ])("turns %s into %s", (input, expected) => {
    expect(canonicalPath(input)).toBe(expected);
  });
});
