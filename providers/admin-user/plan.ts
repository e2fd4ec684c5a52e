// AdminUser planner: the account (useradd, usermod), the password field (chpasswd -e, the hash
// on stdin only), /etc/sudoers.d/<name> (written through the shared file writer and checked
// with visudo -cf before it is installed), and ~/.ssh/authorized_keys exactly as configured.
import { listSome, planSteps, refuse, type Plan } from "../core/plan";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { ownSessionDeleteProblem, ownSessionProblem } from "./own-session";
import { authorizedKeysContent, NO_PASSWORD, SUDOERS_DIR, sudoersContent, sudoersPath, UNKNOWN_PASSWORD, VISUDO, type AdminUserInputs, type AdminUserObserved, type PathStat } from "./schema";

const SUDOERS_MODE = 0o440;

/**
 * True when the host's password field is not the configured one. A new account starts locked
 * (useradd writes "!"). The comparison is by fingerprint: the hash is not needed to see that
 * nothing is to do, so the stored observation (which never holds it) decides as the live one.
 */
export function passwordDue(desired: AdminUserInputs, observed: Pick<AdminUserObserved, "account" | "password">): boolean {
  const want = desired.passwordFingerprint;
  if (want === UNKNOWN_PASSWORD) return false;
  const have = observed.account === null ? "locked" : observed.password;
  if (want === NO_PASSWORD) return have !== "locked";
  return have === null || typeof have === "string" || have.digest !== want;
}

/** Where the account's home is (what useradd -d gets for a new one). */
export function homeOf(desired: AdminUserInputs, observed: AdminUserObserved): string {
  return observed.account?.home ?? `/home/${desired.name}`;
}

/** chown/chmod steps that give `path` this owner and mode, when `stat` shows otherwise. */
function attributeSteps(path: string, stat: PathStat | null, owner: string, group: string, mode: number, what: string): Step[] {
  const octal = mode.toString(8);
  const steps: Step[] = [];
  if (stat !== null && (stat.owner !== owner || stat.group !== group)) steps.push(step(`${what} belongs to ${owner}:${group} (was ${stat.owner}:${stat.group})`, ["chown", "-h", `${owner}:${group}`, "--", path]));
  if (stat !== null && stat.mode !== octal) steps.push(step(`${what} has mode ${octal.padStart(4, "0")} (was ${stat.mode})`, ["chmod", octal.padStart(4, "0"), "--", path]));
  return steps;
}

function accountSteps(desired: AdminUserInputs, observed: AdminUserObserved): Step[] {
  const { name } = desired;
  const account = observed.account;
  if (account === null) {
    // -U makes the user's own group; a group of that name already there is joined instead.
    const group = observed.userGroupExists ? ["-g", name] : ["-U"];
    const extra = desired.groups.length > 0 ? ["-G", desired.groups.join(",")] : [];
    return [step(`create user ${name} with home /home/${name}`, ["useradd", "-m", "-d", `/home/${name}`, "-s", desired.shell, ...group, ...extra, "--", name])];
  }
  const steps: Step[] = [];
  // useradd -m makes the home only at creation; one lost since is made again (empty, 0755 as
  // useradd makes it here), so keys and the user's files have a place.
  if (!observed.homeExists) steps.push(step(`create the missing home ${account.home} of ${name}`, ["install", "-d", "-m", "0755", "-o", name, "-g", observed.primaryGroup ?? name, "--", account.home]));
  if (account.shell !== desired.shell) steps.push(step(`login shell of ${name} is ${desired.shell} (was ${account.shell})`, ["usermod", "-s", desired.shell, "--", name]));
  const added = desired.groups.filter((g) => !observed.groups.includes(g));
  const dropped = observed.groups.filter((g) => !desired.groups.includes(g));
  if (added.length + dropped.length > 0) {
    const why = [added.length ? `join ${added.join(", ")}` : "", dropped.length ? `leave ${dropped.join(", ")}` : ""].filter(Boolean).join("; ");
    steps.push(step(`groups of ${name}: ${why}`, ["usermod", "-G", desired.groups.join(","), "--", name]));
  }
  return steps;
}

function passwordSteps(desired: AdminUserInputs, observed: AdminUserObserved): Step[] {
  if (!passwordDue(desired, observed)) return [];
  if (desired.passwordFingerprint === NO_PASSWORD) return [step(`${desired.name} has no password (locked for password logins)`, ["chpasswd", "-e"], { stdin: `${desired.name}:!\n` })];
  // blocker() has refused when the hash could not be read.
  const read = observed.hashFromFile;
  if (read === undefined || !("hash" in read)) return [];
  return [step(`set the password hash of ${desired.name} from ${desired.passwordHashFile}`, ["chpasswd", "-e"], { stdin: `${desired.name}:${read.hash}\n`, redact: [read.hash] })];
}

function sudoSteps(desired: AdminUserInputs, observed: AdminUserObserved): Step[] {
  const path = sudoersPath(desired.name);
  const content = desired.sudo ? sudoersContent(desired) : null;
  const edit = planFileEdit(path, observed.sudoers, () => content, { mode: SUDOERS_MODE, owner: "root:root", verify: ["visudo", "-cf"] });
  const steps: Step[] = edit ? [fileEditStep(desired.sudo ? `${desired.name} may use sudo` : `${desired.name} may not use sudo`, edit)] : [];
  if (content !== null) steps.push(...attributeSteps(path, observed.sudoersStat, "root", "root", SUDOERS_MODE, path));
  return steps;
}

function keySteps(desired: AdminUserInputs, observed: AdminUserObserved): Step[] {
  const home = homeOf(desired, observed);
  const dir = `${home}/.ssh`;
  const file = `${dir}/authorized_keys`;
  const content = authorizedKeysContent(desired.authorizedKeys);
  const group = observed.primaryGroup ?? desired.name;
  const steps: Step[] = [];
  if (content !== null && observed.sshDir === null) {
    steps.push(step(`create ${dir}`, ["install", "-d", "-m", "0700", "-o", desired.name, "-g", group, "--", dir]));
  } else if (content !== null) {
    steps.push(...attributeSteps(dir, observed.sshDir, desired.name, group, 0o700, dir));
  }
  const count = desired.authorizedKeys.length;
  const edit = planFileEdit(file, observed.keys, () => content, { mode: 0o600, owner: `${desired.name}:${group}` });
  if (edit) steps.push(fileEditStep(content === null ? `no SSH key may log in as ${desired.name}` : `${count} SSH key${count === 1 ? "" : "s"} may log in as ${desired.name}`, edit));
  if (content !== null) steps.push(...attributeSteps(file, observed.keysStat, desired.name, group, 0o600, file));
  return steps;
}

/** Why the host cannot be converged as it is (before any command), or undefined. */
function blocker(desired: AdminUserInputs, observed: AdminUserObserved): string | undefined {
  const missing = observed.missingGroups;
  if (missing.length > 0) {
    const [it, does] = missing.length === 1 ? ["it", "does"] : ["them", "do"];
    return `group${missing.length === 1 ? "" : "s"} ${listSome(missing)} ${does} not exist on the host; create ${it} first or drop ${it} from groups`;
  }
  const oddPaths = [
    observed.sshDir && observed.sshDir.type !== "directory" ? `${homeOf(desired, observed)}/.ssh is a ${observed.sshDir.type}` : "",
    observed.keysStat && !/^regular (empty )?file$/.test(observed.keysStat.type) ? `authorized_keys is a ${observed.keysStat.type}` : "",
  ].filter(Boolean);
  // Root writes into a directory the user controls: a link there would redirect the write.
  if (oddPaths.length > 0) return `${oddPaths.join("; ")}; Phoenix writes keys only into a real directory and file (move it away first)`;
  if (desired.sudo && !observed.sudoInstalled) return `sudo_access needs sudo, which is not installed on the host (no ${VISUDO} or ${SUDOERS_DIR}); install it (apt-get install sudo) or set sudo_access to false`;
  const read = observed.hashFromFile;
  if (desired.passwordFingerprint !== NO_PASSWORD && passwordDue(desired, observed) && !(read && "hash" in read)) {
    return read && "problem" in read ? read.problem : "the password hash was not read (the host's differs from the configured one)";
  }
  return undefined;
}

export function planAdminUser(desired: AdminUserInputs, observed: AdminUserObserved): Plan {
  const label = `AdminUser "${desired.name}"`;
  const why = blocker(desired, observed) ?? ownSessionProblem(desired, observed);
  if (why !== undefined) return refuse(`${label}: ${why}`);
  const warnings = observed.account !== null && observed.account.home !== `/home/${desired.name}` ? [`${label}: home is ${observed.account.home}, not /home/${desired.name}; Phoenix keeps it`] : [];
  return planSteps([...accountSteps(desired, observed), ...passwordSteps(desired, observed), ...sudoSteps(desired, observed), ...keySteps(desired, observed)], warnings);
}

/**
 * Removing the resource: the sudoers file goes (access only); the account goes with its home
 * (`userdel -r`) only when the config allows destroying it, since the home holds data.
 */
export function planDeleteAdminUser(inputs: AdminUserInputs, observed: AdminUserObserved, allowed: boolean): Plan {
  const label = `AdminUser "${inputs.name}"`;
  const own = ownSessionDeleteProblem(inputs, observed);
  if (own !== undefined) return refuse(`${label}: ${own}`);
  if (observed.account !== null && !allowed) {
    return refuse(`${label}: deleting it removes the user and its home ${observed.account.home} with everything in it. Allow it with phoenix:allowDestroy "AdminUser:${inputs.name}", or keep the account and stop managing it with pulumi state delete`);
  }
  const edit = planFileEdit(sudoersPath(inputs.name), observed.sudoers, () => null);
  const steps: Step[] = edit ? [fileEditStep(`${inputs.name} may not use sudo`, edit)] : [];
  if (observed.account !== null) steps.push(step(`delete user ${inputs.name} and its home ${observed.account.home}`, ["userdel", "-r", "--", inputs.name], { destructive: true }));
  return planSteps(steps);
}
