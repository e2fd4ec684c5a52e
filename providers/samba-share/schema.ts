// SambaShare inputs: one share of /etc/samba/smb.conf (a Phoenix block in the file) and its
// directory with owner and mode. The rules keep every value a plain smb.conf word: Samba reads
// `%` as a substitution and a trailing `\` as a line continuation.
import { z } from "zod";
import { sambaShareNameProblem, usernameProblem } from "../../config/schema/names";
import { checkedString } from "../core/checked-string";
import { absolutePathProblem } from "../core/names";
import type { PathStat } from "../core/path-stat";

export const SMB_CONF = "/etc/samba/smb.conf";
export const SMBD = "/usr/sbin/smbd";
/** The unit Phoenix reloads after a change (Debian's samba package). */
export const SMBD_UNIT = "smbd";

/** Why `path` cannot be a share's directory in smb.conf, or undefined. */
export function sharePathProblem(path: string): string | undefined {
  const problem = absolutePathProblem(path);
  if (problem !== undefined) return problem;
  if (path === "/") return "a share of / is refused (the whole host)";
  if (/[%\\"]/.test(path)) return `share path "${path}" holds %, \\ or " (smb.conf substitutions and continuations)`;
  return undefined;
}

const groupNameProblem = (name: string) => usernameProblem(name)?.replace(/user name/g, "group name");

export const SambaShareInputsSchema = z.object({
  name: checkedString(sambaShareNameProblem),
  path: checkedString(sharePathProblem),
  /** Who may connect (`valid users`); each a Linux user with a Samba password. */
  validUsers: z.array(checkedString(usernameProblem)).min(1),
  browsable: z.boolean().default(true),
  readOnly: z.boolean().default(false),
  guestOk: z.boolean().default(false),
  /**
   * The directory's owner and group, and its mode (also the share's create and directory masks).
   * Not `owner`: the adapter keeps the host claim under that key.
   */
  dirOwner: checkedString(usernameProblem),
  dirGroup: checkedString(groupNameProblem),
  dirMode: z
    .string()
    .regex(/^0?[0-7]{3}$/, "mode must be three octal digits, e.g. 0770")
    .default("0770")
    .transform((m) => m.padStart(4, "0")),
});

export type SambaShareInputs = z.output<typeof SambaShareInputsSchema>;


/** What systemctl says about smbd. */
export interface ServiceState {
  readonly installed: boolean;
  readonly active: boolean;
  readonly enabled: boolean;
}

/** What the host reported. */
export interface SambaShareObserved {
  /** smb.conf (in state: only this share's block), or null when there is no file. */
  readonly conf: string | null;
  /** This share's Phoenix block, or null. */
  readonly block: string | null;
  /** Why this share's section cannot be edited safely (a hand-written [name], a block without END), or null. */
  readonly conflict: string | null;
  readonly dir: PathStat | null;
  readonly smbd: ServiceState;
}
