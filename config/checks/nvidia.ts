// How the two files' NVIDIA keys relate. The hypervisor file's `nvidia_driver` is the host
// driver (the NvidiaDriver resource); the LXC file's root `nvidia_*` keys are the userspace the
// original installed inside GPU containers, which must be the same driver: a container's
// libraries must match the host's kernel module. So a disagreement is refused, naming both.
import type { HypervisorSections } from "./hypervisor";
import type { ProblemSink } from "../problems";

/** The LXC file's root NVIDIA keys (those that passed the schema). */
export interface LxcNvidiaKeys {
  readonly nvidia_driver_version?: string;
  readonly nvidia_runfile_url?: string;
  readonly nvidia_repo_url?: string;
}

const HV_FILE = "phoenix_hypervisor_config.json";

/** The dotted version in a runfile URL's file name (NVIDIA-Linux-x86_64-<version>.run), if any. */
export function runfileUrlVersion(url: string): string | undefined {
  return /-(\d+\.\d+(?:\.\d+)?)\.run$/.exec(new URL(url).pathname)?.[1];
}

export function checkNvidia(hv: HypervisorSections, lxc: LxcNvidiaKeys, hvSink: ProblemSink, lxcSink: ProblemSink): void {
  const driver = hv.nvidia_driver;
  if (driver) {
    // cuda_version and the LXC file's nvidia_repo_url reach the nvidia feature (stack/features.ts).
    const at = ["nvidia_driver"];
    if (driver.install_vllm_libs) hvSink.warn([...at, "install_vllm_libs"], "changes nothing (nor did it in the original): vLLM is built inside each container that lists the vllm feature, whatever this says");
  }
  if (driver?.install) {
    const fromUrl = runfileUrlVersion(driver.runfile_url);
    if (fromUrl !== undefined && fromUrl !== driver.version) hvSink.error(["nvidia_driver", "runfile_url"], `is the runfile of driver ${fromUrl}, but nvidia_driver.version is ${driver.version}`);
    if (driver.runfile_sha256 === undefined) hvSink.warn(["nvidia_driver"], "no runfile_sha256: Phoenix installs no driver it cannot verify, so an install or upgrade is refused (the host must already run this version)");
    if (lxc.nvidia_driver_version !== undefined && lxc.nvidia_driver_version !== driver.version) {
      lxcSink.error(["nvidia_driver_version"], `is ${lxc.nvidia_driver_version}, but the host driver (${HV_FILE} $.nvidia_driver.version) is ${driver.version}; the userspace in containers must match the host's kernel module`);
    }
    if (lxc.nvidia_runfile_url !== undefined && lxc.nvidia_runfile_url !== driver.runfile_url) {
      lxcSink.error(["nvidia_runfile_url"], `differs from the host driver's runfile (${HV_FILE} $.nvidia_driver.runfile_url = ${driver.runfile_url}); one driver has one runfile`);
    }
  }
}
