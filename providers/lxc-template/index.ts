// The LxcTemplate resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** A container template archive in a storage's template cache (`pveam download`). */
export interface LxcTemplateArgs {
  /** Storage id whose content includes vztmpl. */
  storage: string;
  /** Archive name from the catalog. */
  file: string;
}

export class LxcTemplate extends PhoenixResource<LxcTemplateArgs> {
  constructor(name: string, args: LxcTemplateArgs, opts?: pulumi.CustomResourceOptions) {
    super("LxcTemplate", name, args, opts);
  }
}
