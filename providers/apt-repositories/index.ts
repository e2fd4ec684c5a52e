// The AptRepositories resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** Which Proxmox VE repositories the host uses (the hypervisor file's `proxmox_repositories`). */
export interface AptRepositoriesArgs {
  channel: "no-subscription" | "enterprise";
}

export class AptRepositories extends PhoenixResource<AptRepositoriesArgs> {
  constructor(name: string, args: AptRepositoriesArgs, opts?: pulumi.CustomResourceOptions) {
    super("AptRepositories", name, args, opts);
  }
}
