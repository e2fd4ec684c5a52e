// NvidiaDriver hooks against a lab host with the stand-in runfile: preview refuses without a
// checksum or a cached runfile; install from the cache reports a pending reboot (and diff keeps
// asking the host while it is pending); after a reboot diff records the loaded driver; a runfile
// with the wrong checksum is never run; delete uninstalls.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labReboot, labSshOk, labUp, PROJECT, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "nv-it";
const VERSION = "580.76.05";
const RUNFILE = `/var/cache/phoenix/nvidia/NVIDIA-Linux-x86_64-${VERSION}.run`;
const runfile = execFileSync("bash", [path.join(PROJECT, "lab", "emulators", "nvidia_lib", "make-runfile"), VERSION]);
const sha = createHash("sha256").update(runfile).digest("hex");
const inputs = { version: VERSION, runfileSha256: sha };
let lab: LabConnection;

const seed = (bytes: Buffer) => execFileSync("bash", [path.join(PROJECT, "lab", "lab.sh"), "ssh", LAB, "--", `mkdir -p /var/cache/phoenix/nvidia && cat > ${RUNFILE}`], { input: bytes });

beforeAll(() => {
  lab = labUp(LAB, ["--gpus", "1"]);
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("NvidiaDriver on a lab host", () => {
  it("refuses in preview without a checksum, and without the runfile in the cache or a URL", async () => {
    const nv = labHandlers(lab, "NvidiaDriver");
    await expect(nv.check({}, { version: VERSION })).rejects.toThrow(/no SHA-256 for the runfile/);
    await expect(nv.check({}, { ...inputs })).rejects.toThrow(/is not in the cache and no runfile_url is configured/);
  });

  it("never runs a cached runfile whose checksum differs", async () => {
    seed(Buffer.concat([runfile, Buffer.from("# tampered\n")]));
    const nv = labHandlers(lab, "NvidiaDriver");
    await expect(nv.create({ ...inputs })).rejects.toThrow(/has SHA-256 [0-9a-f]{64}, not/);
    expect(labSshOk(LAB, "dkms status -m nvidia")).toBe("");
  });

  it("installs from the cache, reports the pending reboot, and records the loaded driver after it", async () => {
    seed(runfile);
    const nv = labHandlers(lab, "NvidiaDriver");
    const { outs } = await nv.create({ ...inputs });
    expect(outs.observed).toMatchObject({ rebootRequired: true, loaded: null, smi: { state: "not-loaded" } });
    expect(labSshOk(LAB, "cat /etc/modprobe.d/blacklist-nouveau.conf")).toContain("blacklist nouveau");
    // Pending: diff asks the host, which has not changed.
    expect(await nv.diff("nvidia", { ...outs, __provider: "p" }, { ...inputs, __provider: "p" })).toEqual({ changes: false });
    await closeAllSessions();
    labReboot(LAB);
    expect(await nv.diff("nvidia", { ...outs, __provider: "p" }, { ...inputs, __provider: "p" })).toEqual({ changes: true });
    const after = await nv.update("nvidia", outs, { ...inputs });
    expect(after.outs.observed).toMatchObject({ rebootRequired: false, loaded: VERSION, smi: { state: "ok", version: VERSION } });
    expect(await nv.diff("nvidia", { ...after.outs, __provider: "p" }, { ...inputs, __provider: "p" })).toEqual({ changes: false });
    await nv.delete("nvidia", after.outs);
    expect(labSshOk(LAB, "dkms status -m nvidia")).toBe("");
    expect(labSshOk(LAB, "command -v nvidia-smi || echo none").trim()).toBe("none");
  });
});
