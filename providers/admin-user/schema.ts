// AdminUser inputs: one Linux account for the host's administrator, with its supplementary
// groups, its password hash, sudo through /etc/sudoers.d/<name> and its SSH keys. The hash itself
// is no input: the inputs say where it is (a JSON file on the machine running Pulumi, and the
// location in it) and carry its fingerprint; the provider reads it when chpasswd needs it
// (docs/decisions/0019). The rules follow what useradd, chpasswd -e, sudo and sshd accept.
import { z } from "zod";
import { FINGERPRINT } from "../adapter/secret-file";
import { usernameProblem } from "../../config/schema/names";
import { checkedString } from "../core/checked-string";
import { absolutePathProblem } from "../core/names";
import type { PathStat } from "../core/path-stat";

/** The password_hash value meaning "no password": the account is locked for password logins. */
export const NO_PASSWORD = "NOT_SET";

/** Why `name` cannot be an AdminUser (Debian's user name rule, and a plain sudoers word). */
export function adminUserNameProblem(name: string): string | undefined {
  const problem = usernameProblem(name);
  if (problem !== undefined) return problem;
  // A trailing $ (Samba machine accounts) is no word in sudoers, and no file name sudo reads.
  if (name.endsWith("$")) return `user name "${name}" ends in "$" (a machine account, not an administrator)`;
  return undefined;
}

/** Why `hash` cannot go to `chpasswd -e` as `<user>:<hash>`, or undefined. */
export function passwordHashProblem(hash: string): string | undefined {
  if (hash === "") return `password hash is empty (an empty /etc/shadow field means "no password needed"); use "${NO_PASSWORD}" for no password`;
  if (/[:\n\r]/.test(hash)) return "password hash holds a colon or a line break (chpasswd -e reads <user>:<hash> lines)";
  if (/^[!*]/.test(hash)) return `password hash starts with "!" or "*" (a locked account); use "${NO_PASSWORD}" for no password`;
  return undefined;
}

const SSH_KEY = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n\r]*)?$/;

/** Why `key` is not one authorized_keys line `<type> <base64> [comment]` (no options), or undefined. */
export function sshPublicKeyProblem(key: string): string | undefined {
  return SSH_KEY.test(key) ? undefined : "invalid SSH public key (expected one line: <type> <base64> [comment])";
}

/** Why `name` cannot be a group name for usermod -G (the user name rule), or undefined. */
function groupNameProblem(name: string): string | undefined {
  return usernameProblem(name)?.replace(/user name/g, "group name");
}

/**
 * The fingerprint of state written before the hash moved out of the inputs (a `passwordHash`
 * digest): such inputs never plan a password; the next update records the real fingerprint.
 */
export const UNKNOWN_PASSWORD = "unknown";

/** Older state held `passwordHash` (a digest of a secret input) instead of a fingerprint. */
function fromOlderState(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || !("passwordHash" in raw) || "passwordFingerprint" in raw) return raw;
  const { passwordHash, ...rest } = raw as Record<string, unknown>;
  return { ...rest, passwordFingerprint: passwordHash === NO_PASSWORD ? NO_PASSWORD : UNKNOWN_PASSWORD };
}

const AdminUserObject = z.object({
  name: checkedString(adminUserNameProblem),
  /** passwordHashFingerprint(name, hash) of the configured hash, or NOT_SET (no password). */
  passwordFingerprint: z.union([z.literal(NO_PASSWORD), z.literal(UNKNOWN_PASSWORD), z.string().regex(FINGERPRINT, "not a Phoenix password fingerprint")]),
  /** The JSON file holding the hash (the hypervisor config, absolute), when there is one. */
  passwordHashFile: checkedString(absolutePathProblem).optional(),
  /** Where in that file: the keys from the top, e.g. ["users", "password_hash"]. */
  passwordHashAt: z.array(z.string().min(1)).min(1).optional(),
  /** Login shell of the account. */
  shell: checkedString(absolutePathProblem).default("/bin/bash"),
  /** Supplementary groups, exactly (groups added by hand are dropped); each must exist. */
  groups: z.array(checkedString(groupNameProblem)).default([]).transform((g) => [...new Set(g)].sort()),
  /** Root through sudo, by /etc/sudoers.d/<name>. */
  sudo: z.boolean(),
  /** ~/.ssh/authorized_keys, exactly (keys added by hand are removed). */
  authorizedKeys: z.array(checkedString(sshPublicKeyProblem)).default([]),
});

export const AdminUserInputsSchema = z.preprocess(
  fromOlderState,
  AdminUserObject.refine((u) => (u.passwordHashFile === undefined) === (u.passwordHashAt === undefined), { message: "passwordHashFile and passwordHashAt go together", path: ["passwordHashAt"] }).refine(
    (u) => u.passwordHashFile !== undefined || !FINGERPRINT.test(u.passwordFingerprint),
    { message: "a password fingerprint needs passwordHashFile and passwordHashAt (where the provider reads the hash)", path: ["passwordHashFile"] },
  ),
);

export type AdminUserInputs = z.output<typeof AdminUserInputsSchema>;

export type { PathStat };

/** How the account's /etc/shadow password field compares, without its value. */
export type PasswordState = "locked" | "empty" | { readonly digest: string };

/** What the host reported. Holds no password hash: only a digest of it. */
export interface AdminUserObserved {
  /** The passwd entry, or null when there is no such user. */
  readonly account: { readonly uid: number; readonly gid: number; readonly home: string; readonly shell: string } | null;
  /** The account's home directory exists (false also when there is no account). */
  readonly homeExists: boolean;
  /** A group named like the user exists (useradd then joins it instead of creating it). */
  readonly userGroupExists: boolean;
  /** Name of the account's primary group (null: no account or a gid without a group entry). */
  readonly primaryGroup: string | null;
  /** Supplementary groups: the groups whose member list names the user, sorted. */
  readonly groups: readonly string[];
  /** Desired groups that do not exist on the host. */
  readonly missingGroups: readonly string[];
  /** The shadow password field: locked (only ! or *), empty, or a digest of the hash. */
  readonly password: PasswordState | null;
  /**
   * The configured hash, read from passwordHashFile for chpasswd, or why it cannot be used.
   * Only when the host's hash is not the configured one; dropped by `snapshot`: never in state.
   */
  readonly hashFromFile?: { readonly hash: string } | { readonly problem: string };
  /** visudo and /etc/sudoers.d are there (Proxmox VE does not install sudo by default). */
  readonly sudoInstalled: boolean;
  readonly sudoers: string | null;
  readonly sudoersStat: PathStat | null;
  readonly sshDir: PathStat | null;
  readonly keysStat: PathStat | null;
  readonly keys: string | null;
  /** The user Phoenix's SSH session runs as (`id -un`); not kept in state (absent: not known). */
  readonly sessionUser?: string | null;
}

/** What sudo needs: its checker, and the directory its default /etc/sudoers includes. */
export const VISUDO = "/usr/sbin/visudo";
export const SUDOERS_DIR = "/etc/sudoers.d";

/** The sudoers file of a user. */
export function sudoersPath(name: string): string {
  return `${SUDOERS_DIR}/${name}`;
}

/**
 * The sudoers rule. Without a password sudo could never ask for one, so the rule grants root
 * without a password (the account is reachable by SSH key only); otherwise sudo asks.
 */
export function sudoersContent(inputs: Pick<AdminUserInputs, "name" | "passwordFingerprint">): string {
  const tag = inputs.passwordFingerprint === NO_PASSWORD ? "NOPASSWD: " : "";
  return `# Managed by Phoenix (AdminUser "${inputs.name}"); edits are reverted.\n${inputs.name} ALL=(ALL:ALL) ${tag}ALL\n`;
}

/** The authorized_keys file for these keys, or null for none. */
export function authorizedKeysContent(keys: readonly string[]): string | null {
  if (keys.length === 0) return null;
  return `# Managed by Phoenix (AdminUser): keys added by hand are removed.\n${keys.map((k) => `${k}\n`).join("")}`;
}
