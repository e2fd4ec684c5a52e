// ProxmoxStorage against a replayed host: a section with the same id that Phoenix did not create
// is never replaced without permission; an identical one is adopted.
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { proxmoxStorageDefinition as def } from "../../../providers/proxmox-storage/provider";
import { ProxmoxStorageInputsSchema, type ProxmoxStorageInputs } from "../../../providers/proxmox-storage/schema";
import type { Plan } from "../../../providers/core/plan";
import { FakeRunner } from "../../helpers/fake-runner";

const inputs = (raw: object): ProxmoxStorageInputs => ProxmoxStorageInputsSchema.parse(raw);
// storage.cfg as PVE writes it (tab-indented properties, blank line between sections).
const CFG = [
  "dir: local", "\tpath /var/lib/vz", "\tcontent iso,vztmpl,backup", "",
  "nfs: quickOS-vm-disks", "\texport /tank/share", "\tpath /mnt/pve/nas", "\tserver 10.0.0.5", "\tcontent images,rootdir", "",
  "zfspool: fastData-shared-bulk-data", "\tpool tank/bulk", "\tcontent images", "",
  "dir: fastData-shared-iso", "\tpath /fastData/shared-iso", "\tcontent iso,vztmpl", "\tis_mountpoint yes", "",
].join("\n");

async function planOn(desired: ProxmoxStorageInputs, previous?: ProxmoxStorageInputs): Promise<Plan> {
  const runner = new FakeRunner([{ command: "env LC_ALL=C cat /etc/pve/storage.cfg", stdout: CFG }]);
  const observed = await def.inspect(runner, desired);
  runner.assertDone();
  return def.plan(desired, observed, previous);
}
const outcome = (plan: Plan) => (plan.kind === "refuse" ? plan.reason : plan.steps.map(renderStep));

const vmDisks = { storageId: "quickOS-vm-disks", type: "zfspool", pool: "quickOS/vm-disks", content: ["images"] };
const bulk = { storageId: "fastData-shared-bulk-data", type: "zfspool", pool: "fastData/shared-bulk-data", content: ["images"] };
const iso = { storageId: "fastData-shared-iso", type: "dir", path: "/fastData/shared-iso", content: ["iso", "vztmpl", "backup"] };

describe("ProxmoxStorage create over a section that is already there", () => {
  it.each([
    ["of another type", vmDisks,
      'ProxmoxStorage "quickOS-vm-disks": storage.cfg already has a section with this id that Phoenix did not create: nfs storage at /mnt/pve/nas (content images,rootdir); ' +
        "the config wants zfspool storage on quickOS/vm-disks."],
    ["on another pool", bulk,
      'ProxmoxStorage "fastData-shared-bulk-data": storage.cfg already has a section with this id that Phoenix did not create: zfspool storage on tank/bulk (content images); ' +
        "the config wants zfspool storage on fastData/shared-bulk-data."],
  ])("refuses one %s, naming what is there", async (_, raw, named) => {
    expect(outcome(await planOn(inputs(raw)))).toBe(
      `${named} Nothing was changed. Set allow_adopt_storage: true on the dataset entry (allowAdopt) to remove and re-add it (storage.cfg only, no data touched), or choose another dataset name.`,
    );
  });

  it("takes it over when the config allows adopting", async () => {
    expect(outcome(await planOn(inputs({ ...vmDisks, allowAdopt: true })))).toEqual([
      "pvesm remove quickOS-vm-disks",
      "pvesm add zfspool quickOS-vm-disks --pool quickOS/vm-disks --content images",
    ]);
  });

  it("adopts an identical section (same type and path) and converges its content in place", async () => {
    expect(outcome(await planOn(inputs(iso)))).toEqual(["pvesm set fastData-shared-iso --content backup,iso,vztmpl"]);
  });

  it("re-adds its own section when someone changed its pool (Phoenix created it: previous inputs exist)", async () => {
    expect(outcome(await planOn(inputs(bulk), inputs(bulk)))).toEqual([
      "pvesm remove fastData-shared-bulk-data",
      "pvesm add zfspool fastData-shared-bulk-data --pool fastData/shared-bulk-data --content images",
    ]);
  });
});

describe("ProxmoxStorage with no storage.cfg", () => {
  const missing = { command: "env LC_ALL=C cat /etc/pve/storage.cfg", code: 1, stderr: "cat: /etc/pve/storage.cfg: No such file or directory\n" };

  it("reads it as 'only local' when /etc/pve is pmxcfs, and adds the storage", async () => {
    const runner = new FakeRunner([missing, { command: "test -e /etc/pve/.version" }]);
    const desired = inputs(vmDisks);
    const observed = await def.inspect(runner, desired);
    runner.assertDone();
    expect(outcome(def.plan(desired, observed, undefined))).toEqual(["pvesm add zfspool quickOS-vm-disks --pool quickOS/vm-disks --content images"]);
  });

  it("refuses to call every storage gone when /etc/pve is not mounted (pve-cluster down)", async () => {
    const runner = new FakeRunner([missing, { command: "test -e /etc/pve/.version", code: 1 }]);
    await expect(def.inspect(runner, inputs(vmDisks))).rejects.toThrow(
      "fake-host: /etc/pve/storage.cfg is missing and /etc/pve/.version too: /etc/pve is not the Proxmox cluster filesystem (is pve-cluster running?)",
    );
  });
});
