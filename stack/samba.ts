// Maps the hypervisor file's `samba` block to one SambaUser and one SambaShare per share. The
// user's password is read from the file named by phoenix:sambaPasswordFile, never from the
// stack config or the JSON file (docs/decisions/0020); only its path and a fingerprint go to
// the resource.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { HypervisorConfig } from "../config/load";
import { PROJECT_DIR } from "../config/project-dir";
import { sambaShareName } from "../config/schema/hypervisor";
import { SambaShare, type SambaShareArgs } from "../providers/samba-share";
import { shareFlags } from "../providers/samba-share/options";
import { SambaUser, type SambaUserArgs } from "../providers/samba-user";
import { passwordFingerprint, readPasswordFile } from "../providers/samba-user/password";
import { holdersOf } from "./zfs";

/** The shares as SambaShare inputs: path `/<path>` as the original wrote it, owned by samba.user. */
export function sambaShares(hypervisor: HypervisorConfig): SambaShareArgs[] {
  const samba = hypervisor.file.samba;
  if (!samba) return [];
  return samba.shares.map((share) => {
    const users = share.valid_users ?? (samba.user ? [samba.user] : []);
    const owner = samba.user ?? users[0];
    const flags = shareFlags({ options: share.options, browsable: share.browsable, readOnly: share.read_only, guestOk: share.guest_ok });
    // The config schema refuses contradicting flags and unknown options before this runs.
    if ("problem" in flags) throw new Error(flags.problem);
    return { name: sambaShareName(share), path: `/${share.path.replace(/^\/+/, "").replace(/\/+$/, "")}`, validUsers: users, ...flags.flags, dirOwner: owner, dirGroup: owner, dirMode: "0770" };
  });
}

/** Why the stack config's Samba password settings are refused, or undefined. */
export function passwordSettingProblem(inlineSet: boolean): string | undefined {
  if (inlineSet) return "phoenix:sambaPassword must not be in the stack config: Pulumi prints a rotated secret config value in plain in verbose logs (docs/decisions/0020). Put the password in a file (one line, mode 0600) and set phoenix:sambaPasswordFile to its path; then run pulumi config rm phoenix:sambaPassword";
  return undefined;
}

/** The SambaUser inputs for samba.user, reading the password file (relative to the project). */
export function sambaUserArgs(user: string, passwordFile: string | undefined, projectDir: string): SambaUserArgs {
  if (passwordFile === undefined) return { name: user };
  const file = path.resolve(projectDir, passwordFile);
  return { name: user, passwordFile: file, passwordFingerprint: passwordFingerprint(user, readPasswordFile(file)) };
}

/**
 * Declares the Samba user and shares; each share after the user and the datasets holding its
 * path. A samba.user that is also the admin (users.username) waits for `admin`: both kinds create
 * a missing account, and two useradd runs at once would race; the admin's account (home, shell)
 * is the one to make, and SambaUser then uses it as it is.
 */
export function declareSamba(hypervisor: HypervisorConfig, holdersByMountpoint: ReadonlyMap<string, pulumi.Resource>, admin?: pulumi.Resource) {
  const samba = hypervisor.file.samba;
  if (!samba) return [];
  const stack = new pulumi.Config("phoenix");
  const passwordFile = stack.get("sambaPasswordFile");
  const problem = passwordSettingProblem(stack.getSecret("sambaPassword") !== undefined);
  if (problem !== undefined) throw new pulumi.RunError(`stack config: ${problem}`);
  if (samba.user !== undefined && passwordFile === undefined) {
    pulumi.log.warn(`samba.user "${samba.user}" gets no Samba password (phoenix:sambaPasswordFile is not set): the shares are served, but nobody can log in to them until a password is set`);
  }
  let user: SambaUser | undefined;
  try {
    const afterAdmin = admin !== undefined && samba.user === hypervisor.file.users?.username ? { dependsOn: [admin] } : {};
    if (samba.user !== undefined) user = new SambaUser(samba.user, sambaUserArgs(samba.user, passwordFile, PROJECT_DIR), afterAdmin);
  } catch (err) {
    throw new pulumi.RunError(`stack config: ${(err as Error).message}`);
  }
  return sambaShares(hypervisor).map((args) => {
    const holders = holdersOf(args.path, holdersByMountpoint);
    return new SambaShare(args.name, args, { dependsOn: [...holders, ...(user ? [user] : [])] });
  });
}
