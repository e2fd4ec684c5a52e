// The ZfsArc resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** The host's ZFS ARC size limit, applied at runtime and persisted for the next boot. */
export interface ZfsArcArgs {
  /** Limit in bytes (config `zfs.arc_max_gb` × 2^30). */
  maxBytes: number;
}

export class ZfsArc extends PhoenixResource<ZfsArcArgs> {
  constructor(name: string, args: ZfsArcArgs, opts?: pulumi.CustomResourceOptions) {
    super("ZfsArc", name, args, opts);
  }
}
