// Maps the hypervisor file's `nvidia_driver` block to the NvidiaDriver resource, and gives GPU
// containers what they wait for.
import type * as pulumi from "@pulumi/pulumi";
import type { HypervisorConfig } from "../config/load";
import { NvidiaDriver, type NvidiaDriverArgs } from "../providers/nvidia-driver";

/** The driver the file asks for, or undefined (`install: false` or no block: Phoenix manages none). */
export function nvidiaDriverArgs(hypervisor: HypervisorConfig): NvidiaDriverArgs | undefined {
  const driver = hypervisor.file.nvidia_driver;
  if (!driver?.install) return undefined;
  const sha = driver.runfile_sha256?.toLowerCase();
  return { version: driver.version, runfileUrl: driver.runfile_url, ...(sha === undefined ? {} : { runfileSha256: sha }) };
}

/** The host driver GPU containers depend on. */
export interface GpuDriver {
  readonly resource: NvidiaDriver;
  /**
   * The version a GPU container waits for: known, and constant, once the driver is settled;
   * unknown during a preview in which the driver changes, so the container's verdict waits for
   * the driver's apply instead of refusing before the driver is installed.
   */
  readonly version: pulumi.Output<string>;
}

export function declareNvidia(hypervisor: HypervisorConfig): GpuDriver | undefined {
  const args = nvidiaDriverArgs(hypervisor);
  if (args === undefined) return undefined;
  const resource = new NvidiaDriver("nvidia-driver", args);
  return { resource, version: resource.observed.apply(() => args.version) };
}
