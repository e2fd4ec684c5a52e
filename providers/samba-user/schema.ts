// SambaUser inputs: a Linux account with a Samba (passdb) password. The password itself is no
// input: it stays in a file on the machine that runs Pulumi (docs/decisions/0020); the inputs
// carry that file's path and a fingerprint of its password, so a changed password is a changed
// input and an unchanged one is no change at all.
import { z } from "zod";
import { usernameProblem } from "../../config/schema/names";
import { FINGERPRINT } from "../adapter/secret-file";
import { checkedString } from "../core/checked-string";
import { absolutePathProblem } from "../core/names";

/** Why `name` cannot be a Samba user (the Linux rule; no trailing $: that is a machine account). */
export function sambaUserNameProblem(name: string): string | undefined {
  const problem = usernameProblem(name);
  if (problem !== undefined) return problem;
  if (name.endsWith("$")) return `user name "${name}" ends in "$" (a Samba machine account, not a user)`;
  return undefined;
}

export const SambaUserInputsSchema = z
  .object({
    name: checkedString(sambaUserNameProblem),
    /** The password file on the machine running Pulumi (absolute). Without it the Samba password is not managed. */
    passwordFile: checkedString(absolutePathProblem).optional(),
    /** passwordFingerprint(name, password) of the file's password when the program read it. */
    passwordFingerprint: z.string().regex(FINGERPRINT, "not a Phoenix password fingerprint").optional(),
  })
  .refine((u) => (u.passwordFile === undefined) === (u.passwordFingerprint === undefined), { message: "passwordFile and passwordFingerprint go together", path: ["passwordFingerprint"] });

export type SambaUserInputs = z.output<typeof SambaUserInputsSchema>;

/**
 * How the host's passdb password compares with the file's: the fingerprint of the file's
 * password when the host's NT hash is that password's, "differs", or "unknown" (the file could
 * not be read, see `fileProblem`).
 */
export type PasswordMatch = { readonly matches: string } | "differs" | "unknown";

/** What the host reported (and, never kept in state, the password the comparison used). */
export interface SambaUserObserved {
  /** The Linux account exists. */
  readonly account: boolean;
  /** A group named like the user exists (useradd -U would fail; -g joins it). */
  readonly userGroupExists: boolean;
  /** The passdb entry, or null when Samba does not know the user. */
  readonly samba: { readonly disabled: boolean; readonly password: PasswordMatch } | null;
  /** Samba's tools are installed (pdbedit, smbpasswd). */
  readonly installed: boolean;
  /** Why the password file cannot be used (unreadable, empty, changed since the program read it), or null. */
  readonly fileProblem: string | null;
  /** The password, for smbpasswd's stdin. Dropped by `snapshot`: never in state. */
  readonly password?: string;
}
