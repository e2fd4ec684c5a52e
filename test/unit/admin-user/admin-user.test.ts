import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderPlan, renderStep, type Step } from "../../../providers/core/step";
import type { Plan } from "../../../providers/core/plan";
import { parseCat, parseGroups, parsePasswd, parseShadow, parseStat, passwordState } from "../../../providers/admin-user/inspect";
import { planAdminUser, planDeleteAdminUser } from "../../../providers/admin-user/plan";
import { passwordHashFingerprint } from "../../../providers/admin-user/password";
import { AdminUserInputsSchema, authorizedKeysContent, passwordHashProblem, sudoersContent, type AdminUserInputs, type AdminUserObserved } from "../../../providers/admin-user/schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/admin-user", name), "utf8");
const ok = (stdout: string) => ({ code: 0, stdout, stderr: "" });
const HASH = "$6$abcdefgh$QmIbH5k.Tzz8fnp2d0aUUsfN1jyOzmbQn1e0Z5SDUXNKvtnUoPg3LNEDTODGNqfrpyzz5ICMU7T8tAbdsKR0e.";
const OTHER_HASH = "$6$zyxwvuts$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm0Pu9tUSupFmR7bPXd6p3V0gNmNI7sX8P4Z7hYyQ1J admin@laptop";
const KEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk4j3N1aZwQ0bLqXvYk9o2mB7cR8dF6gE5hT4sU3vW2 other@desk";

// scrypt is slow on purpose: each hash's fingerprint is computed once.
const FP = passwordHashFingerprint("phoenix_admin", HASH);
const OTHER_FP = passwordHashFingerprint("phoenix_admin", OTHER_HASH);
const WHERE = { passwordHashFile: "/srv/phoenix/hypervisor.json", passwordHashAt: ["users", "password_hash"] };
const NOT_SET = { passwordFingerprint: "NOT_SET" };
const inputs = (over: Partial<AdminUserInputs> = {}): AdminUserInputs => AdminUserInputsSchema.parse({ name: "phoenix_admin", passwordFingerprint: FP, ...WHERE, sudo: true, authorizedKeys: [KEY], ...over });
const dirStat = { type: "directory", owner: "phoenix_admin", group: "phoenix_admin", mode: "700" };
const fileStat = (mode = "600") => ({ type: "regular file", owner: "phoenix_admin", group: "phoenix_admin", mode });
/** The host as Phoenix leaves it for inputs(). */
const converged = (over: Partial<AdminUserObserved> = {}): AdminUserObserved => ({
  account: { uid: 1000, gid: 1000, home: "/home/phoenix_admin", shell: "/bin/bash" },
  homeExists: true,
  userGroupExists: true,
  primaryGroup: "phoenix_admin",
  groups: [],
  missingGroups: [],
  password: passwordState(HASH, "phoenix_admin"),
  sudoInstalled: true,
  sudoers: sudoersContent(inputs()),
  sudoersStat: { type: "regular file", owner: "root", group: "root", mode: "440" },
  sshDir: dirStat,
  keysStat: fileStat(),
  keys: authorizedKeysContent([KEY]),
  ...over,
});
const absent: AdminUserObserved = { account: null, homeExists: false, userGroupExists: false, primaryGroup: null, groups: [], missingGroups: [], password: null, sudoInstalled: true, sudoers: null, sudoersStat: null, sshDir: null, keysStat: null, keys: null };
/** What inspect adds when the host's hash is not the configured one and the file was read. */
const read = (hash = HASH) => ({ hashFromFile: { hash } });

const steps = (plan: Plan): readonly Step[] => {
  if (plan.kind !== "steps") throw new Error(`refused: ${plan.reason}`);
  return plan.steps;
};
const commands = (plan: Plan) => steps(plan).map(renderStep);

describe("parsers (captured Debian 12 output)", () => {
  it("reads the passwd entry, and no entry as no user", () => {
    expect(parsePasswd(ok(fixture("getent-passwd.txt")))).toEqual({ uid: 1000, gid: 1000, home: "/home/phoenix_admin", shell: "/bin/bash" });
    expect(parsePasswd({ code: 2, stdout: "", stderr: "" })).toBeNull();
    expect(() => parsePasswd({ code: 1, stdout: "", stderr: "getent: boom" })).toThrow(/boom/);
  });

  it("reads the shadow field as locked or as a digest that never holds the hash", () => {
    expect(parseShadow(ok(fixture("getent-shadow-useradd.txt")), "fresh")).toBe("locked");
    const hashed = parseShadow(ok(fixture("getent-shadow-hash.txt")), "phoenix_admin");
    expect(hashed).toEqual(passwordState(HASH, "phoenix_admin"));
    expect(JSON.stringify(hashed)).not.toContain("QmIbH5k");
    // usermod -L keeps the hash behind "!": a password exists, so it is not "no password".
    const lockedHash = parseShadow(ok(fixture("getent-shadow-usermod-L.txt")), "phoenix_admin");
    expect(lockedHash).not.toBe("locked");
    expect(lockedHash).not.toEqual(hashed);
    expect(parseShadow({ code: 2, stdout: "", stderr: "" }, "x")).toBeNull();
  });

  it("digests are stable per user, differ between users, and are the program's fingerprint", () => {
    expect(passwordState(HASH, "a")).toEqual(passwordState(HASH, "a"));
    expect(passwordState(HASH, "phoenix_admin")).toEqual({ digest: FP });
    expect(passwordState(HASH, "a")).not.toEqual(passwordState(HASH, "b"));
    expect(passwordState("", "a")).toBe("empty");
    expect(passwordState("*", "a")).toBe("locked");
  });

  it("reads groups with their members", () => {
    const groups = parseGroups(fixture("getent-group.txt"));
    expect(groups.filter((g) => g.members.includes("phoenix_admin")).map((g) => g.name)).toEqual(["sudo", "users"]);
    expect(groups.find((g) => g.name === "phoenix_admin")).toEqual({ name: "phoenix_admin", gid: 1000, members: [] });
    expect(parseGroups(fixture("getent-group-users-two-members.txt"))).toEqual([{ name: "users", gid: 100, members: ["phoenix_admin", "other"] }]);
  });

  it("reads stat and treats a missing path as null", () => {
    expect(parseStat(ok(fixture("stat-ssh-dir.txt")))).toEqual(dirStat);
    expect(parseStat({ code: 1, stdout: "", stderr: fixture("stat-missing.txt").split("\n")[0] })).toBeNull();
    expect(() => parseStat({ code: 1, stdout: "", stderr: "stat: Permission denied" })).toThrow(/Permission denied/);
    expect(parseCat({ code: 1, stdout: "", stderr: "cat: /x: No such file or directory" }, "/x")).toBeNull();
  });
});

describe("inputs", () => {
  it.each([
    [{ name: "Admin" }, /invalid user name/],
    [{ name: "ws01$" }, /machine account/],
    [{ passwordFingerprint: HASH }, /not a Phoenix password fingerprint/],
    [{ passwordFingerprint: FP }, /needs passwordHashFile and passwordHashAt/],
    [{ passwordFingerprint: FP, passwordHashFile: "/x.json" }, /go together/],
    [{ passwordFingerprint: FP, passwordHashFile: "x.json", passwordHashAt: ["users", "password_hash"] }, /not absolute/],
    [{ authorizedKeys: ["command=\"x\" " + KEY] }, /invalid SSH public key/],
    [{ groups: ["Wheel"] }, /invalid group name/],
    [{ shell: "bash" }, /not absolute/],
  ])("refuses %j", (over, message) => {
    const r = AdminUserInputsSchema.safeParse({ name: "phoenix_admin", ...NOT_SET, sudo: false, ...over });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(message);
  });

  it("holds no hash: NOT_SET, or a fingerprint and where the file keeps the hash; groups sorted", () => {
    expect(AdminUserInputsSchema.parse({ name: "a", ...NOT_SET, sudo: false, groups: ["users", "adm", "users"] })).toMatchObject({ groups: ["adm", "users"], shell: "/bin/bash", authorizedKeys: [] });
    expect(AdminUserInputsSchema.parse({ name: "a", passwordFingerprint: FP, ...WHERE, sudo: true })).toMatchObject({ passwordFingerprint: FP, ...WHERE });
  });

  it("reads state written when the hash was a secret input: NOT_SET kept, a digest as unknown", () => {
    expect(AdminUserInputsSchema.parse({ name: "a", passwordHash: "NOT_SET", sudo: true })).toMatchObject({ passwordFingerprint: "NOT_SET" });
    const older = AdminUserInputsSchema.parse({ name: "a", passwordHash: `phoenix-secret:scrypt:${"0".repeat(32)}:${"1".repeat(64)}`, sudo: true });
    expect(older).toMatchObject({ passwordFingerprint: "unknown" });
    expect(older).not.toHaveProperty("passwordHash");
  });

  it.each([
    ["", /empty/],
    ["a:b", /colon/],
    ["!" + HASH, /locked account/],
  ])("the config's hash rule refuses %j", (hash, message) => {
    expect(passwordHashProblem(hash)).toMatch(message);
  });
});

describe("planAdminUser", () => {
  it("creates the account, password, sudoers (checked by visudo) and keys in order", () => {
    const plan = planAdminUser(inputs({ groups: ["users"] }), { ...absent, ...read() });
    expect(commands(plan)).toEqual([
      "useradd -m -d /home/phoenix_admin -s /bin/bash -U -G users -- phoenix_admin",
      "chpasswd -e",
      expect.stringMatching(/^write \/etc\/sudoers.d\/phoenix_admin \(2 lines, sha256 [0-9a-f]{12}, checked with visudo -cf\)$/),
      "install -d -m 0700 -o phoenix_admin -g phoenix_admin -- /home/phoenix_admin/.ssh",
      expect.stringMatching(/^write \/home\/phoenix_admin\/.ssh\/authorized_keys \(2 lines/),
    ]);
    const s = steps(plan);
    expect(s[1].stdin).toBe(`phoenix_admin:${HASH}\n`);
    expect(s[1].redact).toEqual([HASH]);
    expect(s[2].fileEdit).toMatchObject({ mode: 0o440, owner: "root:root", verify: ["visudo", "-cf"], after: "# Managed by Phoenix (AdminUser \"phoenix_admin\"); edits are reverted.\nphoenix_admin ALL=(ALL:ALL) ALL\n" });
    expect(s[4].fileEdit).toMatchObject({ mode: 0o600, owner: "phoenix_admin:phoenix_admin" });
    // The hash is only ever on stdin: never in a description or a rendered command.
    expect(renderPlan(s)).not.toContain("QmIbH5k");
  });

  it("joins an existing group of the user's name instead of creating one", () => {
    expect(commands(planAdminUser(inputs({ authorizedKeys: [], sudo: false, ...NOT_SET }), { ...absent, userGroupExists: true }))).toEqual([
      "useradd -m -d /home/phoenix_admin -s /bin/bash -g phoenix_admin -- phoenix_admin",
    ]);
  });

  it("is empty on a converged host", () => {
    expect(commands(planAdminUser(inputs(), converged()))).toEqual([]);
    expect(commands(planAdminUser(inputs({ ...NOT_SET, sudo: false, authorizedKeys: [] }), converged({ password: "locked", sudoers: null, sudoersStat: null, keys: null, keysStat: null })))).toEqual([]);
  });

  it.each<[string, Partial<AdminUserInputs>, Partial<AdminUserObserved>, string[]]>([
    ["a lost home", {}, { homeExists: false }, ["install -d -m 0755 -o phoenix_admin -g phoenix_admin -- /home/phoenix_admin"]],
    ["a changed shell", {}, { account: { uid: 1000, gid: 1000, home: "/home/phoenix_admin", shell: "/bin/sh" } }, ["usermod -s /bin/bash -- phoenix_admin"]],
    ["a group added by hand", { groups: ["users"] }, { groups: ["sudo", "users"] }, ["usermod -G users -- phoenix_admin"]],
    ["all groups dropped", {}, { groups: ["sudo"] }, ["usermod -G '' -- phoenix_admin"]],
    ["a changed password hash", { passwordFingerprint: OTHER_FP }, read(OTHER_HASH), ["chpasswd -e"]],
    ["a hash set by hand", {}, { password: passwordState(OTHER_HASH, "phoenix_admin"), ...read() }, ["chpasswd -e"]],
    ["a password set by hand while NOT_SET", NOT_SET, {}, ["chpasswd -e", expect.stringMatching(/^write \/etc\/sudoers.d/)] as string[]],
    ["a hand-edited sudoers file", {}, { sudoers: "phoenix_admin ALL=(ALL) NOPASSWD: ALL\n" }, [expect.stringMatching(/^write \/etc\/sudoers.d\/phoenix_admin/)] as string[]],
    ["a sudoers file with a wrong mode", {}, { sudoersStat: { type: "regular file", owner: "root", group: "root", mode: "644" } }, ["chmod 0440 -- /etc/sudoers.d/phoenix_admin"]],
    ["sudo revoked", { sudo: false }, {}, ["remove /etc/sudoers.d/phoenix_admin"]],
    ["a key added by hand", {}, { keys: `${authorizedKeysContent([KEY])}${KEY2}\n` }, [expect.stringMatching(/^write \/home\/phoenix_admin\/.ssh\/authorized_keys/)] as string[]],
    ["a key removed from the config", { authorizedKeys: [] }, {}, ["remove /home/phoenix_admin/.ssh/authorized_keys"]],
    ["a .ssh directory opened up", {}, { sshDir: { ...dirStat, mode: "755" } }, ["chmod 0700 -- /home/phoenix_admin/.ssh"]],
    ["keys owned by root", {}, { keysStat: { ...fileStat(), owner: "root", group: "root" } }, ["chown -h phoenix_admin:phoenix_admin -- /home/phoenix_admin/.ssh/authorized_keys"]],
  ])("repairs %s", (_, over, host, expected) => {
    expect(commands(planAdminUser(inputs(over), converged(host)))).toEqual(expected);
  });

  it("locks a password set by hand with `!`, on stdin", () => {
    const s = steps(planAdminUser(inputs(NOT_SET), converged({ sudoers: sudoersContent(inputs(NOT_SET)) })));
    expect(s.map(renderStep)).toEqual(["chpasswd -e"]);
    expect(s[0].stdin).toBe("phoenix_admin:!\n");
  });

  it("grants sudo without a password only when the account has none", () => {
    expect(sudoersContent(inputs(NOT_SET))).toContain("phoenix_admin ALL=(ALL:ALL) NOPASSWD: ALL\n");
    expect(sudoersContent(inputs())).toContain("phoenix_admin ALL=(ALL:ALL) ALL\n");
  });

  it("never plans a password for state older than the fingerprint (unknown)", () => {
    expect(commands(planAdminUser(inputs({ passwordFingerprint: "unknown" }), converged({ password: "locked" })))).not.toContain("chpasswd -e");
  });

  it("needs no hash to see that the host's is the configured one (the stored observation decides alike)", () => {
    expect(commands(planAdminUser(inputs(), converged()))).toEqual([]);
  });

  it.each<[string, Partial<AdminUserObserved>, RegExp]>([
    ["a file that cannot be read", { hashFromFile: { problem: "cannot read the password hash file /srv/phoenix/hypervisor.json: ENOENT" } }, /AdminUser "phoenix_admin": cannot read the password hash file \/srv\/phoenix\/hypervisor.json: ENOENT/],
    ["a file changed during the run", { hashFromFile: { problem: "users.password_hash in /srv/phoenix/hypervisor.json changed since the program read it; run again" } }, /changed since the program read it; run again/],
    ["a stored observation (never holds the hash)", {}, /the password hash was not read/],
  ])("refuses a due password with %s", (_, host, reason) => {
    const plan = planAdminUser(inputs(), converged({ password: "locked", ...host }));
    expect(plan).toEqual({ kind: "refuse", reason: expect.stringMatching(reason) });
  });

  it("refuses sudo on a host without sudo (Proxmox VE does not install it), and allows no sudo there", () => {
    expect(planAdminUser(inputs(), converged({ sudoInstalled: false }))).toEqual({ kind: "refuse", reason: expect.stringContaining("sudo_access needs sudo, which is not installed on the host") });
    expect(commands(planAdminUser(inputs({ sudo: false }), converged({ sudoInstalled: false, sudoers: null, sudoersStat: null })))).toEqual([]);
  });

  it("refuses missing groups and a .ssh that is a symbolic link", () => {
    expect(planAdminUser(inputs({ groups: ["docker"] }), converged({ missingGroups: ["docker"] }))).toEqual({ kind: "refuse", reason: expect.stringContaining("group docker does not exist on the host") });
    expect(planAdminUser(inputs(), converged({ sshDir: { ...dirStat, type: "symbolic link" } }))).toEqual({ kind: "refuse", reason: expect.stringContaining("/home/phoenix_admin/.ssh is a symbolic link") });
  });
});

describe("planDeleteAdminUser", () => {
  it("refuses to remove the account and its home unless allowed", () => {
    expect(planDeleteAdminUser(inputs(), converged(), false)).toEqual({ kind: "refuse", reason: expect.stringContaining('phoenix:allowDestroy "AdminUser:phoenix_admin"') });
  });

  it("removes the sudoers file, then the user with its home, when allowed", () => {
    expect(commands(planDeleteAdminUser(inputs(), converged(), true))).toEqual(["remove /etc/sudoers.d/phoenix_admin", "userdel -r -- phoenix_admin"]);
  });

  it("only removes a leftover sudoers file when the account is gone", () => {
    expect(commands(planDeleteAdminUser(inputs(), { ...absent, sudoers: "x\n" }, false))).toEqual(["remove /etc/sudoers.d/phoenix_admin"]);
    expect(commands(planDeleteAdminUser(inputs(), absent, false))).toEqual([]);
  });
});
