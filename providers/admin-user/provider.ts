// AdminUser lifecycle on the host:
//   inspect: getent passwd/shadow <name>; getent group; stat + cat /etc/sudoers.d/<name>;
//            stat /usr/sbin/visudo and /etc/sudoers.d;
//            stat ~/.ssh, stat + cat ~/.ssh/authorized_keys; id -un (Phoenix's own user);
//            when the host's hash is not the configured one: the hash from the config file
//            on this machine (its fingerprint checked against the inputs'; never kept)
//   create/update: useradd / usermod -s / usermod -G; chpasswd -e (hash on stdin);
//            sudoers file (editHostFile, visudo -cf before the rename); install -d ~/.ssh;
//            authorized_keys (editHostFile); chown/chmod where they drifted
//   delete:  sudoers file removed; userdel -r only when allowed (the home holds data)
import type { Runner } from "../core/runner";
import { probe, readArgv } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { readPasswordHash } from "./password";
import { passwordDue, planAdminUser, planDeleteAdminUser } from "./plan";
import { AdminUserInputsSchema, NO_PASSWORD, SUDOERS_DIR, sudoersPath, VISUDO, type AdminUserInputs, type AdminUserObserved } from "./schema";

async function inspectUser(runner: Runner, inputs: AdminUserInputs): Promise<AdminUserObserved> {
  const sudoers = sudoersPath(inputs.name);
  const [passwd, shadow, groupList, sudoersStat, sudoersText, visudo, sudoersDir, sessionUser] = await Promise.all([
    probe(runner, inspect.passwdCommand(inputs.name)),
    probe(runner, inspect.shadowCommand(inputs.name)),
    probe(runner, inspect.groupsCommand()),
    probe(runner, inspect.statCommand(sudoers)),
    probe(runner, inspect.catCommand(sudoers)),
    probe(runner, inspect.statCommand(VISUDO)),
    probe(runner, inspect.statCommand(SUDOERS_DIR)),
    readArgv(runner, inspect.sessionUserCommand()),
  ]);
  if (groupList.code !== 0) throw new Error(`getent group failed: ${groupList.stderr.trim() || `exit ${groupList.code}`}`);
  const account = inspect.parsePasswd(passwd);
  const groups = inspect.parseGroups(groupList.stdout);
  const names = new Set(groups.map((g) => g.name));
  const files = account === null ? null : await inspectKeys(runner, account.home);
  const password = account === null ? null : inspect.parseShadow(shadow, inputs.name);
  // The hash is read only when chpasswd will need it.
  const due = inputs.passwordFingerprint !== NO_PASSWORD && passwordDue(inputs, { account, password });
  return {
    account,
    homeExists: files?.home?.type === "directory",
    userGroupExists: names.has(inputs.name),
    primaryGroup: account === null ? null : (groups.find((g) => g.gid === account.gid)?.name ?? null),
    groups: groups.filter((g) => g.members.includes(inputs.name)).map((g) => g.name).sort(),
    missingGroups: inputs.groups.filter((g) => !names.has(g)),
    password,
    sudoInstalled: inspect.parseStat(visudo) !== null && inspect.parseStat(sudoersDir)?.type === "directory",
    sudoers: inspect.parseCat(sudoersText, sudoers),
    sudoersStat: inspect.parseStat(sudoersStat),
    sshDir: files?.dir ?? null,
    keysStat: files?.stat ?? null,
    keys: files?.keys ?? null,
    sessionUser: sessionUser.trim(),
    ...(due ? { hashFromFile: readPasswordHash(inputs) } : {}),
  };
}

async function inspectKeys(runner: Runner, home: string) {
  const file = `${home}/.ssh/authorized_keys`;
  const [homeStat, dir, stat, keys] = await Promise.all([
    probe(runner, inspect.statCommand(home)),
    probe(runner, inspect.statCommand(`${home}/.ssh`)),
    probe(runner, inspect.statCommand(file)),
    probe(runner, inspect.catCommand(file)),
  ]);
  return { home: inspect.parseStat(homeStat), dir: inspect.parseStat(dir), stat: inspect.parseStat(stat), keys: inspect.parseCat(keys, file) };
}

export const adminUserDefinition: ResourceDefinition<AdminUserInputs, AdminUserObserved> = {
  kind: "AdminUser",
  parseInputs: (raw) => parseWith(AdminUserInputsSchema, raw),
  id: (inputs) => inputs.name,
  identity: ["name"],
  // Where the hash is found: moving the config file changes nothing on the host.
  locatorInputs: ["passwordHashFile", "passwordHashAt"],
  label: (inputs) => `AdminUser "${inputs.name}"`,
  inspect: (runner, inputs) => inspectUser(runner, inputs),
  // The hash read for chpasswd is for this process only; Phoenix's own user is a fact of the
  // connection, not of the account (no drift when it changes).
  snapshot: ({ hashFromFile: _hash, sessionUser: _session, ...kept }) => kept,
  exists: (observed) => observed.account !== null,
  plan: (desired, observed) => planAdminUser(desired, observed),
  planDelete: (inputs, observed, allowed) => planDeleteAdminUser(inputs, observed, allowed),
  // The home holds the administrator's data: only phoenix:allowDestroy "AdminUser:<name>" allows it.
  allowsDestroy: () => false,
};
