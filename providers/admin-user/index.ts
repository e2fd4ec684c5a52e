// The AdminUser resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** The host's administrator account (the hypervisor file's `users` block). */
export interface AdminUserArgs {
  name: string;
  /** A crypt(3) hash or "NOT_SET"; pass it as a Pulumi secret (state keeps only a digest). */
  passwordHash: pulumi.Input<string>;
  shell?: string;
  groups?: string[];
  sudo: boolean;
  authorizedKeys?: string[];
}

export class AdminUser extends PhoenixResource<AdminUserArgs> {
  constructor(name: string, args: AdminUserArgs, opts?: pulumi.CustomResourceOptions) {
    super("AdminUser", name, args, { ...opts, additionalSecretOutputs: ["passwordHash", ...(opts?.additionalSecretOutputs ?? [])] });
  }
}
