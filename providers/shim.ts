// The provider object of each kind is the exports of node_modules/phoenix-shim/<Kind>.js (a
// copy of providers/shim-package, see there why), so Pulumi stores only a require() of it.
import type * as pulumi from "@pulumi/pulumi";

/** The shim for one resource kind; it must be the module's exports object itself. */
export function makeShim(kind: string): pulumi.dynamic.ResourceProvider {
  if (!/^[A-Z][A-Za-z]+$/.test(kind)) throw new Error(`invalid Phoenix kind "${kind}"`);
  return require(`phoenix-shim/${kind}.js`) as pulumi.dynamic.ResourceProvider;
}
