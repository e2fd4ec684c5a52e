// ZfsDataset and ProxmoxStorage hooks against a real host: create, drift seen by read and
// diff, repair by update, guarded delete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labSsh, labSshOk, labUp, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "zfs-it-dataset";
let lab: LabConnection;

beforeAll(async () => {
  lab = labUp(LAB, ["--extra-disks", "ata-LAB_E"]);
  await labHandlers(lab, "ZfsPool").create({ name: "data", raidLevel: "single", disks: ["/dev/disk/by-id/ata-LAB_E"] });
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

const media = { fullName: "data/media", properties: { mountpoint: "/data/media", recordsize: "1M", compression: "zstd", quota: "10G" } };

describe("ZfsDataset on a real host", () => {
  it("creates the dataset with every configured property set locally", async () => {
    const ds = labHandlers(lab, "ZfsDataset");
    await ds.create({ ...media });
    expect(labSshOk(LAB, "zfs get -H -o property,value,source recordsize,compression,quota data/media")).toBe(
      "recordsize\t1M\tlocal\ncompression\tzstd\tlocal\nquota\t10G\tlocal\n",
    );
  });

  it("sees an out-of-band change on read, plans the repair in diff and applies it in update", async () => {
    const ds = labHandlers(lab, "ZfsDataset");
    const { outs } = await ds.create({ ...media });
    expect(await ds.diff("data/media", outs, { ...media })).toEqual({ changes: false });
    labSshOk(LAB, "zfs set recordsize=128K data/media");
    const refreshed = await ds.read("data/media", outs);
    expect(await ds.diff("data/media", refreshed.props!, { ...media })).toEqual({ changes: true });
    await ds.update("data/media", refreshed.props!, { ...media });
    expect(labSshOk(LAB, "zfs get -H -o value recordsize data/media").trim()).toBe("1M");
  });

  it("refuses to destroy a dataset that has a child, even when allowed", async () => {
    const ds = labHandlers(lab, "ZfsDataset", { allowDestroy: '["ZfsDataset:data/media"]' });
    const { outs } = await ds.create({ ...media });
    labSshOk(LAB, "zfs create data/media/child");
    await expect(ds.delete("data/media", outs)).rejects.toThrow(/child datasets data\/media\/child/);
    expect(labSsh(LAB, "zfs list data/media").code).toBe(0);
  });
});

describe("ProxmoxStorage on a real host", () => {
  const iso = { storageId: "data-media", type: "dir", path: "/data/media", content: ["iso", "vztmpl"] };

  it("registers a dir storage that insists on the dataset being mounted", async () => {
    const st = labHandlers(lab, "ProxmoxStorage");
    await st.create({ ...iso });
    expect(labSshOk(LAB, "cat /etc/pve/storage.cfg")).toContain("dir: data-media\n\tpath /data/media\n\tcontent iso,vztmpl\n\tis_mountpoint yes\n");
  });

  it("repairs content changed out of band and removes only the registration", async () => {
    const st = labHandlers(lab, "ProxmoxStorage");
    const { outs } = await st.create({ ...iso });
    labSshOk(LAB, "pvesm set data-media --content iso");
    const refreshed = await st.read("data-media", outs);
    expect(await st.diff("data-media", refreshed.props!, { ...iso })).toEqual({ changes: true });
    await st.update("data-media", refreshed.props!, { ...iso });
    expect(labSshOk(LAB, "cat /etc/pve/storage.cfg")).toContain("\tcontent iso,vztmpl\n");
    await st.delete("data-media", outs);
    expect(labSshOk(LAB, "cat /etc/pve/storage.cfg")).not.toContain("data-media");
    expect(labSsh(LAB, "zfs list data/media").code).toBe(0);
  });

  it("refuses to replace a section with the same id that Phoenix did not create, until adopting is allowed", async () => {
    const st = labHandlers(lab, "ProxmoxStorage");
    labSshOk(LAB, "pvesm add zfspool data-foreign --pool data --content images");
    const mine = { storageId: "data-foreign", type: "dir", path: "/data/media", content: ["iso"] };
    await expect(st.create({ ...mine })).rejects.toThrow(/Phoenix did not create: zfspool storage on data \(content images\).*allow_adopt_storage/);
    expect(labSshOk(LAB, "cat /etc/pve/storage.cfg")).toContain("zfspool: data-foreign\n\tpool data\n");
    await st.create({ ...mine, allowAdopt: true });
    expect(labSshOk(LAB, "cat /etc/pve/storage.cfg")).toContain("dir: data-foreign\n\tpath /data/media\n");
  });
});
