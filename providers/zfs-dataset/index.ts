// The ZfsDataset resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** A ZFS filesystem whose configured properties are kept set locally; others are left alone. */
export interface ZfsDatasetArgs {
  /** `<pool>/<name>`, e.g. `quickOS/vm-disks`. */
  fullName: string;
  /** Properties to own, e.g. `{ recordsize: "128K", quota: "800G" }`; one removed goes back to inherited. */
  properties: Record<string, string>;
  /** Allow `zfs destroy` (never recursive) when the dataset leaves the config. */
  allowDestroy?: boolean;
}

export class ZfsDataset extends PhoenixResource<ZfsDatasetArgs> {
  constructor(name: string, args: ZfsDatasetArgs, opts?: pulumi.CustomResourceOptions) {
    super("ZfsDataset", name, args, opts);
  }
}
