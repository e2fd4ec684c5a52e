// SambaUser and SambaShare hooks against a real host (the lab's Samba 4.17 tools and a real smbd
// behind the lab's systemctl): the password from a file reaches smbpasswd and is checked by
// smbclient from this machine; NT-hash drift and a rotation are found and repaired; two shares
// are written at once into smb.conf, Debian's sections and a hand-written one kept byte for byte;
// a hand edit of a managed block is repaired; a file testparm rejects is never installed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { passwordFingerprint } from "../../../providers/samba-user/password";
import { labDown, labSsh, labSshOk, labUp, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "smb-it";
let lab: LabConnection;
const work = mkdtempSync(path.join(tmpdir(), "phoenix-smb-it-"));
const pwFile = path.join(work, "samba-password");
const HAND = "\n[scratch]\n   path = /srv/scratch\n   read only = yes\n";
const conf = () => labSshOk(LAB, "cat /etc/samba/smb.conf");
let debian: string;

function userInputs(password: string) {
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  return { name: "heads", passwordFile: pwFile, passwordFingerprint: passwordFingerprint("heads", password) };
}

const share = (name: string, extra: object = {}) => ({ name, path: `/srv/${name}`, validUsers: ["heads"], browsable: true, readOnly: false, guestOk: false, dirOwner: "heads", dirGroup: "heads", ...extra });

/** smbclient from this machine, the password in its environment (never argv). */
function smbclient(password: string, service: string, command = "ls") {
  const r = spawnSync("smbclient", [`//${lab.host}/${service}`, "-U", "heads", "-c", command], { encoding: "utf8", env: { ...process.env, PASSWD: password }, timeout: 30_000 });
  return { code: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
}

beforeAll(() => {
  lab = labUp(LAB);
  labSshOk(LAB, `userdel heads 2>/dev/null; mkdir -p /srv && printf '%s' '${HAND}' >> /etc/samba/smb.conf && for i in $(seq 50); do systemctl is-active -q smbd && break; sleep 0.1; done`);
  debian = conf();
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("SambaUser on a real host", () => {
  it("creates the account and its Samba password, which smbd accepts", async () => {
    const users = labHandlers(lab, "SambaUser");
    const inputs = userInputs("First-pw-1");
    const { outs } = await users.create({ ...inputs });
    expect(labSshOk(LAB, "getent passwd heads")).toMatch(/^heads:x:\d+:\d+::\/home\/heads:\/usr\/sbin\/nologin/);
    expect(labSshOk(LAB, "pdbedit -L -w -u heads")).toMatch(/^heads:\d+:X{32}:[0-9A-F]{32}:\[U +\]/);
    expect(JSON.stringify(outs)).not.toContain("First-pw-1");
    expect(await users.diff("heads", outs, { ...inputs })).toEqual({ changes: false });
    const listing = spawnSync("smbclient", ["-L", `//${lab.host}`, "-U", "heads"], { encoding: "utf8", env: { ...process.env, PASSWD: "First-pw-1" } });
    expect(listing.status, listing.stdout + listing.stderr).toBe(0);
  });

  it("finds a password changed on the host by its NT hash and sets it back", async () => {
    const users = labHandlers(lab, "SambaUser");
    const inputs = userInputs("First-pw-1");
    const { outs } = await users.create({ ...inputs });
    for (const change of ["printf 'other\\nother\\n' | smbpasswd -s heads", "smbpasswd -d heads"]) {
      labSshOk(LAB, change);
      const drifted = await users.read("heads", outs);
      expect(await users.diff("heads", drifted.props!, { ...inputs }), change).toEqual({ changes: true });
      await users.update("heads", drifted.props!, { ...inputs });
    }
    expect(labSshOk(LAB, "pdbedit -L -w -u heads")).toMatch(/:\[U +\]:/);
    expect(spawnSync("smbclient", ["-L", `//${lab.host}`, "-U", "heads"], { env: { ...process.env, PASSWD: "First-pw-1" } }).status).toBe(0);
    const again = await users.read("heads", outs);
    expect(again.props).toEqual(outs);
  });

  it("rotates to a new password from the file; a file changed after planning gets the host its newest password, and the run fails its check", async () => {
    const users = labHandlers(lab, "SambaUser");
    const { outs } = await users.create({ ...userInputs("First-pw-1") });
    const rotated = userInputs("Second-pw-2");
    expect(await users.diff("heads", outs, { ...rotated })).toEqual({ changes: true });
    await users.update("heads", outs, { ...rotated });
    expect(spawnSync("smbclient", ["-L", `//${lab.host}`, "-U", "heads"], { env: { ...process.env, PASSWD: "Second-pw-2" } }).status).toBe(0);
    expect(spawnSync("smbclient", ["-L", `//${lab.host}`, "-U", "heads"], { env: { ...process.env, PASSWD: "First-pw-1" } }).status).not.toBe(0);
    writeFileSync(pwFile, "Third-pw-3\n");
    const stale = { ...rotated, passwordFingerprint: passwordFingerprint("heads", "Fourth") };
    await expect(users.update("heads", outs, stale)).rejects.toThrow(/did not converge[\s\S]*smbpasswd -s -a heads/);
    expect(spawnSync("smbclient", ["-L", `//${lab.host}`, "-U", "heads"], { env: { ...process.env, PASSWD: "Third-pw-3" } }).status).toBe(0);
  });
});

describe("SambaShare on a real host", () => {
  it("writes two shares at once, keeps Debian's file and a hand-written section, and serves them", async () => {
    userInputs("Second-pw-2");
    await labHandlers(lab, "SambaUser").create({ ...userInputs("Second-pw-2") });
    const shares = labHandlers(lab, "SambaShare");
    await Promise.all([shares.create(share("alpha")), shares.create(share("beta", { readOnly: true }))]);
    const text = conf();
    expect(text.startsWith(debian)).toBe(true);
    expect(text).toContain('# BEGIN Phoenix SambaShare "alpha"');
    expect(text).toContain('# BEGIN Phoenix SambaShare "beta"');
    expect(labSshOk(LAB, "stat -c '%U:%G %a' /srv/alpha")).toBe("heads:heads 770\n");
    expect(labSshOk(LAB, "testparm -s --section-name=beta --parameter-name='read only' 2>/dev/null")).toBe("Yes\n");
    expect(smbclient("Second-pw-2", "alpha", "mkdir from-smbclient").code).toBe(0);
    expect(labSshOk(LAB, "stat -c '%U' /srv/alpha/from-smbclient")).toBe("heads\n");
    expect(smbclient("wrong", "alpha").code).not.toBe(0);
  });

  it("repairs a hand edit inside its block and a changed mode, found by read", async () => {
    const shares = labHandlers(lab, "SambaShare");
    const { outs } = await shares.create(share("alpha"));
    expect(await shares.diff("alpha", outs, share("alpha"))).toEqual({ changes: false });
    labSshOk(LAB, "sed -i '/SambaShare \"alpha\"/,/END/ s/valid users = heads/valid users = heads, root/' /etc/samba/smb.conf && chmod 755 /srv/alpha");
    const edited = await shares.read("alpha", outs);
    expect(await shares.diff("alpha", edited.props!, share("alpha"))).toEqual({ changes: true });
    await shares.update("alpha", edited.props!, share("alpha"));
    expect(conf()).not.toContain("heads, root");
    expect(labSshOk(LAB, "stat -c '%a' /srv/alpha")).toBe("770\n");
    expect(conf().startsWith(debian)).toBe(true);
  });

  it("never installs a file testparm rejects: the old one stays", async () => {
    const shares = labHandlers(lab, "SambaShare");
    const { outs } = await shares.create(share("alpha"));
    labSshOk(LAB, "printf '[broken\\n' >> /etc/samba/smb.conf");
    const before = conf();
    await expect(shares.update("alpha", outs, share("alpha", { guestOk: true }))).rejects.toThrow(/testparm/);
    expect(conf()).toBe(before);
    labSshOk(LAB, "sed -i '/^\\[broken$/d' /etc/samba/smb.conf");
  });

  it("refuses a hand-written section of the same name", async () => {
    const shares = labHandlers(lab, "SambaShare");
    await expect(shares.create(share("SCRATCH", { path: "/srv/scratch" }))).rejects.toThrow(/hand-written section \[scratch\]/);
  });

  it("removes only its own block and keeps the directory; the user's passdb entry goes, the account stays", async () => {
    const shares = labHandlers(lab, "SambaShare");
    const { outs } = await shares.create(share("beta", { readOnly: true }));
    await shares.delete("beta", outs);
    expect(conf()).not.toContain('"beta"');
    expect(conf()).toContain('"alpha"');
    expect(labSshOk(LAB, "test -d /srv/beta && echo kept")).toBe("kept\n");
    const users = labHandlers(lab, "SambaUser");
    const { outs: u } = await users.create({ ...userInputs("Second-pw-2") });
    await users.delete("heads", u);
    expect(labSsh(LAB, "pdbedit -L -w -u heads").code).not.toBe(0);
    expect(labSshOk(LAB, "getent passwd heads")).toContain("heads:");
  });
});
