// The HostTimezone resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** The host's time zone (the hypervisor file's `timezone`). */
export interface HostTimezoneArgs {
  zone: string;
}

export class HostTimezone extends PhoenixResource<HostTimezoneArgs> {
  constructor(name: string, args: HostTimezoneArgs, opts?: pulumi.CustomResourceOptions) {
    super("HostTimezone", name, args, opts);
  }
}
