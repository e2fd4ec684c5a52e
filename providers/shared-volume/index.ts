// The SharedVolume resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** A host directory containers bind-mount (`shared_volumes.<name>`). */
export interface SharedVolumeArgs {
  name: string;
  path: string;
  /** "container_root" (100000:100000) or a host user name. */
  ownedBy: string;
  /** The owner is the account this stack creates (the admin user). */
  ownerDeclared: boolean;
}

export class SharedVolume extends PhoenixResource<SharedVolumeArgs> {
  constructor(name: string, args: SharedVolumeArgs, opts?: pulumi.CustomResourceOptions) {
    super("SharedVolume", name, args, opts);
  }
}
