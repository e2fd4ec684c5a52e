// The SambaShare resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** One share: a Phoenix block in /etc/samba/smb.conf and its directory. */
export interface SambaShareArgs {
  name: string;
  path: string;
  validUsers: string[];
  browsable: boolean;
  readOnly: boolean;
  guestOk: boolean;
  dirOwner: string;
  dirGroup: string;
  dirMode?: string;
}

export class SambaShare extends PhoenixResource<SambaShareArgs> {
  constructor(name: string, args: SambaShareArgs, opts?: pulumi.CustomResourceOptions) {
    super("SambaShare", name, args, opts);
  }
}
