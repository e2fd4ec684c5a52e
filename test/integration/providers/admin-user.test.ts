// AdminUser hooks against a real host (the lab's Debian passwd, sudo and visudo): create, a
// second look that changes nothing, drift in groups, sudoers, keys, password and home found by read
// and repaired, a broken sudoers file never installed, NOT_SET locking the account while sudo
// keeps working by key, sudo_access refused where sudo is missing, and removal refused until allowed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editHostFile } from "../../../providers/ssh/host-file";
import { closeAllSessions, getSession } from "../../../providers/ssh/pool";
import { resolveConnectionSettings } from "../../../providers/ssh/settings";
import { labDown, labSsh, labSshOk, labUp, PROJECT, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";
import { passwordHashFingerprint } from "../../../providers/admin-user/password";

const LAB = "admin-it";
let lab: LabConnection;
const HASH = "$6$abcdefgh$QmIbH5k.Tzz8fnp2d0aUUsfN1jyOzmbQn1e0Z5SDUXNKvtnUoPg3LNEDTODGNqfrpyzz5ICMU7T8tAbdsKR0e.";
const HASH2 = "$6$zyxwvuts$ZnN5ZGFzZGZhc2RmYXNkZmFzZGZhc2RmYXNkZmFzZGZhc2RmYXNkZmFzZGZhc2RmYXNkZmFzZGZhc2Rm";
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm0Pu9tUSupFmR7bPXd6p3V0gNmNI7sX8P4Z7hYyQ1J admin@laptop";
const KEY2 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk4j3N1aZwQ0bLqXvYk9o2mB7cR8dF6gE5hT4sU3vW2 other@desk";
// The hash as the program hands it over: the config file it is in, where, and its fingerprint.
const dir = mkdtempSync(join(tmpdir(), "phoenix-admin-it-"));
function hashIn(name: string, hash: string) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ users: { password_hash: hash } }));
  return { passwordFingerprint: passwordHashFingerprint("phoenix_admin", hash), passwordHashFile: file, passwordHashAt: ["users", "password_hash"] };
}
const user = { name: "phoenix_admin", ...hashIn("first", HASH), sudo: true, groups: ["users"], authorizedKeys: [KEY] };
const shadowField = () => labSshOk(LAB, "getent shadow phoenix_admin").split(":")[1];
const keysFile = () => labSshOk(LAB, "cat /home/phoenix_admin/.ssh/authorized_keys");

beforeAll(() => {
  lab = labUp(LAB);
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("AdminUser on a real host", () => {
  it("creates the account with its password, groups, sudoers file and keys; state holds no hash", async () => {
    const admin = labHandlers(lab, "AdminUser");
    const { outs } = await admin.create({ ...user });
    expect(labSshOk(LAB, "getent passwd phoenix_admin")).toMatch(/^phoenix_admin:x:\d+:\d+::\/home\/phoenix_admin:\/bin\/bash\n$/);
    expect(labSshOk(LAB, "id -Gn phoenix_admin")).toBe("phoenix_admin users\n");
    expect(shadowField()).toBe(HASH);
    expect(labSshOk(LAB, "stat -c '%U:%G %a' /etc/sudoers.d/phoenix_admin /home/phoenix_admin/.ssh /home/phoenix_admin/.ssh/authorized_keys")).toBe(
      "root:root 440\nphoenix_admin:phoenix_admin 700\nphoenix_admin:phoenix_admin 600\n",
    );
    expect(labSshOk(LAB, "visudo -c")).toContain("/etc/sudoers.d/phoenix_admin: parsed OK");
    expect(keysFile()).toContain(`${KEY}\n`);
    expect(JSON.stringify(outs)).not.toContain("QmIbH5k");
    expect(await admin.diff("phoenix_admin", outs, { ...user })).toEqual({ changes: false });
  });

  it("finds drift in groups, sudoers, keys and the password by refresh, and repairs it", async () => {
    const admin = labHandlers(lab, "AdminUser");
    const { outs } = await admin.create({ ...user });
    labSshOk(LAB, "usermod -aG sudo phoenix_admin");
    const grouped = await admin.read("phoenix_admin", outs);
    expect(await admin.diff("phoenix_admin", grouped.props!, { ...user })).toEqual({ changes: true });
    labSshOk(LAB, "echo 'phoenix_admin ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/phoenix_admin");
    labSshOk(LAB, `echo '${KEY2}' >> /home/phoenix_admin/.ssh/authorized_keys`);
    labSshOk(LAB, `echo 'phoenix_admin:${HASH2}' | chpasswd -e`);
    const drifted = await admin.read("phoenix_admin", outs);
    expect(JSON.stringify(drifted.props)).not.toContain("ZnN5ZGFz");
    expect(drifted.props!.observed).not.toEqual(outs.observed);
    await admin.update("phoenix_admin", drifted.props!, { ...user });
    expect(labSshOk(LAB, "id -Gn phoenix_admin")).toBe("phoenix_admin users\n");
    expect(labSshOk(LAB, "cat /etc/sudoers.d/phoenix_admin")).toContain("phoenix_admin ALL=(ALL:ALL) ALL\n");
    expect(keysFile()).not.toContain("other@desk");
    expect(shadowField()).toBe(HASH);
    const after = await admin.read("phoenix_admin", outs);
    expect(after.props!.observed).toEqual(outs.observed);
  });

  it("sets a changed hash from the file; the hash is in no output", async () => {
    const admin = labHandlers(lab, "AdminUser");
    const { outs } = await admin.create({ ...user });
    const rotated = { ...user, ...hashIn("rotated", HASH2) };
    expect(await admin.diff("phoenix_admin", outs, rotated)).toEqual({ changes: true });
    const { outs: after } = await admin.update("phoenix_admin", outs, rotated);
    expect(shadowField()).toBe(HASH2);
    expect(JSON.stringify(after)).not.toContain("ZnN5ZGFz");
    expect(await admin.diff("phoenix_admin", after, rotated)).toEqual({ changes: false });
    await admin.update("phoenix_admin", after, { ...user });
    expect(shadowField()).toBe(HASH);
  });

  it("never installs a sudoers file that visudo rejects", async () => {
    const before = labSshOk(LAB, "cat /etc/sudoers.d/phoenix_admin");
    const settings = { host: lab.host, port: String(lab.port), user: lab.user, privateKeyPath: lab.privateKeyPath, hostKeyPath: lab.hostKeyPath };
    const runner = getSession(resolveConnectionSettings(settings, (p) => readFileSync(p, "utf8"), PROJECT));
    const err = await editHostFile(runner, "/etc/sudoers.d/phoenix_admin", () => "phoenix_admin ALL=(ALL:ALL NOPASSWD: ALL\n", { verify: ["visudo", "-cf"] }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/syntax error[\s\S]*failed the check \(visudo\); the old file is kept/);
    expect(labSshOk(LAB, "cat /etc/sudoers.d/phoenix_admin")).toBe(before);
    expect(labSshOk(LAB, "ls -a /etc/sudoers.d")).not.toContain(".phoenix-");
  });

  it("NOT_SET locks the password; sudo then needs none; removed keys are removed", async () => {
    const admin = labHandlers(lab, "AdminUser");
    const { outs } = await admin.create({ ...user });
    const locked = { name: user.name, sudo: true, groups: user.groups, passwordFingerprint: "NOT_SET", authorizedKeys: [] };
    await admin.update("phoenix_admin", outs, locked);
    expect(shadowField()).toBe("!");
    expect(labSsh(LAB, "test -e /home/phoenix_admin/.ssh/authorized_keys").code).not.toBe(0);
    expect(labSshOk(LAB, "su - phoenix_admin -c 'sudo -n id -u'")).toBe("0\n");
  });

  it("refuses sudo_access in preview on a host without sudo", async () => {
    labSshOk(LAB, "mv /usr/sbin/visudo /usr/sbin/visudo.off");
    try {
      await expect(labHandlers(lab, "AdminUser").check({}, { ...user, name: "ops" })).rejects.toThrow(/AdminUser "ops": sudo_access needs sudo, which is not installed/);
      expect(labSsh(LAB, "id ops").code).not.toBe(0);
    } finally {
      labSshOk(LAB, "mv /usr/sbin/visudo.off /usr/sbin/visudo");
    }
  });

  it("makes a lost home again, with the keys in it", async () => {
    const admin = labHandlers(lab, "AdminUser");
    const { outs } = await admin.create({ ...user });
    labSshOk(LAB, "rm -rf /home/phoenix_admin");
    const lost = await admin.read("phoenix_admin", outs);
    expect(await admin.diff("phoenix_admin", lost.props!, { ...user })).toEqual({ changes: true });
    await admin.update("phoenix_admin", lost.props!, { ...user });
    expect(labSshOk(LAB, "stat -c '%U:%G %a' /home/phoenix_admin /home/phoenix_admin/.ssh")).toBe("phoenix_admin:phoenix_admin 755\nphoenix_admin:phoenix_admin 700\n");
    expect(keysFile()).toContain(KEY);
  });

  it("refuses to remove the account unless allowed, then removes it with its home", async () => {
    const { outs } = await labHandlers(lab, "AdminUser").create({ ...user });
    await expect(labHandlers(lab, "AdminUser").delete("phoenix_admin", outs)).rejects.toThrow(/phoenix:allowDestroy "AdminUser:phoenix_admin"/);
    expect(labSsh(LAB, "id phoenix_admin").code).toBe(0);
    await labHandlers(lab, "AdminUser", { allowDestroy: '["AdminUser:phoenix_admin"]' }).delete("phoenix_admin", outs);
    expect(labSsh(LAB, "id phoenix_admin").code).not.toBe(0);
    expect(labSsh(LAB, "test -e /home/phoenix_admin || test -e /etc/sudoers.d/phoenix_admin").code).not.toBe(0);
  });
});
