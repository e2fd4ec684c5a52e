// NvidiaDriver planner. Install or upgrade: the runfile from the host's cache (downloaded first,
// as its own visible steps, only when the cache lacks a file with the expected SHA-256), run with
// DKMS and without loading the module; then the nouveau blacklist and the initramfs. Phoenix
// never reboots: an installed driver that is not the loaded one is reported as a pending reboot.
import { planSteps, refuse, type Plan } from "../core/plan";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { installedVersion } from "./inspect";
import { BLACKLIST_FILE, RUNFILE_CACHE, runfilePath, type NvidiaDriverInputs, type NvidiaDriverObserved } from "./schema";

// --dkms: rebuilt for every new kernel (the original's --no-dkms left the module behind after a
// kernel update). --skip-module-load: never load (or roll back over a failed load) mid-run; the
// module loads at boot. --no-nouveau-check: Phoenix writes the blacklist itself.
// --allow-installation-with-running-driver: an upgrade under running GPU containers.
export const INSTALL_FLAGS = ["--silent", "--dkms", "--skip-module-load", "--allow-installation-with-running-driver", "--no-nouveau-check", "--no-x-check", "--no-opengl-files"];

const BLACKLIST = ["blacklist nouveau", "options nouveau modeset=0"];
const HEADER = "# Managed by Phoenix (NvidiaDriver): nouveau must not claim the GPUs before the NVIDIA driver.";

/** The blacklist file with both nouveau lines (other lines kept); idempotent. */
export function withBlacklist(current: string | null): string {
  if (current === null || current.trim() === "") return `${HEADER}\n${BLACKLIST.join("\n")}\n`;
  const lines = current.replace(/\n$/, "").split("\n");
  const missing = BLACKLIST.filter((want) => !lines.some((l) => l.trim().replace(/\s+/g, " ") === want));
  return missing.length === 0 ? current : `${[...lines, ...missing].join("\n")}\n`;
}

const label = (inputs: NvidiaDriverInputs) => `NvidiaDriver ${inputs.version}`;

/** The message GPU consumers and the driver itself give while the installed driver waits for a boot. */
export function rebootMessage(version: string, loaded: string | null): string {
  const running = loaded === null ? "no NVIDIA driver is loaded" : `the loaded driver is ${loaded}`;
  return `reboot required: NVIDIA driver ${version} is installed but ${running}; it loads at the next boot (Phoenix never reboots the host: reboot it, then run up again)`;
}

function downloadSteps(url: string, path: string, sha256: string): Step[] {
  const part = `${path}.part`;
  return [
    step(`create the runfile cache ${RUNFILE_CACHE}`, ["install", "-d", "-m", "0755", RUNFILE_CACHE]),
    step(`download the runfile (an air-gapped host pre-seeds ${path} instead)`, ["curl", "--fail", "--location", "--silent", "--show-error", "--output", part, url]),
    step(`check the download's SHA-256 (${sha256.slice(0, 12)}…) before it reaches the cache`, ["sha256sum", "--check", "--strict", "--quiet"], { stdin: `${sha256}  ${part}\n` }),
    step(`keep the checked runfile as ${path}`, ["mv", "-f", "--", part, path]),
  ];
}

function installSteps(desired: NvidiaDriverInputs, observed: NvidiaDriverObserved, installed: string | null): { steps: Step[]; warnings: string[] } | { refuse: string } {
  const who = label(desired);
  const kernel = observed.kernel;
  const path = runfilePath(desired);
  if (observed.dkms === null) return { refuse: `${who}: the host has no dkms; install it with the kernel headers first (apt-get install dkms proxmox-headers-${kernel}): the driver is built with DKMS so kernel updates rebuild it` };
  if (!observed.headers) return { refuse: `${who}: no kernel headers for the running kernel ${kernel} (/lib/modules/${kernel}/build); install them first (apt-get install proxmox-headers-${kernel})` };
  if (desired.runfileSha256 === undefined) return { refuse: `${who}: no SHA-256 for the runfile (nvidia_driver.runfile_sha256); Phoenix does not run an installer it cannot verify (NVIDIA publishes <runfile>.sha256sum next to it)` };
  const warnings: string[] = [];
  const steps: Step[] = [];
  if (observed.runfileSha256 !== desired.runfileSha256) {
    const found = observed.runfileSha256 === null ? `${path} is not in the cache` : `${path} has SHA-256 ${observed.runfileSha256}, not ${desired.runfileSha256}`;
    if (desired.runfileUrl === undefined) return { refuse: `${who}: ${found} and no runfile_url is configured; put the runfile there (air-gapped host) or configure its URL` };
    if (observed.runfileSha256 !== null) warnings.push(`${found}: downloading it again`);
    steps.push(...downloadSteps(desired.runfileUrl, path, desired.runfileSha256));
  }
  const what = installed === null ? "install" : `replace ${installed} with`;
  steps.push(step(`${what} NVIDIA driver ${desired.version} (DKMS; the module loads at the next boot)`, ["sh", path, ...INSTALL_FLAGS]));
  if (observed.loaded !== desired.version) warnings.push(`the host must reboot after this install before GPU containers can use driver ${desired.version}; Phoenix will not reboot it`);
  return { steps, warnings };
}

export function planNvidiaDriver(desired: NvidiaDriverInputs, observed: NvidiaDriverObserved): Plan {
  const installed = installedVersion(observed);
  const steps: Step[] = [];
  const warnings: string[] = [];
  if (installed !== desired.version) {
    const install = installSteps(desired, observed, installed);
    if ("refuse" in install) return refuse(install.refuse);
    steps.push(...install.steps);
    warnings.push(...install.warnings);
  } else if (observed.loaded !== desired.version) {
    warnings.push(rebootMessage(desired.version, observed.loaded));
  }
  const edit = planFileEdit(BLACKLIST_FILE, observed.blacklist, withBlacklist);
  if (edit) steps.push(fileEditStep("blacklist nouveau (other lines kept)", edit));
  if (edit || observed.initramfsStale) steps.push(step("rebuild the initramfs so the nouveau blacklist holds at boot", ["update-initramfs", "-u", "-k", "all"]));
  return planSteps(steps, warnings);
}

/**
 * Uninstalling: refused while containers pass NVIDIA devices through, unless allowed (they would
 * lose their GPUs at the next boot). The loaded module stays until then.
 */
export function planDeleteNvidiaDriver(inputs: NvidiaDriverInputs, observed: NvidiaDriverObserved, allowed: boolean): Plan {
  if (observed.gpuContainers.length > 0 && !allowed) {
    return refuse(`${label(inputs)}: containers ${observed.gpuContainers.join(", ")} pass NVIDIA GPUs through and would lose them; remove their gpu_assignment first, or allow it with phoenix:allowDestroy "NvidiaDriver:nvidia" (pulumi state delete keeps the driver unmanaged)`);
  }
  const steps: Step[] = [];
  const present = observed.smi.state !== "missing" || (observed.dkms ?? []).length > 0;
  if (present) steps.push(step(`uninstall NVIDIA driver ${installedVersion(observed) ?? inputs.version} (the loaded module stays until the next boot)`, ["nvidia-installer", "--uninstall", "--silent", "--skip-module-unload"], { destructive: true }));
  const edit = planFileEdit(BLACKLIST_FILE, observed.blacklist, () => null);
  if (edit) steps.push(fileEditStep("remove the nouveau blacklist", edit), step("rebuild the initramfs without the blacklist", ["update-initramfs", "-u", "-k", "all"]));
  return planSteps(steps, present ? ["nouveau comes back and the NVIDIA module goes at the next boot"] : []);
}
