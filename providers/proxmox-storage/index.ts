// The ProxmoxStorage resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** A storage registered with Proxmox VE (`pvesm`); removing it never touches data. */
export type ProxmoxStorageArgs =
  | {
      /** Storage id, e.g. `quickOS-vm-disks`. */
      storageId: string;
      type: "zfspool";
      /** `<pool>/<dataset>` that volumes are created in. */
      pool: string;
      /** `images` and/or `rootdir`. */
      content: string[];
      sparse?: boolean;
      /** Take over a foreign section with this id whose type or pool differ (default false). */
      allowAdopt?: boolean;
    }
  | {
      storageId: string;
      type: "dir";
      /** The dataset's mountpoint. */
      path: string;
      /** PVE content types, e.g. `iso`, `vztmpl`, `backup`. */
      content: string[];
      /** Refuse to use the path unless it is mounted (default true). */
      isMountpoint?: boolean;
      /** Take over a foreign section with this id whose type or path differ (default false). */
      allowAdopt?: boolean;
    };

export class ProxmoxStorage extends PhoenixResource<ProxmoxStorageArgs> {
  constructor(name: string, args: ProxmoxStorageArgs, opts?: pulumi.CustomResourceOptions) {
    super("ProxmoxStorage", name, args, opts);
  }
}
