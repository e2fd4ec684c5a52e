// ZfsPool's hooks against a real host (a lab instance over SSH): adoption instead of
// re-creation, import of exported pools, refusal to touch disks with signatures, refusal of
// layout changes and of destroy without permission.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labSsh, labSshOk, labUp, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "zfs-it-pool";
const disk = (id: string) => `/dev/disk/by-id/ata-LAB_${id}`;
let lab: LabConnection;
let pool: ReturnType<typeof labHandlers>;

const mirror = { name: "tank", raidLevel: "mirror", disks: [disk("A"), disk("B")] };

beforeAll(() => {
  lab = labUp(LAB, ["--extra-disks", "ata-LAB_A,ata-LAB_B,ata-LAB_C,ata-LAB_D"]);
  pool = labHandlers(lab, "ZfsPool");
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("ZfsPool on a real host", () => {
  it("creates a mirror with autotrim, compression and atime as the original did", async () => {
    const { id, outs } = await pool.create({ ...mirror });
    expect(id).toBe("tank");
    expect(outs!.observed as Record<string, unknown>).toMatchObject({ state: "present", health: "ONLINE", autotrim: "on" });
    expect(labSshOk(LAB, "zfs get -H -o value compression,atime tank").split("\n").slice(0, 2)).toEqual(["lz4", "off"]);
  });

  it("adopts the existing pool on a second create instead of creating it again", async () => {
    labSshOk(LAB, "echo precious > /tank/file");
    const { outs } = await pool.create({ ...mirror });
    expect((outs!.observed as { state: string }).state).toBe("present");
    expect(labSshOk(LAB, "cat /tank/file").trim()).toBe("precious");
  });

  it("imports an exported pool with the same name and layout", async () => {
    labSshOk(LAB, "zpool export tank");
    const { outs } = await pool.create({ ...mirror });
    expect((outs!.observed as { state: string }).state).toBe("present");
    expect(labSshOk(LAB, "cat /tank/file").trim()).toBe("precious");
  });

  it("refuses a layout change in diff, saying what would be lost", async () => {
    const { outs } = await pool.create({ ...mirror });
    const news = { name: "tank", raidLevel: "raidz1", disks: [disk("A"), disk("B"), disk("C")] };
    await expect(pool.diff("tank", outs, news)).rejects.toThrow(/ZfsPool "tank".*(lose|destroy)/s);
  });

  it("refuses to destroy without allowDestroy and leaves the pool in place", async () => {
    const { outs } = await pool.create({ ...mirror });
    await expect(pool.delete("tank", outs)).rejects.toThrow(/destroy refused/);
    expect(labSshOk(LAB, "zpool list -H -o name").trim()).toBe("tank");
  });

  it("destroys when the stack policy allows it", async () => {
    const { outs } = await pool.create({ ...mirror });
    const allowed = labHandlers(lab, "ZfsPool", { allowDestroy: '["ZfsPool:tank"]' });
    await allowed.delete("tank", outs);
    expect(labSsh(LAB, "zpool list tank").code).not.toBe(0);
  });

  it("refuses disks that carry a signature, naming the disk, and runs nothing", async () => {
    labSshOk(LAB, `mkswap ${disk("D")} >/dev/null`);
    const single = { name: "scratch", raidLevel: "single", disks: [disk("D")] };
    await expect(pool.create(single)).rejects.toThrow(/ata-LAB_D.*swap/s);
    expect(labSsh(LAB, "zpool list scratch").code).not.toBe(0);
    expect(labSshOk(LAB, `blkid -p -o value -s TYPE ${disk("D")}`).trim()).toBe("swap");
  });

  it("refuses a disk path that does not exist instead of treating it as blank", async () => {
    await expect(pool.create({ name: "ghost", raidLevel: "single", disks: [disk("TYPO")], allowWipe: true })).rejects.toThrow(
      `ZfsPool "ghost": cannot create: disk ${disk("TYPO")} does not exist`,
    );
    expect(labSsh(LAB, "zpool list ghost").code).not.toBe(0);
  });

  it("never wipes a disk of another imported pool, even with allowWipe", async () => {
    labSshOk(LAB, `zpool create other ${disk("C")}`);
    labSshOk(LAB, "echo keep > /other/file");
    await expect(pool.create({ name: "thief", raidLevel: "single", disks: [disk("C")], allowWipe: true })).rejects.toThrow(
      new RegExp(`${disk("C")} is member of imported pool "other" \\(as ${disk("C")}-part1\\)`),
    );
    expect(labSshOk(LAB, "cat /other/file").trim()).toBe("keep");
    labSshOk(LAB, "zpool destroy other");
  });

  it("wipes and creates when the config allows wiping", async () => {
    const { outs } = await pool.create({ name: "scratch", raidLevel: "single", disks: [disk("D")], allowWipe: true });
    expect((outs!.observed as { state: string }).state).toBe("present");
  });

  it("refuses in diff a replace whose re-create on the old disks would be refused, and leaves the pool", async () => {
    const { outs } = await pool.create({ ...mirror, allowDestroy: true, allowWipe: true });
    labSshOk(LAB, "echo precious > /tank/file");
    const raidz = { name: "tank", raidLevel: "raidz1", disks: [disk("A"), disk("B"), disk("C")], allowDestroy: true };
    await expect(pool.diff("tank", outs!, { ...raidz })).rejects.toThrow(
      /could not be re-created: after zpool destroy, .*ata-LAB_A, .*ata-LAB_B keep the zfs_member label of pool "tank".*Set allow_wipe: true on the new pool entry/,
    );
    await expect(pool.update("tank", outs!, { ...raidz })).rejects.toThrow(/could not be re-created/);
    expect(labSshOk(LAB, "cat /tank/file").trim()).toBe("precious");
    // With allow_wipe on the new entry the same diff is a replace.
    expect(await pool.diff("tank", outs!, { ...raidz, allowWipe: true })).toMatchObject({ replaces: ["raidLevel", "disks"], deleteBeforeReplace: true });
  });
});
