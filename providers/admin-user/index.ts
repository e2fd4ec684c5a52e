// The AdminUser resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** The host's administrator account (the hypervisor file's `users` block). */
export interface AdminUserArgs {
  name: string;
  /** passwordHashFingerprint(name, hash), or "NOT_SET" (no password). */
  passwordFingerprint: string;
  /** The JSON file holding the hash (absolute) and the keys leading to it; the provider reads it there. */
  passwordHashFile?: string;
  passwordHashAt?: string[];
  shell?: string;
  groups?: string[];
  sudo: boolean;
  authorizedKeys?: string[];
}

export class AdminUser extends PhoenixResource<AdminUserArgs> {
  constructor(name: string, args: AdminUserArgs, opts?: pulumi.CustomResourceOptions) {
    super("AdminUser", name, args, opts);
  }
}
