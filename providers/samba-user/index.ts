// The SambaUser resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** A Linux account with a Samba password read from a file on the machine running Pulumi. */
export interface SambaUserArgs {
  name: string;
  passwordFile?: string;
  /** passwordFingerprint(name, password): changes exactly when the password does. */
  passwordFingerprint?: string;
}

export class SambaUser extends PhoenixResource<SambaUserArgs> {
  constructor(name: string, args: SambaUserArgs, opts?: pulumi.CustomResourceOptions) {
    super("SambaUser", name, args, opts);
  }
}
