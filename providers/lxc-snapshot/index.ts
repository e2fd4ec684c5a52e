// The LxcSnapshot resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** A named snapshot of a container, re-taken when its basis changes. */
export interface LxcSnapshotArgs {
  ctid: string;
  name: string;
  /** Hex digest of what the snapshot captures. */
  basis: string;
}

export class LxcSnapshot extends PhoenixResource<LxcSnapshotArgs> {
  constructor(name: string, args: LxcSnapshotArgs, opts?: pulumi.CustomResourceOptions) {
    super("LxcSnapshot", name, args, opts);
  }
}
