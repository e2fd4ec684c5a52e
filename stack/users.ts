// Maps the hypervisor file's `users` block to the AdminUser resource. The password hash never
// reaches the engine: the resource gets the file's path, the hash's location in it and its
// fingerprint, and the provider reads the hash there (docs/decisions/0019).
import type { HypervisorConfig } from "../config/load";
import { AdminUser, type AdminUserArgs } from "../providers/admin-user";
import { passwordHashFingerprint } from "../providers/admin-user/password";
import { NO_PASSWORD } from "../providers/admin-user/schema";

/** Where the hypervisor file keeps the admin's hash. */
export const PASSWORD_HASH_AT = ["users", "password_hash"];

/**
 * The admin account as the file describes it: sudo through its own sudoers file, no
 * supplementary groups (the original's `sudo` membership is dropped: the sudoers file is the one
 * grant), the file's one SSH key (empty: none), and where its password hash is (NOT_SET: none).
 * `hypervisorFile` is the absolute path of the file `hypervisor` was loaded from.
 */
export function adminUserArgs(hypervisor: HypervisorConfig, hypervisorFile: string): AdminUserArgs {
  const users = hypervisor.file.users;
  const key = users.ssh_public_key ?? "";
  const password: Pick<AdminUserArgs, "passwordFingerprint" | "passwordHashFile" | "passwordHashAt"> =
    users.password_hash === NO_PASSWORD
      ? { passwordFingerprint: NO_PASSWORD }
      : { passwordFingerprint: passwordHashFingerprint(users.username, users.password_hash), passwordHashFile: hypervisorFile, passwordHashAt: PASSWORD_HASH_AT };
  return { name: users.username, ...password, sudo: users.sudo_access, groups: [], authorizedKeys: key === "" ? [] : [key] };
}

/** Declares the admin user. */
export function declareUsers(hypervisor: HypervisorConfig, hypervisorFile: string): AdminUser {
  const args = adminUserArgs(hypervisor, hypervisorFile);
  return new AdminUser(args.name, args);
}
