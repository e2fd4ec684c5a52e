import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { installedVersion, parseDkmsStatus, parseGpuContainers, parseInitramfsStale, parseLoadedVersion, parseSha256, parseSmi } from "../../../providers/nvidia-driver/inspect";
import { planDeleteNvidiaDriver, planNvidiaDriver, withBlacklist } from "../../../providers/nvidia-driver/plan";
import { NvidiaDriverInputsSchema, type NvidiaDriverInputs, type NvidiaDriverObserved } from "../../../providers/nvidia-driver/schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/nvidia", name), "utf8");
const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });
const K = "6.8.12-4-pve";
const SHA = "0".repeat(63) + "1";
const URL = "https://us.download.nvidia.com/XFree86/Linux-x86_64/580.76.05/NVIDIA-Linux-x86_64-580.76.05.run";
const RUN = "/var/cache/phoenix/nvidia/NVIDIA-Linux-x86_64-580.76.05.run";
const BLACKLIST = "# Managed by Phoenix (NvidiaDriver): nouveau must not claim the GPUs before the NVIDIA driver.\nblacklist nouveau\noptions nouveau modeset=0\n";
const FLAGS = "--silent --dkms --skip-module-load --allow-installation-with-running-driver --no-nouveau-check --no-x-check --no-opengl-files";

describe("parsers (captured formats)", () => {
  it("reads the loaded version from proprietary and open modules' /proc/driver/nvidia/version", () => {
    expect(parseLoadedVersion(ok(fixture("proc-version-proprietary.txt")))).toBe("550.54.14");
    expect(parseLoadedVersion(ok(fixture("proc-version-open.txt")))).toBe("555.58.02");
    expect(parseLoadedVersion({ code: 1, stdout: "", stderr: "cat: /proc/driver/nvidia/version: No such file or directory" })).toBeNull();
    expect(() => parseLoadedVersion(ok("NVRM version: garbage\n"))).toThrow(/unexpected/);
  });
  it("reads nvidia-smi's CSV and its failure modes", () => {
    expect(parseSmi(ok("550.54.14\n550.54.14\n"))).toEqual({ state: "ok", version: "550.54.14" });
    expect(parseSmi({ code: 127, stdout: "", stderr: "env: 'nvidia-smi': No such file or directory" })).toEqual({ state: "missing" });
    expect(parseSmi({ code: 9, stdout: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n", stderr: "" })).toEqual({ state: "not-loaded" });
    expect(parseSmi({ code: 18, stdout: "Failed to initialize NVML: Driver/library version mismatch\n", stderr: "" }).state).toBe("mismatch");
  });
  it("reads dkms 3 and dkms 2 status lines, nvidia only", () => {
    expect(parseDkmsStatus(ok(fixture("dkms-status-3.txt")))).toEqual([
      { version: "550.54.14", kernel: K, state: "installed" },
      { version: "550.54.14", kernel: "6.5.13-6-pve", state: "installed" },
    ]);
    expect(parseDkmsStatus(ok(fixture("dkms-status-2.txt")))).toEqual([
      { version: "535.183.01", kernel: "6.2.16-3-pve", state: "installed" },
      { version: "550.54.14", state: "added" },
    ]);
    expect(parseDkmsStatus({ code: 127, stdout: "", stderr: "env: 'dkms': No such file or directory" })).toBeNull();
  });
  it("reads sha256sum, stat mtimes and the GPU container confs", () => {
    expect(parseSha256(ok(`${SHA}  ${RUN}\n`), RUN)).toBe(SHA);
    expect(parseSha256({ code: 1, stdout: "", stderr: `sha256sum: ${RUN}: No such file or directory` }, RUN)).toBeNull();
    const stat = (lines: string, code = 0) => ({ code, stdout: lines, stderr: "" });
    expect(parseInitramfsStale(stat(`200 /boot/initrd.img-${K}\n100 /etc/modprobe.d/blacklist-nouveau.conf\n`), K)).toBe(false);
    expect(parseInitramfsStale(stat(`100 /boot/initrd.img-${K}\n200 /etc/modprobe.d/blacklist-nouveau.conf\n`), K)).toBe(true);
    expect(parseInitramfsStale(stat("200 /etc/modprobe.d/blacklist-nouveau.conf\n", 1), K)).toBe(true);
    expect(parseInitramfsStale(stat(`200 /boot/initrd.img-${K}\n`, 1), K)).toBe(false);
    expect(parseGpuContainers("/etc/pve/lxc/950.conf\n/etc/pve/lxc/101.conf\n")).toEqual(["101", "950"]);
  });
  it("takes the installed driver from DKMS for the running kernel, with its userspace", () => {
    const dkms = [{ version: "580.76.05", kernel: K, state: "installed" }];
    expect(installedVersion({ kernel: K, dkms, smi: { state: "not-loaded" } })).toBe("580.76.05");
    expect(installedVersion({ kernel: K, dkms, smi: { state: "missing" } })).toBeNull();
    expect(installedVersion({ kernel: "6.8.0-1-pve", dkms, smi: { state: "not-loaded" } })).toBeNull();
  });
});

const desired: NvidiaDriverInputs = { version: "580.76.05", runfileUrl: URL, runfileSha256: SHA };
const fresh: NvidiaDriverObserved = { kernel: K, loaded: null, smi: { state: "missing" }, dkms: [], headers: true, runfileSha256: null, blacklist: null, initramfsStale: false, gpuContainers: [], rebootRequired: false };
const installed: NvidiaDriverObserved = { ...fresh, smi: { state: "not-loaded" }, dkms: [{ version: "580.76.05", kernel: K, state: "installed" }], runfileSha256: SHA, blacklist: BLACKLIST, rebootRequired: true };
const loaded: NvidiaDriverObserved = { ...installed, loaded: "580.76.05", smi: { state: "ok", version: "580.76.05" }, rebootRequired: false };
const commands = (plan: ReturnType<typeof planNvidiaDriver>) => (plan.kind === "steps" ? plan.steps.map(renderStep) : plan.reason);

describe("planNvidiaDriver", () => {
  it("first install: download, check, keep, install with DKMS, blacklist, initramfs; says a reboot follows", () => {
    const plan = planNvidiaDriver(desired, fresh);
    expect(commands(plan)).toEqual([
      "install -d -m 0755 /var/cache/phoenix/nvidia",
      `curl --fail --location --silent --show-error --output ${RUN}.part ${URL}`,
      "sha256sum --check --strict --quiet",
      `mv -f -- ${RUN}.part ${RUN}`,
      `sh ${RUN} ${FLAGS}`,
      expect.stringMatching(/^write \/etc\/modprobe\.d\/blacklist-nouveau\.conf \(3 lines, sha256 [0-9a-f]{12}\)$/),
      "update-initramfs -u -k all",
    ]);
    expect(plan.kind === "steps" && plan.steps[2].stdin).toBe(`${SHA}  ${RUN}.part\n`);
    expect(plan.kind === "steps" && plan.warnings.join()).toMatch(/must reboot after this install/);
  });
  it("uses a pre-seeded runfile without downloading (air-gapped host)", () => {
    expect(commands(planNvidiaDriver({ version: "580.76.05", runfileSha256: SHA }, { ...fresh, runfileSha256: SHA, blacklist: BLACKLIST }))).toEqual([`sh ${RUN} ${FLAGS}`]);
  });
  it("downloads again over a cached file with another checksum, and warns", () => {
    const plan = planNvidiaDriver(desired, { ...fresh, runfileSha256: "f".repeat(64), blacklist: BLACKLIST });
    expect(plan.kind === "steps" && plan.steps.length).toBe(5);
    expect(plan.kind === "steps" && plan.warnings[0]).toMatch(/has SHA-256 f+, not 0+1: downloading it again/);
  });
  it.each([
    ["no checksum configured", { ...desired, runfileSha256: undefined }, fresh, /no SHA-256 for the runfile \(nvidia_driver\.runfile_sha256\)/],
    ["no dkms", desired, { ...fresh, dkms: null }, /no dkms; install it with the kernel headers first \(apt-get install dkms proxmox-headers-6\.8\.12-4-pve\)/],
    ["no headers", desired, { ...fresh, headers: false }, /no kernel headers for the running kernel 6\.8\.12-4-pve/],
    ["not cached and no URL", { version: "580.76.05", runfileSha256: SHA }, fresh, /is not in the cache and no runfile_url is configured/],
  ])("refuses an install with %s", (_name, d, o, reason) => {
    const plan = planNvidiaDriver(d as NvidiaDriverInputs, o as NvidiaDriverObserved);
    expect(plan.kind).toBe("refuse");
    expect(commands(plan)).toMatch(reason);
  });
  it("installed but not loaded: no steps, a reboot-required warning", () => {
    const plan = planNvidiaDriver(desired, installed);
    expect(commands(plan)).toEqual([]);
    expect(plan.kind === "steps" && plan.warnings).toEqual(["reboot required: NVIDIA driver 580.76.05 is installed but no NVIDIA driver is loaded; it loads at the next boot (Phoenix never reboots the host: reboot it, then run up again)"]);
  });
  it("is converged once loaded (idempotence), and needs no checksum then", () => {
    expect(planNvidiaDriver(desired, loaded)).toEqual({ kind: "steps", steps: [], warnings: [] });
    expect(commands(planNvidiaDriver({ version: "580.76.05" }, loaded))).toEqual([]);
  });
  it("replaces another installed version (drift) from the cache", () => {
    const other = { ...loaded, dkms: [{ version: "535.183.01", kernel: K, state: "installed" }] };
    expect(commands(planNvidiaDriver(desired, other))).toEqual([`sh ${RUN} ${FLAGS}`]);
  });
  it("rebuilds a stale initramfs, and keeps hand-written blacklist lines", () => {
    expect(commands(planNvidiaDriver(desired, { ...loaded, initramfsStale: true }))).toEqual(["update-initramfs -u -k all"]);
    expect(withBlacklist("blacklist nvidiafb\n")).toBe("blacklist nvidiafb\nblacklist nouveau\noptions nouveau modeset=0\n");
    expect(withBlacklist(withBlacklist(null))).toBe(withBlacklist(null));
  });
});

describe("planDeleteNvidiaDriver", () => {
  it("refuses under GPU containers unless allowed", () => {
    const plan = planDeleteNvidiaDriver(desired, { ...loaded, gpuContainers: ["950"] }, false);
    expect(commands(plan)).toMatch(/containers 950 pass NVIDIA GPUs through .* phoenix:allowDestroy "NvidiaDriver:nvidia"/);
    expect(commands(planDeleteNvidiaDriver(desired, { ...loaded, gpuContainers: ["950"] }, true))).toEqual([
      "nvidia-installer --uninstall --silent --skip-module-unload",
      "remove /etc/modprobe.d/blacklist-nouveau.conf",
      "update-initramfs -u -k all",
    ]);
  });
  it("uninstalls without GPU containers, and is empty when nothing is left", () => {
    expect(commands(planDeleteNvidiaDriver(desired, loaded, false))).toHaveLength(3);
    expect(commands(planDeleteNvidiaDriver(desired, fresh, false))).toEqual([]);
  });
});

describe("inputs", () => {
  it("refuses a bad version, checksum or runfile URL", () => {
    const r = NvidiaDriverInputsSchema.safeParse({ version: "580", runfileSha256: "XYZ", runfileUrl: "https://example.com/driver.zip" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["version", "runfileUrl", "runfileSha256"]);
  });
});
