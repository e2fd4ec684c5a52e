// The program-side half of every Phoenix resource: a dynamic resource bound to its kind's shim.
import * as pulumi from "@pulumi/pulumi";
import { makeShim } from "../shim";

/** What a resource needs of the stack's host claim (providers/phoenix-host). */
interface HostClaim extends pulumi.Resource {
  readonly claimId: pulumi.Output<string>;
}

let claim: HostClaim | undefined;

/**
 * Every Phoenix resource declared after this depends on the claim and carries its id as `owner`,
 * so its provider stops before touching a host that another stack has claimed since.
 */
export function claimHostFor(resources: HostClaim): void {
  claim = resources;
}

/** Base class for Phoenix resources; the type token is `pulumi-nodejs:dynamic/phoenix:<kind>`. */
export abstract class PhoenixResource<Args extends object> extends pulumi.dynamic.Resource {
  /** What the host reported at the last create, update or refresh. */
  declare readonly observed: pulumi.Output<unknown>;

  protected constructor(kind: string, name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
    const owned = claim === undefined ? {} : { owner: claim.claimId };
    const dependsOn = claim === undefined ? opts?.dependsOn : [claim, ...toArray(opts?.dependsOn)];
    // `observed: undefined` declares the output so it surfaces on the object. Every kind names a
    // host object by its identity (a pool, a CT id), so a replacement must delete first, also
    // when the user forces one (`up --replace`), which skips diff's deleteBeforeReplace: created
    // first, the "replacement" would adopt the very object the delete then destroys.
    super(shimFor(kind), name, { ...args, ...owned, observed: undefined }, { deleteBeforeReplace: true, ...opts, dependsOn }, "phoenix", kind);
  }
}

function toArray(value: pulumi.CustomResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as pulumi.Input<pulumi.Resource>];
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
