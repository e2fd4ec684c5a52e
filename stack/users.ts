// Maps the hypervisor file's `users` block to the AdminUser resource.
import * as pulumi from "@pulumi/pulumi";
import type { HypervisorConfig } from "../config/load";
import { AdminUser, type AdminUserArgs } from "../providers/admin-user";

/**
 * The admin account as the file describes it: sudo through its own sudoers file, no
 * supplementary groups (the original's `sudo` membership is dropped: the sudoers file is the one
 * grant), the file's one SSH key (empty: none), and its password hash.
 */
export function adminUserArgs(hypervisor: HypervisorConfig): Omit<AdminUserArgs, "passwordHash"> & { passwordHash: string } {
  const users = hypervisor.file.users;
  const key = users.ssh_public_key ?? "";
  return { name: users.username, passwordHash: users.password_hash, sudo: users.sudo_access, groups: [], authorizedKeys: key === "" ? [] : [key] };
}

/**
 * Declares the admin user. The stack secret `phoenix:adminPasswordHash` wins over the file's
 * `password_hash` (the real file says NOT_SET); either way the hash is a Pulumi secret.
 */
export function declareUsers(hypervisor: HypervisorConfig): AdminUser {
  const args = adminUserArgs(hypervisor);
  const fromStack = new pulumi.Config("phoenix").getSecret("adminPasswordHash");
  return new AdminUser(args.name, { ...args, passwordHash: fromStack ?? pulumi.secret(args.passwordHash) });
}
