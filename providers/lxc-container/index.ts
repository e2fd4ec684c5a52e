// The LxcContainer resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";
import type { LxcContainerRawInputs } from "./schema";

/** The inputs, as lxcContainerInputs(spec, hypervisor, containers) returns them; the driver version comes from NvidiaDriver. */
export type LxcContainerArgs = Omit<LxcContainerRawInputs, "gpuDriverVersion"> & { gpuDriverVersion?: pulumi.Input<string> };

/** One Proxmox LXC container, identified by its CT id; see providers/lxc-container/schema.ts. */
export class LxcContainer extends PhoenixResource<LxcContainerArgs> {
  /** How many creates and updates ran commands on the container (absent in state older than the count). */
  declare readonly applies: pulumi.Output<number | undefined>;

  constructor(name: string, args: LxcContainerArgs, opts?: pulumi.CustomResourceOptions) {
    // `applies: undefined` declares the output so it surfaces on the object.
    super("LxcContainer", name, { ...args, applies: undefined } as LxcContainerArgs, opts);
  }
}
