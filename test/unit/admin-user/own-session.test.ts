// The account Phoenix's SSH session runs as: no plan may cut that access (keys removed, the
// password locked, the account deleted), whatever the config says; other accounts are unaffected.
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { passwordState } from "../../../providers/admin-user/inspect";
import { keysOf } from "../../../providers/admin-user/own-session";
import { passwordHashFingerprint } from "../../../providers/admin-user/password";
import { planAdminUser, planDeleteAdminUser } from "../../../providers/admin-user/plan";
import { AdminUserInputsSchema, sudoersContent, type AdminUserInputs, type AdminUserObserved } from "../../../providers/admin-user/schema";

const HASH = "$6$abcdefgh$QmIbH5k.Tzz8fnp2d0aUUsfN1jyOzmbQn1e0Z5SDUXNKvtnUoPg3LNEDTODGNqfrpyzz5ICMU7T8tAbdsKR0e.";
const LAB_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm0Pu9tUSupFmR7bPXd6p3V0gNmNI7sX8P4Z7hYyQ1J phoenix-lab";
const KEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk4j3N1aZwQ0bLqXvYk9o2mB7cR8dF6gE5hT4sU3vW2 other@desk";
// The real file's users block with username root: no password, sudo, no key.
const realAsRoot = (over: Partial<AdminUserInputs> = {}): AdminUserInputs => AdminUserInputsSchema.parse({ name: "root", passwordFingerprint: "NOT_SET", sudo: true, authorizedKeys: [], ...over });
// The real file's hash set: where the provider would read it, and its fingerprint.
const withHash = { passwordFingerprint: passwordHashFingerprint("root", HASH), passwordHashFile: "/cfg/phoenix_hypervisor_config.json", passwordHashAt: ["users", "password_hash"] };
const stat = (type: string, mode: string) => ({ type, owner: "root", group: "root", mode });
/** root on a lab host: empty password field (passwd -d), the lab's key written by hand (a comment first). */
const labRoot = (over: Partial<AdminUserObserved> = {}): AdminUserObserved => ({
  account: { uid: 0, gid: 0, home: "/root", shell: "/bin/bash" },
  homeExists: true,
  userGroupExists: true,
  primaryGroup: "root",
  groups: [],
  missingGroups: [],
  password: "empty",
  sudoInstalled: true,
  sudoers: null,
  sudoersStat: null,
  sshDir: stat("directory", "700"),
  keysStat: stat("regular file", "600"),
  keys: `# lab client key\n${LAB_KEY}\n`,
  sessionUser: "root",
  ...over,
});
const reason = (plan: ReturnType<typeof planAdminUser>) => (plan.kind === "refuse" ? plan.reason : `not refused: ${plan.steps.map(renderStep).join("; ")}`);

describe("the account Phoenix connects as", () => {
  it("refuses the real file's empty ssh_public_key for it: the key Phoenix logs in with would go", () => {
    expect(reason(planAdminUser(realAsRoot(), labRoot()))).toMatch(/^AdminUser "root": Phoenix connects as root: this would remove 1 key from its authorized_keys/);
  });

  it("refuses to lock its password (NOT_SET) even when every key stays", () => {
    expect(reason(planAdminUser(realAsRoot({ authorizedKeys: [LAB_KEY] }), labRoot()))).toMatch(/Phoenix connects as root: a password_hash meaning no password would lock the account/);
    expect(reason(planAdminUser(realAsRoot({ authorizedKeys: [LAB_KEY] }), labRoot({ password: passwordState(HASH, "root") })))).toMatch(/would lock the account/);
  });

  it("allows what keeps its access: every present key kept (comments and options aside), a password hash, or an account already locked", () => {
    // The host's password differs from the configured hash: the provider has read it from the file.
    const read = { hashFromFile: { hash: HASH } };
    const withOptions = labRoot({ keys: `from="10.0.0.0/24" ${LAB_KEY.replace("phoenix-lab", "renamed")}\n`, ...read });
    for (const [desired, host] of [
      [realAsRoot({ authorizedKeys: [LAB_KEY], ...withHash }), labRoot(read)],
      [realAsRoot({ authorizedKeys: [LAB_KEY, KEY2], ...withHash }), withOptions],
      [realAsRoot({ authorizedKeys: [LAB_KEY] }), labRoot({ password: "locked" })],
      [realAsRoot(), labRoot({ keys: null, keysStat: null, password: "locked" })],
    ] as const) {
      expect(reason(planAdminUser(desired, host))).toMatch(/^not refused/);
    }
  });

  it("refuses deleting it even when phoenix:allowDestroy allows it", () => {
    const observed = labRoot({ sudoers: sudoersContent(realAsRoot()) });
    for (const allowed of [false, true]) expect(reason(planDeleteAdminUser(realAsRoot(), observed, allowed))).toMatch(/^AdminUser "root": Phoenix connects as root: deleting the account would cut Phoenix's own SSH access \(phoenix:allowDestroy cannot allow this\)/);
  });

  it("leaves another account's plans alone (the real file's phoenix_admin while Phoenix connects as root)", () => {
    const admin = realAsRoot({ name: "phoenix_admin" });
    const host = labRoot({ account: { uid: 1000, gid: 1000, home: "/home/phoenix_admin", shell: "/bin/bash" }, primaryGroup: "phoenix_admin", password: passwordState(HASH, "phoenix_admin") });
    expect(planAdminUser(admin, host).kind).toBe("steps");
    expect(planDeleteAdminUser(admin, host, true).kind).toBe("steps");
    // Unknown session user (an observation from state): no guard, as before.
    expect(planAdminUser(realAsRoot(), labRoot({ sessionUser: undefined })).kind).toBe("steps");
  });

  it("reads keys as <type> <base64>, skipping comments, blank lines, options and trailing comments", () => {
    expect(keysOf(`# header\n\n${LAB_KEY}\ncommand="x" ${KEY2}\nnot a key\n`)).toEqual([LAB_KEY.replace(/ phoenix-lab$/, ""), KEY2.replace(/ other@desk$/, "")]);
  });
});
