// The program-side half of every Phoenix resource: a dynamic resource bound to its kind's shim.
import * as pulumi from "@pulumi/pulumi";
import { makeShim } from "../shim";

/** Base class for Phoenix resources; the type token is `pulumi-nodejs:dynamic/phoenix:<kind>`. */
export abstract class PhoenixResource<Args extends object> extends pulumi.dynamic.Resource {
  /** What the host reported at the last create, update or refresh. */
  declare readonly observed: pulumi.Output<unknown>;

  protected constructor(kind: string, name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
    // `observed: undefined` declares the output so it surfaces on the object.
    super(shimFor(kind), name, { ...args, observed: undefined }, opts, "phoenix", kind);
  }
}

const shims = new Map<string, pulumi.dynamic.ResourceProvider>();

// One shim object per kind, so Pulumi serializes it once per kind, not once per resource.
function shimFor(kind: string): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (shim === undefined) {
    shim = makeShim(kind);
    shims.set(kind, shim);
  }
  return shim;
}
