// The HostName resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** The node's name and its /etc/hosts line (`network.hostname`, `network.interfaces.address`, `domain_name`). */
export interface HostNameArgs {
  /** Absent: the node keeps its name. */
  name?: string;
  address: string;
  domain?: string;
}

export class HostName extends PhoenixResource<HostNameArgs> {
  constructor(name: string, args: HostNameArgs, opts?: pulumi.CustomResourceOptions) {
    super("HostName", name, args, opts);
  }
}
