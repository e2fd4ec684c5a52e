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
 * Declares the admin user with the file's `password_hash` (the real file says NOT_SET) as a
 * Pulumi secret. Not from the stack config: Pulumi hands the whole stack config to the dynamic
 * provider and prints it in verbose logs (docs/decisions/0012).
 */
export function declareUsers(hypervisor: HypervisorConfig): AdminUser {
  const args = adminUserArgs(hypervisor);
  return new AdminUser(args.name, { ...args, passwordHash: pulumi.secret(args.passwordHash) });
}
