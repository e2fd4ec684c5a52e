// End to end through the real pulumi CLI: the host's NVIDIA driver on a lab host with 2 GPUs.
// The first install (from the runfile an air-gapped host pre-seeds in the cache, checked by
// SHA-256) reports a pending reboot and a GPU container waits with that message; after a lab
// reboot the next up completes, a second up changes nothing, another driver version installed
// by hand is found by refresh and replaced by up, and uninstalling under the GPU container is
// refused until the stack allows it.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labReboot, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { TestStack } from "../helpers/pulumi-cli";

const LAB = "nv-e2e";
const VERSION = "580.76.05";
const RUNFILE = `/var/cache/phoenix/nvidia/NVIDIA-Linux-x86_64-${VERSION}.run`;
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-nv-"));
const makeRunfile = (version: string) => execFileSync("bash", [path.join(PROJECT, "lab", "emulators", "nvidia_lib", "make-runfile"), version]);
const runfile = makeRunfile(VERSION);
const sha = createHash("sha256").update(runfile).digest("hex");

let lab: LabConnection;
let stack: TestStack;

/** The small host fixture (one pool, a container storage, a template store, the real driver block) and one GPU container from the real LXC file. */
function configs(driver: boolean) {
  const hv = JSON.parse(readFileSync(path.join(PROJECT, "test", "fixtures", "e2e", "nvidia.hypervisor.json"), "utf8"));
  hv.nvidia_driver = { ...hv.nvidia_driver, install: driver, runfile_sha256: sha };
  const lxc = JSON.parse(readFileSync(path.join(PROJECT, "config", "examples", "phoenix_lxc_configs.json"), "utf8"));
  const base = lxc.lxc_configs["900"];
  lxc.lxc_configs = { "960": { ...base, name: "gpu-worker", memory_mb: 512, storage_pool: "fastData-lxc-disks", storage_size_gb: 1, gpu_assignment: "0", features: [], template_snapshot_name: undefined, template: "/fastData/shared-iso/template/cache/debian-12-standard_12.7-1_amd64.tar.zst", start_at_boot: false } };
  const hvFile = path.join(work, `hv-${driver}.json`);
  const lxcFile = path.join(work, "lxc.json");
  writeFileSync(hvFile, JSON.stringify(hv, null, 2));
  writeFileSync(lxcFile, JSON.stringify(lxc, null, 2));
  return { hypervisorConfig: hvFile, lxcConfig: lxcFile };
}

function settings(driver: boolean, extra: Record<string, string> = {}): Record<string, string> {
  return { ...configs(driver), host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath, ...extra };
}

const observed = () => {
  const state = JSON.parse(stack.ok(["stack", "export", "--stack", stack.name]).stdout);
  return state.deployment.resources.find((r: { type: string }) => r.type.endsWith("NvidiaDriver"))?.outputs?.observed;
};
const dkms = () => labSshOk(LAB, "dkms status -m nvidia").trim();

beforeAll(() => {
  lab = labUp(LAB, ["--gpus", "2"]);
  // An air-gapped host: the runfile is pre-seeded in the cache (the lab has no network).
  execFileSync("bash", [path.join(PROJECT, "lab", "lab.sh"), "ssh", LAB, "--", `mkdir -p /var/cache/phoenix/nvidia && cat > ${RUNFILE}`], { input: runfile });
  stack = new TestStack("nv-e2e", settings(true));
}, 120_000);

afterAll(() => labDown(LAB));

describe("NvidiaDriver on a lab host", () => {
  it("first install: reboot required reported, the GPU container waits with that message", { timeout: 400_000 }, () => {
    const r = stack.run(["up", "--yes", "--skip-preview"]);
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toMatch(/LxcContainer 960: GPU 0 assigned, but reboot required: NVIDIA driver 580\.76\.05 is installed but no NVIDIA driver is loaded/);
    expect(dkms()).toMatch(/^nvidia\/580\.76\.05, \S+, x86_64: installed$/);
    expect(labSshOk(LAB, "cat /etc/modprobe.d/blacklist-nouveau.conf")).toContain("blacklist nouveau\noptions nouveau modeset=0\n");
    expect(labSshOk(LAB, "cat /boot/initrd.img-$(uname -r)")).toContain("blacklist nouveau");
    expect(labSshOk(LAB, "pct list")).not.toContain("960");
    expect(observed()).toMatchObject({ rebootRequired: true, loaded: null });
  });

  it("after a reboot the next up completes; a second up changes nothing", { timeout: 400_000 }, () => {
    labReboot(LAB);
    stack.ok(["up", "--yes", "--skip-preview"]);
    expect(observed()).toMatchObject({ rebootRequired: false, loaded: VERSION, smi: { state: "ok", version: VERSION } });
    expect(labSshOk(LAB, "pct config 960")).toContain("/dev/nvidia0");
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("another driver version installed by hand is found by refresh and replaced by up", { timeout: 400_000 }, () => {
    execFileSync("bash", [path.join(PROJECT, "lab", "lab.sh"), "ssh", LAB, "--", "cat > /tmp/other.run && sh /tmp/other.run --silent --dkms --skip-module-load --allow-installation-with-running-driver"], { input: makeRunfile("570.1.2") });
    expect(dkms()).toMatch(/^nvidia\/570\.1\.2, /);
    const drift = stack.run(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(drift.code, drift.output).not.toBe(0);
    stack.ok(["refresh", "--yes"]);
    const repair = stack.ok(["up", "--yes", "--skip-preview"]);
    expect(repair.output).toMatch(/replace 570\.1\.2 with NVIDIA driver 580\.76\.05/);
    expect(dkms()).toMatch(/^nvidia\/580\.76\.05, \S+, x86_64: installed$/);
    // The loaded module was 580.76.05 all along: no reboot is due.
    expect(observed()).toMatchObject({ rebootRequired: false });
    stack.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("uninstalling under the GPU container is refused until the stack allows it", { timeout: 400_000 }, () => {
    stack.writeConfig(settings(false));
    const refused = stack.run(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/containers 960 pass NVIDIA GPUs through and would lose them/);
    expect(dkms()).not.toBe("");
    stack.writeConfig(settings(false, { allowDestroy: JSON.stringify(["NvidiaDriver:nvidia"]) }));
    stack.ok(["up", "--yes", "--skip-preview"]);
    expect(dkms()).toBe("");
    expect(labSshOk(LAB, "test -e /etc/modprobe.d/blacklist-nouveau.conf && echo present || echo gone").trim()).toBe("gone");
  });
});
