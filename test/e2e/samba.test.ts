// Samba end to end through the real pulumi CLI against a lab host whose smbd really serves:
// create (smbclient from this machine logs in with the password from phoenix:sambaPasswordFile),
// a second `up` changes nothing, a hand-written smb.conf section is kept, a password changed in
// the file rotates it with no other change, a hand edit of a managed section and a password set
// on the host are found by refresh and repaired by up, removal is clean (the directories stay).
// The admin's hash, changed in the config file, updates AdminUser alone. Every output, -v=9 log
// and backend file is scanned for the passwords and the admin's hashes (each set on the host by
// a run, so they really went through the provider).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { TestStack, type CliResult } from "../helpers/pulumi-cli";

const LAB = "smb-e2e";
const HV = path.join(PROJECT, "test", "fixtures", "e2e", "samba.hypervisor.json");
const LXC = path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json");
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-smb-"));
const passwordFile = path.join(work, "samba-password");
const HAND = "\n[hand-made]\n   path = /srv\n   read only = yes\n";
// Fake secrets: distinctive, so a hit anywhere is a leak.
const PW_A = "Zq7-smb-first-PW";
const PW_B = "Wk3-smb-rotated-PW";
const PW_HOST = "Hx9-set-on-host";
const ADMIN_HASH = JSON.parse(readFileSync(HV, "utf8")).users.password_hash as string;
const ADMIN = JSON.parse(readFileSync(HV, "utf8")).users.username as string;
const ADMIN_HASH_B = "$6$e2eSaltY$SecondFakeHashForTheSecretScanBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2";
const ADMIN_HASHES = [ADMIN_HASH, ADMIN_HASH_B];
const SAMBA_SECRETS = [PW_A, PW_B, PW_HOST];

let lab: LabConnection;
let stack: TestStack;
const runs: [string, CliResult][] = [];

function settings(extra: Record<string, string> = {}) {
  return { hypervisorConfig: HV, lxcConfig: LXC, host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath, sambaPasswordFile: passwordFile, ...extra };
}

/**
 * Runs pulumi and returns its result; every run is scanned afterwards. Runs where a password is
 * set, changed or compared run at -v=9 (`verbose`), the others plainly, to keep the suite short.
 */
function pulumi(args: string[], ok = true, verbose = true): CliResult {
  const started = Date.now();
  const r = stack.run(verbose ? [...args, "-v=9", "--logtostderr"] : args);
  runs.push([args.join(" "), r]);
  // Kept for a failure's post-mortem: the -v=9 log is too long for an error message.
  writeFileSync(path.join(work, `${runs.length}-${args[0]}.log`), `${Date.now() - started} ms\n${r.stdout}\n${r.stderr}`);
  if (ok && r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${r.code}; log: ${work}/${runs.length}-${args[0]}.log):\n${r.stdout.slice(-4000)}`);
  return r;
}

/** smbclient from this machine as heads, the password in its environment (never argv). */
function smbclient(password: string, service: string, command = "ls") {
  const r = spawnSync("smbclient", [`//${lab.host}/${service}`, "-U", "heads", "-c", command], { encoding: "utf8", env: { ...process.env, PASSWD: password }, timeout: 30_000 });
  return { code: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
}

const conf = () => labSshOk(LAB, "cat /etc/samba/smb.conf");
const adminShadow = () => labSshOk(LAB, `getent shadow ${ADMIN}`).split(":")[1];
/** The summary lines the CLI prints after the resource list (`~ 1 to update`, `1 unchanged`...). */
const changes = (r: CliResult) => r.stdout.split("\n").filter((l) => /^\s+[-+~]\s*\d+ (to |created|updated|deleted)/.test(l)).map((l) => l.trim());

beforeAll(() => {
  lab = labUp(LAB, ["--config", HV]);
  labSshOk(LAB, `printf '%s' '${HAND}' >> /etc/samba/smb.conf`);
  writeFileSync(passwordFile, `${PW_A}\n`, { mode: 0o600 });
  stack = new TestStack("e2e-smb", settings());
});

afterAll(() => labDown(LAB));

describe("Samba through the CLI", () => {
  it("creates the user and shares; smbd serves them with the file's password; a hand-written section stays", () => {
    pulumi(["up", "--yes", "--skip-preview"]);
    expect(smbclient(PW_A, "shared-test-data", "mkdir e2e").code).toBe(0);
    expect(labSshOk(LAB, "stat -c '%U:%G %a' /fastData/shared-test-data /fastData/shared-test-data/e2e")).toBe("heads:heads 770\nheads:heads 770\n");
    expect(smbclient(PW_A, "scratch-smb", "mkdir nope").output).toMatch(/NT_STATUS_MEDIA_WRITE_PROTECTED|NT_STATUS_ACCESS_DENIED/);
    expect(smbclient("wrong", "shared-test-data").code).not.toBe(0);
    expect(conf()).toContain(HAND);
    // The admin's hash reached the host (so the scan below looks at runs that handled it).
    expect(adminShadow()).toBe(ADMIN_HASH);
    pulumi(["up", "--yes", "--expect-no-changes"], true, false);
  });

  it("rotates the password changed in the file, with no other change", () => {
    writeFileSync(passwordFile, `${PW_B}\n`);
    const preview = pulumi(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/phoenix:SambaUser: \(update\)\n\s+\[id=heads\]/);
    expect(preview.stdout).toMatch(/~ passwordFingerprint: "phoenix-secret:scrypt:/);
    expect(changes(preview)).toEqual(["~ 1 to update"]);
    const up = pulumi(["up", "--yes", "--skip-preview"]);
    expect(changes(up)).toEqual(["~ 1 updated"]);
    expect(smbclient(PW_B, "shared-test-data").code).toBe(0);
    expect(smbclient(PW_A, "shared-test-data").code).not.toBe(0);
  });

  it("sets an admin hash changed in the config file: AdminUser alone updates, no other churn", () => {
    const cfg = JSON.parse(readFileSync(HV, "utf8"));
    cfg.users.password_hash = ADMIN_HASH_B;
    const changed = path.join(work, "admin-hash-b.json");
    writeFileSync(changed, JSON.stringify(cfg, null, 2));
    stack.writeConfig(settings({ hypervisorConfig: changed }));
    const preview = pulumi(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/phoenix:AdminUser: \(update\)\n\s+\[id=phoenix_admin\]/);
    expect(preview.stdout).toMatch(/~ passwordFingerprint: "phoenix-secret:scrypt:/);
    expect(changes(preview)).toEqual(["~ 1 to update"]);
    expect(changes(pulumi(["up", "--yes", "--skip-preview"]))).toEqual(["~ 1 updated"]);
    expect(adminShadow()).toBe(ADMIN_HASH_B);
    stack.writeConfig(settings());
    pulumi(["up", "--yes", "--skip-preview"], true, false);
    expect(adminShadow()).toBe(ADMIN_HASH);
  });

  it("finds a hand-edited managed section and a password set on the host, and repairs both", () => {
    labSshOk(LAB, `sed -i '/SambaShare "shared-test-data"/,/END/ s/read only = no/read only = yes/' /etc/samba/smb.conf && printf '%s\\n%s\\n' '${PW_HOST}' '${PW_HOST}' | smbpasswd -s heads`);
    const refresh = pulumi(["refresh", "--preview-only", "--expect-no-changes"], false);
    expect(refresh.code).not.toBe(0);
    expect(refresh.stdout).toMatch(/~ +pulumi-nodejs:dynamic\/phoenix:SambaShare shared-test-data refresh/);
    expect(refresh.stdout).toMatch(/~ +pulumi-nodejs:dynamic\/phoenix:SambaUser heads refresh/);
    pulumi(["up", "--refresh", "--yes", "--skip-preview"]);
    expect(conf()).not.toMatch(/SambaShare "shared-test-data"[^#]*read only = yes/);
    expect(conf()).toContain(HAND);
    expect(smbclient(PW_B, "shared-test-data", "mkdir again").code).toBe(0);
  });

  it("removes the shares (directories kept) and the user's Samba entry, cleanly", () => {
    const cfg = JSON.parse(readFileSync(HV, "utf8"));
    delete cfg.samba;
    const without = path.join(work, "without-samba.json");
    writeFileSync(without, JSON.stringify(cfg));
    stack.writeConfig(settings({ hypervisorConfig: without }));
    const up = pulumi(["up", "--yes", "--skip-preview"], true, false);
    // The Firewall loses SMB from the ports it checks its rules against: an update, no command.
    expect(changes(up)).toEqual(["~ 1 updated", "- 3 deleted"]);
    expect(up.output).toMatch(/phoenix:Firewall cluster updated .*\[diff: -services\]/);
    expect(conf()).not.toContain("Phoenix SambaShare");
    expect(conf()).toContain(HAND);
    expect(labSshOk(LAB, "test -d /fastData/shared-test-data/scratch && ls /fastData/shared-test-data")).toContain("e2e");
    expect(labSshOk(LAB, "pdbedit -L -w | grep -c '^heads:' || true").trim()).toBe("0");
  });

  it("refuses phoenix:sambaPassword in the stack config, naming the file setting", () => {
    const other = new TestStack("e2e-smb-inline", settings());
    other.setSecret("sambaPassword", PW_A);
    const r = other.run(["preview", "-v=9", "--logtostderr"]);
    runs.push(["preview (inline password)", r]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("phoenix:sambaPassword must not be in the stack config");
    expect(r.output).toContain("phoenix:sambaPasswordFile");
  });
});

describe("secret scan", () => {
  const hits = (secrets: string[], text: string) => secrets.filter((s) => text.includes(s));

  it("no Samba password in any output, -v=9 log, error text, backend file or stack config", () => {
    expect(runs.length).toBeGreaterThan(5);
    for (const [what, r] of runs) expect(hits(SAMBA_SECRETS, r.output), `pulumi ${what}`).toEqual([]);
    for (const { file, text } of stack.backendFiles()) expect(hits(SAMBA_SECRETS, text), file).toEqual([]);
    expect(hits(SAMBA_SECRETS, readFileSync(stack.configFile, "utf8"))).toEqual([]);
  });

  it("the admin's password hashes are in no backend file in plain", () => {
    for (const { file, text } of stack.backendFiles()) expect(hits(ADMIN_HASHES, text), file).toEqual([]);
  });

  // AdminUser gets only the config file's path, the hash's location in it and a fingerprint; its
  // provider reads the hash itself (docs/decisions/0019), so no RPC the CLI logs carries it.
  it("the admin's password hashes are in no output or -v=9 log", () => {
    for (const [what, r] of runs) expect(hits(ADMIN_HASHES, r.output), `pulumi ${what}`).toEqual([]);
  });
});
