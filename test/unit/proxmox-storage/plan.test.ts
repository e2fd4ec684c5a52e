import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { observeStorage, parseStorageCfg } from "../../../providers/proxmox-storage/inspect";
import {
  describeStorageDrift,
  fixedChanges,
  planProxmoxStorage,
  planRemoveStorage,
  requiredMountpoint,
  storageLabel,
} from "../../../providers/proxmox-storage/plan";
import { ProxmoxStorageInputsSchema, type ObservedStorage, type ProxmoxStorageInputs } from "../../../providers/proxmox-storage/schema";

const inputs = (raw: object): ProxmoxStorageInputs => ProxmoxStorageInputsSchema.parse(raw);
const commands = (desired: ProxmoxStorageInputs, observed: ObservedStorage | undefined) =>
  planProxmoxStorage(desired, observed).map(renderStep);

const vmDisks = inputs({ storageId: "quickOS-vm-disks", type: "zfspool", pool: "quickOS/vm-disks", content: ["images"] });
const iso = inputs({ storageId: "fastData-shared-iso", type: "dir", path: "/fastData/shared-iso", content: ["iso", "vztmpl"] });
const zfsSeen: ObservedStorage = {
  storageId: "quickOS-vm-disks",
  type: "zfspool",
  pool: "quickOS/vm-disks",
  content: ["images"],
  mountpoint: "/quickOS/vm-disks",
  disabled: false,
};
const dirSeen: ObservedStorage = {
  storageId: "fastData-shared-iso",
  type: "dir",
  path: "/fastData/shared-iso",
  content: ["iso", "vztmpl"],
  isMountpoint: "yes",
  disabled: false,
};

describe("planProxmoxStorage", () => {
  it.each([
    ["a zfspool storage", vmDisks, ["pvesm add zfspool quickOS-vm-disks --pool quickOS/vm-disks --content images"]],
    [
      "a sparse zfspool storage",
      inputs({ storageId: "vols", type: "zfspool", pool: "quickOS/vols", content: ["rootdir", "images"], sparse: true }),
      ["pvesm add zfspool vols --pool quickOS/vols --content images,rootdir --sparse 1"],
    ],
    ["a dir storage (mount point required)", iso, ["pvesm add dir fastData-shared-iso --path /fastData/shared-iso --content iso,vztmpl --is_mountpoint yes"]],
    [
      "a dir storage that may live on the root filesystem",
      inputs({ storageId: "scratch", type: "dir", path: "/srv/scratch", content: ["backup"], isMountpoint: false }),
      ["pvesm add dir scratch --path /srv/scratch --content backup"],
    ],
  ])("adds %s that is absent", (_what, desired, expected) => {
    expect(commands(desired, undefined)).toEqual(expected);
  });

  it("describes the add step", () => {
    expect(planProxmoxStorage(vmDisks, undefined)[0].description).toBe("register zfspool storage quickOS-vm-disks on quickOS/vm-disks (images)");
  });

  it.each([
    ["a converged zfspool", vmDisks, zfsSeen],
    ["a converged dir", iso, dirSeen],
    ["content listed in another order", iso, { ...dirSeen, content: ["vztmpl", "iso"] }],
    ["is_mountpoint written as 1", iso, { ...dirSeen, isMountpoint: "1" }],
    ["is_mountpoint written as the path itself", iso, { ...dirSeen, isMountpoint: "/fastData/shared-iso/" }],
    ["an unmanaged sparse flag", vmDisks, { ...zfsSeen, sparse: true }],
    ["a disabled storage (disable is not managed)", vmDisks, { ...zfsSeen, disabled: true }],
    ["isMountpoint false and is_mountpoint no", inputs({ ...iso, isMountpoint: false }), { ...dirSeen, isMountpoint: "no" }],
  ])("does nothing for %s", (_what, desired, observed) => {
    expect(planProxmoxStorage(desired, observed)).toEqual([]);
  });

  it.each([
    ["content", vmDisks, { ...zfsSeen, content: ["images", "rootdir"] }, "pvesm set quickOS-vm-disks --content images"],
    ["content none", vmDisks, { ...zfsSeen, content: [] }, "pvesm set quickOS-vm-disks --content images"],
    ["a missing is_mountpoint", iso, { ...dirSeen, isMountpoint: undefined }, "pvesm set fastData-shared-iso --is_mountpoint yes"],
    ["is_mountpoint no", iso, { ...dirSeen, isMountpoint: "no" }, "pvesm set fastData-shared-iso --is_mountpoint yes"],
    ["is_mountpoint on the parent dataset", iso, { ...dirSeen, isMountpoint: "/fastData" }, "pvesm set fastData-shared-iso --is_mountpoint yes"],
    ["an unwanted is_mountpoint", inputs({ ...iso, isMountpoint: false }), dirSeen, "pvesm set fastData-shared-iso --delete is_mountpoint"],
    ["a missing sparse flag", inputs({ ...vmDisks, sparse: true }), zfsSeen, "pvesm set quickOS-vm-disks --sparse 1"],
    ["an unwanted sparse flag", inputs({ ...vmDisks, sparse: false }), { ...zfsSeen, sparse: true }, "pvesm set quickOS-vm-disks --delete sparse"],
    [
      "content and mount point together",
      inputs({ ...iso, content: ["iso"] }),
      { ...dirSeen, isMountpoint: undefined },
      "pvesm set fastData-shared-iso --content iso --is_mountpoint yes",
    ],
  ])("runs one pvesm set for drifted %s", (_what, desired, observed, expected) => {
    expect(commands(desired, observed)).toEqual([expected]);
  });

  it("describes the set step with old and new values", () => {
    const [only] = planProxmoxStorage(iso, { ...dirSeen, content: ["iso"], isMountpoint: undefined });
    expect(only.description).toBe("update storage fastData-shared-iso: content iso -> iso,vztmpl, is_mountpoint (unset) -> yes");
  });

  it.each([
    ["the pool", vmDisks, { ...zfsSeen, pool: "quickOS/old-disks" }, ["pool"]],
    ["the path", iso, { ...dirSeen, path: "/quickOS/shared-iso" }, ["path"]],
    ["the type", iso, { ...zfsSeen, storageId: "fastData-shared-iso" }, ["type", "path"]],
    ["an unmanaged type", vmDisks, { storageId: "quickOS-vm-disks", type: "nfs", path: "/mnt/pve/x", content: ["images"], disabled: false }, ["type", "pool"]],
  ])("replaces the storage when %s changes", (_what, desired, observed, expected) => {
    expect(fixedChanges(desired, observed)).toEqual(expected);
    const steps = planProxmoxStorage(desired, observed);
    expect(steps.map(renderStep)).toEqual([`pvesm remove ${desired.storageId}`, renderStep(planProxmoxStorage(desired, undefined)[0])]);
    expect(steps[0].description).toBe(
      `remove storage ${desired.storageId} from storage.cfg to re-add it (${expected.join(", ")} cannot change in place) (config only, no data touched)`,
    );
    expect(steps.some((s) => s.destructive)).toBe(false);
  });

  it("reports no fixed change for a converged storage or a canonicalised path", () => {
    expect(fixedChanges(vmDisks, zfsSeen)).toEqual([]);
    expect(fixedChanges(iso, { ...dirSeen, path: "/fastData/shared-iso/" })).toEqual([]);
  });

  it("compares fixed options against previous inputs too", () => {
    expect(fixedChanges(vmDisks, { ...vmDisks, pool: "quickOS/other" })).toEqual(["pool"]);
  });
});

describe("idempotence against a storage.cfg written by PVE", () => {
  const sections = parseStorageCfg(readFileSync(join(__dirname, "../../fixtures/proxmox-storage/phoenix-storages.cfg"), "utf8"));
  const shipped: [string, "zfspool" | "dir", string, string[]][] = [
    ["quickOS-vm-disks", "zfspool", "quickOS/vm-disks", ["images"]],
    ["quickOS-lxc-disks", "zfspool", "quickOS/lxc-disks", ["rootdir"]],
    ["quickOS-shared-prod-data", "dir", "quickOS/shared-prod-data", ["images"]],
    ["quickOS-shared-prod-data-sync", "dir", "quickOS/shared-prod-data-sync", ["images"]],
    ["quickOS-shared-prod-data-volumes", "zfspool", "quickOS/shared-prod-data-volumes", ["images", "rootdir"]],
    ["fastData-shared-test-data", "dir", "fastData/shared-test-data", ["images", "rootdir"]],
    ["fastData-shared-backups", "dir", "fastData/shared-backups", ["backup"]],
    ["fastData-shared-iso", "dir", "fastData/shared-iso", ["iso", "vztmpl"]],
    ["fastData-shared-bulk-data", "dir", "fastData/shared-bulk-data", ["images"]],
  ];

  // Regression, original bug C.5: every run re-ran `pvesm set --content` because it compared the type column.
  it.each(shipped)("plans nothing for %s", (storageId, type, dataset, content) => {
    const where = type === "zfspool" ? { pool: dataset } : { path: `/${dataset}` };
    const desired = inputs({ storageId, type, content, ...where });
    expect(planProxmoxStorage(desired, observeStorage(sections, storageId))).toEqual([]);
    expect(describeStorageDrift(desired, observeStorage(sections, storageId))).toEqual([]);
  });
});

describe("planRemoveStorage", () => {
  it("removes a registered storage (config only)", () => {
    const steps = planRemoveStorage("quickOS-vm-disks", zfsSeen);
    expect(steps.map(renderStep)).toEqual(["pvesm remove quickOS-vm-disks"]);
    expect(steps[0].description).toBe("remove storage quickOS-vm-disks from storage.cfg (config only, no data touched)");
  });

  it("treats an absent storage as already removed", () => {
    expect(planRemoveStorage("quickOS-vm-disks", undefined)).toEqual([]);
  });
});

describe("describeStorageDrift", () => {
  it.each([
    ["an absent zfspool", vmDisks, undefined, ["not registered: would add zfspool storage on quickOS/vm-disks"]],
    ["an absent dir", iso, undefined, ["not registered: would add dir storage at /fastData/shared-iso"]],
    ["content drift", vmDisks, { ...zfsSeen, content: ["rootdir"] }, ["content: rootdir -> images"]],
    ["content none", vmDisks, { ...zfsSeen, content: [] }, ["content: none -> images"]],
    [
      "two options",
      iso,
      { ...dirSeen, content: ["iso"], isMountpoint: "no" },
      ["content: iso -> iso,vztmpl", "is_mountpoint: no -> yes"],
    ],
    [
      "a fixed option",
      vmDisks,
      { ...zfsSeen, pool: "quickOS/old", content: ["rootdir"] },
      ["pool: quickOS/old -> quickOS/vm-disks (fixed option: remove and re-add, no data touched)"],
    ],
    [
      "a type change",
      iso,
      zfsSeen,
      ["type: zfspool -> dir (fixed option: remove and re-add, no data touched)", "path: (unset) -> /fastData/shared-iso (fixed option: remove and re-add, no data touched)"],
    ],
  ])("lists %s", (_what, desired, observed, expected) => {
    expect(describeStorageDrift(desired, observed)).toEqual(expected);
  });
});

describe("requiredMountpoint / storageLabel", () => {
  it.each([
    [undefined, undefined],
    ["yes", "/fastData/shared-iso"],
    ["On", "/fastData/shared-iso"],
    ["0", undefined],
    ["/fastData/", "/fastData"],
  ])("reads is_mountpoint %s as %s", (value, expected) => {
    expect(requiredMountpoint({ path: "/fastData/shared-iso", isMountpoint: value })).toBe(expected);
  });

  it("names the object in messages", () => {
    expect(storageLabel(vmDisks)).toBe('ProxmoxStorage "quickOS-vm-disks"');
  });
});
