// The PhoenixHost resource as the Pulumi program uses it: declared first, every other Phoenix
// resource depends on it and carries its claim id (see providers/adapter/resource.ts).
import * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

export interface PhoenixHostArgs {
  /** `<organization>/<project>/<stack>`. */
  stack: string;
  /** `<workstation>:<checkout directory>`. */
  where: string;
  /** `phoenix:takeOverHost`: the claim id of the stack this one takes the host over from. */
  takeOver?: string;
}

export class PhoenixHost extends PhoenixResource<PhoenixHostArgs & { claimId?: string }> {
  /** The claim id written into the host's owner marker. */
  declare readonly claimId: pulumi.Output<string>;

  constructor(name: string, args: PhoenixHostArgs, opts?: pulumi.CustomResourceOptions) {
    super("PhoenixHost", name, { ...args, claimId: undefined }, opts);
  }
}
