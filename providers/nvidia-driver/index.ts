// The NvidiaDriver resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** The host's NVIDIA driver (the hypervisor file's `nvidia_driver` block). */
export interface NvidiaDriverArgs {
  version: string;
  runfileUrl?: string;
  runfileSha256?: string;
}

export class NvidiaDriver extends PhoenixResource<NvidiaDriverArgs> {
  constructor(name: string, args: NvidiaDriverArgs, opts?: pulumi.CustomResourceOptions) {
    super("NvidiaDriver", name, args, opts);
  }
}
