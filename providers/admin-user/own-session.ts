// Phoenix must not cut its own access. When the account is the one Phoenix's SSH session runs
// as (`id -un` on the host; e.g. `users.username: root` with phoenix:user root), a plan may not
// remove a key from its authorized_keys (the host cannot tell which key Phoenix logged in with),
// lock its password (sshd with UsePAM no refuses every login of a locked account, keys included;
// PVE's <name>@pam web login needs the password), or delete it. Pure.
import { NO_PASSWORD, type AdminUserInputs, type AdminUserObserved } from "./schema";

// `<type> <base64>` of each key line; options before the type and comments after are ignored.
const KEY = /(?:^|\s)((?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3})(?:\s|$)/;

/** The keys of an authorized_keys file, as `<type> <base64>`. */
export function keysOf(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trimStart().startsWith("#"))
    .map((l) => KEY.exec(l)?.[1])
    .filter((k): k is string => k !== undefined);
}

const isSession = (name: string, observed: AdminUserObserved) => observed.account !== null && observed.sessionUser === name;
const other = "set phoenix:user to another account that can run Phoenix's commands first";

/** Why converging `desired` would cut the SSH access Phoenix runs on, or undefined. */
export function ownSessionProblem(desired: AdminUserInputs, observed: AdminUserObserved): string | undefined {
  if (!isSession(desired.name, observed)) return undefined;
  const kept = new Set(keysOf(desired.authorizedKeys.join("\n")));
  const removed = keysOf(observed.keys ?? "").filter((k) => !kept.has(k));
  if (removed.length > 0) {
    const n = removed.length === 1 ? "1 key" : `${removed.length} keys`;
    return `Phoenix connects as ${desired.name}: this would remove ${n} from its authorized_keys, and the host cannot tell which key Phoenix logs in with, so the next run could be locked out. Put every key that must keep working in users.ssh_public_key, remove the others by hand, or ${other}`;
  }
  if (desired.passwordFingerprint === NO_PASSWORD && observed.password !== null && observed.password !== "locked") {
    // Not the word itself: the engine masks a secret input's value (here the hash) wherever it appears.
    return `Phoenix connects as ${desired.name}: a password_hash meaning no password would lock the account (sshd with UsePAM no then refuses its key logins too, and Proxmox VE's ${desired.name}@pam login needs the password). Give its hash in password_hash, or ${other}`;
  }
  return undefined;
}

/** Why deleting the account would cut the SSH access Phoenix runs on (phoenix:allowDestroy cannot allow that), or undefined. */
export function ownSessionDeleteProblem(inputs: AdminUserInputs, observed: AdminUserObserved): string | undefined {
  if (!isSession(inputs.name, observed)) return undefined;
  return `Phoenix connects as ${inputs.name}: deleting the account would cut Phoenix's own SSH access (phoenix:allowDestroy cannot allow this). Keep it in users, or ${other}, or stop managing it with pulumi state delete`;
}
