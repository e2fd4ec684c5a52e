// SambaUser planner: the Linux account (created when missing, as a file-share account), the
// passdb password (smbpasswd -s -a, the password on stdin only) when Samba does not know the user
// or its NT hash is not the file's password's, and the account enabled.
import { planSteps, refuse, type Plan } from "../core/plan";
import { step, type Step } from "../core/step";
import type { SambaUserInputs, SambaUserObserved } from "./schema";

const label = (name: string) => `SambaUser "${name}"`;

/** True when the host's password is the one these inputs name. */
function passwordCurrent(desired: SambaUserInputs, observed: SambaUserObserved): boolean {
  const p = observed.samba?.password;
  return p !== undefined && typeof p === "object" && p.matches === desired.passwordFingerprint;
}

export function planSambaUser(desired: SambaUserInputs, observed: SambaUserObserved): Plan {
  const { name } = desired;
  if (!observed.installed) return refuse(`${label(name)}: Samba is not installed on the host (no smbpasswd); install the samba package first`);
  const steps: Step[] = [];
  const warnings: string[] = [];
  if (!observed.account) {
    const group = observed.userGroupExists ? ["-g", name] : ["-U"];
    steps.push(step(`create the Linux account ${name} (no home, no login shell: a file-share account)`, ["useradd", "-M", "-s", "/usr/sbin/nologin", ...group, name]));
  }
  // Without a password file the passdb entry is not Phoenix's to set (the stack warns).
  if (desired.passwordFile === undefined) return planSteps(steps);
  if (!passwordCurrent(desired, observed)) {
    // The password is needed from here on: the file must be readable. One changed since the
    // program read it still gives the newest password (the next run records its fingerprint).
    if (observed.password === undefined) return refuse(`${label(name)}: ${observed.fileProblem ?? "the password file was not read"}`);
    if (observed.fileProblem !== null) warnings.push(`${observed.fileProblem}; the host gets the file's current password, the next run records it`);
    const why = observed.samba === null ? `add ${name} to Samba with the password from ${desired.passwordFile}` : `set the Samba password of ${name} from ${desired.passwordFile} (the host's differs)`;
    steps.push(step(why, ["smbpasswd", "-s", "-a", name], { stdin: `${observed.password}\n${observed.password}\n`, redact: [observed.password] }));
  }
  if (observed.samba?.disabled) steps.push(step(`enable the Samba account ${name} (it was disabled)`, ["smbpasswd", "-e", name]));
  return planSteps(steps, warnings);
}

/** Removing the user: its passdb entry goes. The Linux account stays (it may own files). */
export function planDeleteSambaUser(inputs: SambaUserInputs, observed: SambaUserObserved): Plan {
  if (observed.samba === null) return planSteps([]);
  return planSteps([step(`remove ${inputs.name} from Samba (the Linux account stays)`, ["smbpasswd", "-x", inputs.name])]);
}
