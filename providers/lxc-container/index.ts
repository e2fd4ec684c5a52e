// The LxcContainer resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";
import type { LxcContainerRawInputs } from "./schema";

/** The inputs, as lxcContainerInputs(spec, hypervisor, containers) returns them; the driver version comes from NvidiaDriver. */
export type LxcContainerArgs = Omit<LxcContainerRawInputs, "gpuDriverVersion"> & { gpuDriverVersion?: pulumi.Input<string> };

/** One Proxmox LXC container, identified by its CT id; see providers/lxc-container/schema.ts. */
export class LxcContainer extends PhoenixResource<LxcContainerArgs> {
  constructor(name: string, args: LxcContainerArgs, opts?: pulumi.CustomResourceOptions) {
    super("LxcContainer", name, args, opts);
  }
}
