// Read-only commands for the host's NVIDIA driver and pure parsers for what they print:
// /proc/driver/nvidia/version (nv-procfs.c: `NVRM version: <module> <version> <date>` and a
// `GCC version:` line), nvidia-smi's CSV query and its documented exit codes, `dkms status`
// (dkms 3: `nvidia/<ver>, <kernel>, <arch>: <state>`; dkms 2: `nvidia, <ver>, ...`),
// sha256sum, stat.
import type { CommandResult } from "../core/runner";
import { fileContent } from "../core/file-content";
import { BLACKLIST_FILE, type DkmsEntry, type NvidiaDriverObserved, type SmiState } from "./schema";

const KERNEL = /^[A-Za-z0-9][A-Za-z0-9._+~-]*$/;
export const VERSION_FILE = "/proc/driver/nvidia/version";

export const kernelCommand = (): string[] => ["uname", "-r"];
export const versionFileCommand = (): string[] => ["env", "LC_ALL=C", "cat", VERSION_FILE];
export const smiCommand = (): string[] => ["env", "LC_ALL=C", "nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"];
export const dkmsCommand = (): string[] => ["env", "LC_ALL=C", "dkms", "status", "-m", "nvidia"];
export const blacklistCommand = (): string[] => ["env", "LC_ALL=C", "cat", BLACKLIST_FILE];
export const sha256Command = (path: string): string[] => ["env", "LC_ALL=C", "sha256sum", "--", path];
export const headersCommand = (kernel: string): string[] => ["env", "LC_ALL=C", "stat", "-c", "%F", "--", `/lib/modules/${kernel}/build`];
export const initramfsPath = (kernel: string) => `/boot/initrd.img-${kernel}`;
export const mtimesCommand = (kernel: string): string[] => ["env", "LC_ALL=C", "stat", "-c", "%Y %n", "--", initramfsPath(kernel), BLACKLIST_FILE];

/** Container confs passing NVIDIA devices through (raw mount lines or devN keys); a fixed script for the glob. */
export function gpuContainersCommand(): string[] {
  return ["sh", "-c", "grep -l -E '^(lxc\\.mount\\.entry: */dev/nvidia|dev[0-9]+: *(path=)?/dev/nvidia)' /etc/pve/lxc/*.conf 2>/dev/null; true"];
}

/** `uname -r`, checked so it can name paths. */
export function parseKernel(stdout: string): string {
  const kernel = stdout.trim();
  if (!KERNEL.test(kernel)) throw new Error(`unexpected uname -r output: ${JSON.stringify(stdout)}`);
  return kernel;
}

const DOTTED = /^\d+\.\d+(\.\d+)?$/;

/** The loaded module's version from /proc/driver/nvidia/version, or null when no module is loaded. */
export function parseLoadedVersion(result: CommandResult): string | null {
  const text = fileContent(result, VERSION_FILE);
  if (text === null) return null;
  const line = text.split("\n").find((l) => l.startsWith("NVRM version:"));
  const version = line?.slice("NVRM version:".length).trim().split(/\s+/).find((t) => DOTTED.test(t));
  if (version === undefined) throw new Error(`unexpected ${VERSION_FILE}: ${JSON.stringify(text.slice(0, 200))}`);
  return version;
}

/** nvidia-smi's answer: the driver version of GPU 0, or why it has none (exit 9: driver not loaded). */
export function parseSmi(result: CommandResult): SmiState {
  const detail = (result.stderr.trim() || result.stdout.trim()).split("\n")[0];
  if (result.code === 0) {
    const version = result.stdout.split("\n")[0].trim();
    return DOTTED.test(version) ? { state: "ok", version } : { state: "failed", detail: `unexpected output ${JSON.stringify(version)}` };
  }
  if (result.code === 127) return { state: "missing" };
  if (/version mismatch/i.test(`${result.stdout}${result.stderr}`)) return { state: "mismatch", detail };
  if (result.code === 9 || /couldn't communicate with the NVIDIA driver/.test(`${result.stdout}${result.stderr}`)) return { state: "not-loaded" };
  return { state: "failed", detail: `exit ${result.code}: ${detail}` };
}

/** `dkms status -m nvidia`; null when there is no dkms. Lines of other modules are skipped. */
export function parseDkmsStatus(result: CommandResult): DkmsEntry[] | null {
  if (result.code === 127) return null;
  if (result.code !== 0) throw new Error(`dkms status failed (exit ${result.code}): ${result.stderr.trim()}`);
  const out: DkmsEntry[] = [];
  for (const line of result.stdout.split("\n")) {
    const m = /^(.+?):\s*(\S+)/.exec(line.trim());
    if (!m) continue;
    const fields = m[1].split(",").map((f) => f.trim());
    // dkms 3 writes `nvidia/<version>` in one field, dkms 2 `nvidia, <version>`.
    const [module, version] = fields[0].includes("/") ? fields[0].split("/") : [fields[0], fields.splice(1, 1)[0]];
    if (module !== "nvidia" || version === undefined) continue;
    out.push({ version, ...(fields[1] ? { kernel: fields[1] } : {}), state: m[2] });
  }
  return out;
}

/** The digest from `sha256sum -- <path>`, or null when the file does not exist. */
export function parseSha256(result: CommandResult, path: string): string | null {
  if (result.code !== 0 && /No such file or directory/.test(result.stderr)) return null;
  const m = /^([0-9a-f]{64})\s/.exec(result.stdout);
  if (result.code !== 0 || !m) throw new Error(`sha256sum ${path} failed (exit ${result.code}): ${result.stderr.trim()}`);
  return m[1];
}

/** True when `stat -c %F` says directory. */
export function parseIsDirectory(result: CommandResult): boolean {
  return result.code === 0 && result.stdout.trim() === "directory";
}

/** The initramfs is older than the blacklist file (or missing while the file exists). */
export function parseInitramfsStale(result: CommandResult, kernel: string): boolean {
  const mtimes = new Map<string, number>();
  for (const line of result.stdout.split("\n")) {
    const m = /^(\d+) (.+)$/.exec(line);
    if (m) mtimes.set(m[2], Number(m[1]));
  }
  const blacklist = mtimes.get(BLACKLIST_FILE);
  if (blacklist === undefined) return false;
  const initramfs = mtimes.get(initramfsPath(kernel));
  return initramfs === undefined || initramfs < blacklist;
}

/** The blacklist file, or null when absent. */
export function parseCat(result: CommandResult): string | null {
  return fileContent(result, BLACKLIST_FILE);
}

/** CTIDs from the conf paths grep printed. */
export function parseGpuContainers(stdout: string): string[] {
  return stdout.split("\n").map((l) => /\/(\d+)\.conf$/.exec(l.trim())?.[1]).filter((id): id is string => id !== undefined).sort((a, b) => Number(a) - Number(b));
}

/**
 * The driver that loads at the next boot: DKMS's module installed for the running kernel, with
 * its userspace (nvidia-smi) present; null when either is missing.
 */
export function installedVersion(observed: Pick<NvidiaDriverObserved, "kernel" | "dkms" | "smi">): string | null {
  if (observed.smi.state === "missing") return null;
  const installed = (observed.dkms ?? []).filter((e) => e.kernel === observed.kernel && e.state === "installed").map((e) => e.version);
  return installed.length === 1 ? installed[0] : null;
}
