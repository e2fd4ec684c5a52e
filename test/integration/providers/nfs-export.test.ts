// NfsExport hooks against a real host (the lab's nfs-utils exportfs): two exports share one
// file without losing each other's lines, a hand-edited /etc/exports is never touched, drift in
// the file and in the live table is repaired, and delete removes only its own line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labSshOk, labUp, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "nfs-it";
let lab: LabConnection;
const bulk = { path: "/srv/bulk", clients: [{ host: "10.0.0.0/24", options: ["rw", "sync", "no_subtree_check", "no_root_squash"] }] };
const media = { path: "/srv/media", clients: [{ host: "10.0.0.5", options: ["ro", "all_squash", "no_subtree_check"] }, { host: "*", options: ["ro", "no_subtree_check"] }] };
const live = () => labSshOk(LAB, "exportfs -v");
const file = () => labSshOk(LAB, "cat /etc/exports.d/phoenix.exports");

beforeAll(() => {
  lab = labUp(LAB);
  labSshOk(LAB, "mkdir -p /srv/bulk /srv/media /srv/mine && echo '/srv/mine 10.9.9.9(ro,no_subtree_check)' > /etc/exports && rm -f /etc/exports.d/phoenix.exports && exportfs -ra");
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("NfsExport on a real host", () => {
  it("creates two exports at once in one file, keeping /etc/exports", async () => {
    const nfs = labHandlers(lab, "NfsExport");
    await Promise.all([nfs.create({ ...bulk }), nfs.create({ ...media })]);
    expect(file()).toContain("/srv/bulk 10.0.0.0/24(rw,sync,no_subtree_check,no_root_squash)\n");
    expect(file()).toContain("/srv/media 10.0.0.5(ro,all_squash,no_subtree_check) *(ro,no_subtree_check)\n");
    expect(live()).toMatch(/\/srv\/bulk\s+10\.0\.0\.0\/24\([^)]*no_root_squash/);
    expect(live()).toMatch(/\/srv\/media\s+<world>\(/);
    expect(live()).toMatch(/\/srv\/mine\s+10\.9\.9\.9\(/);
    expect(labSshOk(LAB, "cat /etc/exports")).toBe("/srv/mine 10.9.9.9(ro,no_subtree_check)\n");
  });

  it("is converged after create, sees a hand edit and an unexport, and repairs both", async () => {
    const nfs = labHandlers(lab, "NfsExport");
    const { outs } = await nfs.create({ ...bulk });
    expect(await nfs.diff(bulk.path, outs, { ...bulk })).toEqual({ changes: false });
    labSshOk(LAB, "sed -i 's/no_root_squash/root_squash/' /etc/exports.d/phoenix.exports && exportfs -ra");
    const edited = await nfs.read(bulk.path, outs);
    expect(await nfs.diff(bulk.path, edited.props!, { ...bulk })).toEqual({ changes: true });
    await nfs.update(bulk.path, edited.props!, { ...bulk });
    expect(live()).toMatch(/\/srv\/bulk\s+10\.0\.0\.0\/24\([^)]*no_root_squash/);
    labSshOk(LAB, "exportfs -u 10.0.0.0/24:/srv/bulk");
    const unexported = await nfs.read(bulk.path, outs);
    expect(await nfs.diff(bulk.path, unexported.props!, { ...bulk })).toEqual({ changes: true });
    await nfs.update(bulk.path, unexported.props!, { ...bulk });
    expect(live()).toMatch(/\/srv\/bulk\s+10\.0\.0\.0\/24\(/);
  });

  it("removes only its own line and export", async () => {
    const nfs = labHandlers(lab, "NfsExport");
    const { outs } = await nfs.create({ ...media });
    await nfs.delete(media.path, outs);
    expect(file()).not.toContain("/srv/media");
    expect(file()).toContain("/srv/bulk");
    expect(live()).not.toContain("/srv/media");
    expect(live()).toContain("/srv/mine");
  });
});
