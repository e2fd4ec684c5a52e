// The NfsExport resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** One exported path, a line of /etc/exports.d/phoenix.exports. */
export interface NfsExportArgs {
  path: string;
  clients: { host: string; options: string[] }[];
}

export class NfsExport extends PhoenixResource<NfsExportArgs> {
  constructor(name: string, args: NfsExportArgs, opts?: pulumi.CustomResourceOptions) {
    super("NfsExport", name, args, opts);
  }
}
