// SambaUser lifecycle on the host:
//   inspect: getent passwd/group <name>; stat smbpasswd; pdbedit -L -w -u <name> (its NT hash is
//            compared here with MD4 of the password file's password; neither is kept)
//   create/update: useradd -M -s /usr/sbin/nologin; smbpasswd -s -a (password on stdin); smbpasswd -e
//   delete:  smbpasswd -x (the Linux account stays)
import type { Runner } from "../core/runner";
import { probe } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { ntHash } from "./nt-hash";
import { passwordFingerprint, readPasswordFile } from "./password";
import { planDeleteSambaUser, planSambaUser } from "./plan";
import { SambaUserInputsSchema, type PasswordMatch, type SambaUserInputs, type SambaUserObserved } from "./schema";

/**
 * The file's password and its fingerprint, and why it is not the one the inputs name (the file
 * changed after the program read it, e.g. a refresh with the inputs in state) or cannot be used.
 */
function loadPassword(inputs: SambaUserInputs): { password?: string; fingerprint?: string; problem: string | null } {
  if (inputs.passwordFile === undefined) return { problem: null };
  try {
    const password = readPasswordFile(inputs.passwordFile);
    const fingerprint = passwordFingerprint(inputs.name, password);
    const problem = fingerprint === inputs.passwordFingerprint ? null : `the password file ${inputs.passwordFile} changed since the program read it`;
    return { password, fingerprint, problem };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}

async function inspectUser(runner: Runner, inputs: SambaUserInputs): Promise<SambaUserObserved> {
  const [passwd, group, tool, pdb] = await Promise.all([
    probe(runner, inspect.passwdCommand(inputs.name)),
    probe(runner, inspect.groupCommand(inputs.name)),
    probe(runner, inspect.toolCommand()),
    probe(runner, inspect.pdbeditCommand(inputs.name), { secretOutput: true }),
  ]);
  const installed = tool.code === 0;
  const entry = installed ? inspect.parsePdbedit(pdb, inputs.name) : null;
  const { password, fingerprint, problem } = loadPassword(inputs);
  let match: PasswordMatch = "unknown";
  if (password !== undefined && entry !== null) match = entry.ntHash === ntHash(password) ? { matches: fingerprint! } : "differs";
  return {
    account: inspect.parseGetent(passwd, "passwd"),
    userGroupExists: inspect.parseGetent(group, "group"),
    samba: entry === null ? null : { disabled: entry.flags.includes("D"), password: match },
    installed,
    fileProblem: problem,
    ...(password === undefined ? {} : { password }),
  };
}

export const sambaUserDefinition: ResourceDefinition<SambaUserInputs, SambaUserObserved> = {
  kind: "SambaUser",
  parseInputs: (raw) => parseWith(SambaUserInputsSchema, raw),
  id: (inputs) => inputs.name,
  identity: ["name"],
  label: (inputs) => `SambaUser "${inputs.name}"`,
  inspect: (runner, inputs) => inspectUser(runner, inputs),
  // The password is for this process only; a file problem of this run is no state of the host.
  snapshot: ({ password: _password, fileProblem: _problem, ...kept }) => ({ ...kept, fileProblem: null }),
  // Without a managed password the account is the object; a passdb entry alone also counts.
  exists: (observed) => observed.account || observed.samba !== null,
  plan: (desired, observed) => planSambaUser(desired, observed),
  planDelete: (inputs, observed) => planDeleteSambaUser(inputs, observed),
  // The passdb entry gives access only; the Linux account and its files stay.
  allowsDestroy: () => true,
};
