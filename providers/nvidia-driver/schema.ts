// NvidiaDriver inputs (the hypervisor file's `nvidia_driver` block) and what the host shows of
// the driver: the loaded kernel module, DKMS's modules, nvidia-smi, the runfile cache, the
// nouveau blacklist and the initramfs.
import { z } from "zod";
import { checkedString } from "../core/checked-string";

/** Where runfiles are kept on the host; an air-gapped host pre-seeds the file here. */
export const RUNFILE_CACHE = "/var/cache/phoenix/nvidia";
/** The original's path, so a host it set up keeps one blacklist file. */
export const BLACKLIST_FILE = "/etc/modprobe.d/blacklist-nouveau.conf";

const VERSION = /^[0-9]+(\.[0-9]+){1,2}$/;
const RUNFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*\.run$/;

export function driverVersionProblem(v: string): string | undefined {
  return VERSION.test(v) ? undefined : `invalid NVIDIA driver version "${v}" (a dotted version such as 580.76.05)`;
}

/** The runfile's name in the cache: the URL's last path segment. */
export function runfileName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
}

export function runfileUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `invalid runfile URL "${url}"`;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return `runfile URL "${url}" is not http(s)`;
  if (!RUNFILE_NAME.test(runfileName(url))) return `runfile URL "${url}" does not end in a file name like NVIDIA-Linux-x86_64-580.76.05.run`;
  return undefined;
}

export const NvidiaDriverInputsSchema = z.strictObject({
  version: checkedString(driverVersionProblem),
  /** Where the runfile is downloaded from when the cache lacks it (absent: the cache must hold it). */
  runfileUrl: checkedString(runfileUrlProblem).optional(),
  /** SHA-256 of the runfile; without it nothing is installed. */
  runfileSha256: checkedString((v) => (/^[0-9a-f]{64}$/.test(v) ? undefined : "runfile SHA-256 must be 64 lower-case hex digits")).optional(),
});

export type NvidiaDriverInputs = z.output<typeof NvidiaDriverInputsSchema>;

/** The cache path of the runfile for these inputs. */
export function runfilePath(inputs: NvidiaDriverInputs): string {
  const name = inputs.runfileUrl ? runfileName(inputs.runfileUrl) : `NVIDIA-Linux-x86_64-${inputs.version}.run`;
  return `${RUNFILE_CACHE}/${name}`;
}

/** One line of `dkms status`. */
export interface DkmsEntry {
  readonly version: string;
  /** Absent for a module only added (sources registered, nothing built). */
  readonly kernel?: string;
  readonly state: string;
}

/** What `nvidia-smi --query-gpu=driver_version` said. */
export type SmiState =
  | { readonly state: "ok"; readonly version: string }
  | { readonly state: "missing" | "not-loaded" | "mismatch" | "failed"; readonly detail?: string };

export interface NvidiaDriverObserved {
  /** `uname -r`. */
  readonly kernel: string;
  /** Version of the loaded kernel module (/proc/driver/nvidia/version), null when none is loaded. */
  readonly loaded: string | null;
  readonly smi: SmiState;
  /** null: no dkms command on the host. */
  readonly dkms: readonly DkmsEntry[] | null;
  /** /lib/modules/<kernel>/build exists (DKMS builds against it). */
  readonly headers: boolean;
  /** SHA-256 of the cached runfile, null when absent. */
  readonly runfileSha256: string | null;
  /** BLACKLIST_FILE, null when absent. */
  readonly blacklist: string | null;
  /** The blacklist file is newer than the running kernel's initramfs (or the initramfs is missing). */
  readonly initramfsStale: boolean;
  /** CTIDs whose conf passes NVIDIA devices through. */
  readonly gpuContainers: readonly string[];
  /** The installed driver (DKMS module for the running kernel plus userspace) is not the loaded one. */
  readonly rebootRequired: boolean;
}
