// The ZfsPool resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";
import type { RaidLevel } from "./schema";

/** A ZFS pool on the host: created, adopted (imported) or verified; never wiped or destroyed unless allowed. */
export interface ZfsPoolArgs {
  /** Pool name, e.g. `quickOS`. */
  name: string;
  /** mirror, raidz1, raidz2, raidz3, single or stripe; cannot change in place. */
  raidLevel: RaidLevel;
  /** Whole disks by stable path (`/dev/disk/by-id/...`). */
  disks: string[];
  /** Pool autotrim (default true). */
  autotrim?: boolean;
  /** Erase disks that carry any filesystem or pool signature before creating. */
  allowWipe?: boolean;
  /** Allow `zpool destroy` when the pool leaves the config or must be re-created. */
  allowDestroy?: boolean;
}

export class ZfsPool extends PhoenixResource<ZfsPoolArgs> {
  constructor(name: string, args: ZfsPoolArgs, opts?: pulumi.CustomResourceOptions) {
    super("ZfsPool", name, args, opts);
  }
}
