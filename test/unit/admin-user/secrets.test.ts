// The password hash through the whole lifecycle with a fake host: the provider reads it from the
// config file named by the inputs (never an input itself); it reaches the host only on stdin, and
// no report, output or error carries it (a failing chpasswd that echoes it included).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringInJson } from "../../../providers/adapter/secret-file";
import { makeHandlers } from "../../../providers/adapter/handlers";
import { parsePolicy } from "../../../providers/adapter/policy";
import { passwordHashFingerprint, readPasswordHash } from "../../../providers/admin-user/password";
import { adminUserDefinition } from "../../../providers/admin-user/provider";
import { AdminUserInputsSchema, type AdminUserInputs, type AdminUserObserved } from "../../../providers/admin-user/schema";
import type { CommandResult, Runner } from "../../../providers/core/runner";
import { answerHostFile } from "../ssh/fake-host-files";

const HASH = "$6$fakesalt$FAKEHASHfakehashFAKEHASHfakehashFAKEHASHfakehashFAKEHASHfakehashFAKEHASHfakehash12";
const absent: AdminUserObserved = { account: null, homeExists: false, userGroupExists: false, primaryGroup: null, groups: [], missingGroups: [], password: null, sudoInstalled: true, sudoers: null, sudoersStat: null, sshDir: null, keysStat: null, keys: null };
const dir = mkdtempSync(join(tmpdir(), "phoenix-admin-hash-"));
const file = join(dir, "hypervisor.json");
writeFileSync(file, JSON.stringify({ users: { username: "phoenix_admin", password_hash: HASH } }));
const AT = ["users", "password_hash"];
const FP = passwordHashFingerprint("phoenix_admin", HASH);

class Host implements Runner {
  readonly host = "fake";
  readonly stdins: string[] = [];
  readonly commands: string[] = [];
  constructor(private readonly chpasswdFails = false) {}
  async run(command: string, options?: { stdin?: string }): Promise<CommandResult> {
    const answer = answerHostFile(command, options?.stdin, {});
    if (answer) return answer.result;
    this.commands.push(command);
    if (options?.stdin !== undefined) this.stdins.push(options.stdin);
    if (this.chpasswdFails && command.startsWith("chpasswd")) return { code: 1, stdout: "", stderr: `chpasswd: bad line: ${options?.stdin ?? ""}` };
    return { code: 0, stdout: "", stderr: "" };
  }
}

// The real reading of the file, on a host that never converges (inspect always says absent).
function handlers(host: Host, reports: string[]) {
  const def = { ...adminUserDefinition, inspect: async (_r: Runner, inputs: AdminUserInputs) => ({ ...absent, hashFromFile: readPasswordHash(inputs) }) };
  return makeHandlers(def, { runner: () => host, policy: () => parsePolicy("", ["AdminUser"]), report: (m) => reports.push(m) });
}
const inputs = { name: "phoenix_admin", passwordFingerprint: FP, passwordHashFile: file, passwordHashAt: AT, sudo: true, __provider: "p" };

describe("AdminUser password hash", () => {
  it("is read by the provider, goes to the host on stdin only and never into reports, outputs or state", async () => {
    const host = new Host();
    const reports: string[] = [];
    const h = handlers(host, reports);
    await h.check({}, inputs);
    const err = await h.create(inputs).catch((e) => e);
    expect(host.stdins).toContain(`phoenix_admin:${HASH}\n`);
    expect(host.commands.join("\n")).not.toContain("FAKEHASH");
    expect(reports.join("\n")).not.toContain("FAKEHASH");
    expect(JSON.stringify(err.properties)).not.toContain("FAKEHASH");
    expect(err.properties).not.toHaveProperty("observed.hashFromFile");
    expect(err.properties.passwordFingerprint).toBe(FP);
  });

  it("is redacted from a failing command's message", async () => {
    const err = await handlers(new Host(true), []).create(inputs).catch((e) => e);
    expect(err.message).toContain("chpasswd: bad line: phoenix_admin:[secret]");
    expect(err.message).not.toContain("FAKEHASH");
  });

  it("is refused, without its value, when the file no longer holds the fingerprinted hash", async () => {
    const other = join(dir, "changed.json");
    writeFileSync(other, JSON.stringify({ users: { password_hash: HASH.replace("12", "34") } }));
    const host = new Host();
    const err = await handlers(host, []).check({}, { ...inputs, passwordHashFile: other }).catch((e) => e);
    expect(err.message).toBe(`AdminUser "phoenix_admin": users.password_hash in ${other} changed since the program read it; run again`);
    expect(host.stdins).toEqual([]);
  });

  it("moving the config file alone is no change (the fingerprint is)", async () => {
    const h = handlers(new Host(), []);
    const olds = { ...AdminUserInputsSchema.parse(inputs), __provider: "p", observed: { ...absent, account: { uid: 1000, gid: 1000, home: "/home/phoenix_admin", shell: "/bin/bash" }, homeExists: true, password: { digest: FP }, sudoers: "# Managed by Phoenix (AdminUser \"phoenix_admin\"); edits are reverted.\nphoenix_admin ALL=(ALL:ALL) ALL\n", sudoersStat: { type: "regular file", owner: "root", group: "root", mode: "440" }, primaryGroup: "phoenix_admin" } };
    expect(await h.diff("phoenix_admin", olds, { ...inputs, passwordHashFile: "/elsewhere/hv.json" })).toEqual({ changes: false });
    const rotated = join(dir, "rotated.json");
    writeFileSync(rotated, JSON.stringify({ users: { password_hash: "$6$x$y" } }));
    const news = { ...inputs, passwordFingerprint: passwordHashFingerprint("phoenix_admin", "$6$x$y"), passwordHashFile: rotated };
    expect(await h.diff("phoenix_admin", olds, news)).toMatchObject({ changes: true });
  });
});

describe("reading the hash from the JSON file", () => {
  const base = AdminUserInputsSchema.parse({ name: "phoenix_admin", passwordFingerprint: FP, passwordHashFile: file, passwordHashAt: AT, sudo: false });
  it("gives the hash whose fingerprint the inputs hold", () => {
    expect(readPasswordHash(base)).toEqual({ hash: HASH });
  });

  it.each<[string, string | null, RegExp]>([
    ["a missing file", null, /^cannot read the password hash file \/.*missing\.json: ENOENT$/],
    ["broken JSON around the hash", `{"users": {"password_hash": "${HASH}" oops}}`, /is not valid JSON$/],
    ["no such location", `{"users": {}}`, /has no users\.password_hash$/],
    ["a number there", `{"users": {"password_hash": 5}}`, /users\.password_hash in .* is not a string$/],
    ["a hash chpasswd cannot take", `{"users": {"password_hash": "${HASH}:x"}}`, /users\.password_hash in .*: password hash holds a colon/],
  ])("names the file and location, never the content, for %s", (name, text, message) => {
    const path = join(dir, `${name.replace(/ /g, "-")}.json`);
    const at = text === null ? join(dir, "missing.json") : path;
    if (text !== null) writeFileSync(path, text);
    const r = readPasswordHash({ ...base, passwordHashFile: at });
    expect(r).toEqual({ problem: expect.stringMatching(message) });
    expect(JSON.stringify(r)).not.toContain("FAKEHASH");
  });

  it("keys are looked up as own properties only", () => {
    expect(() => stringInJson(`{"users": {}}`, ["users", "constructor"], "f")).toThrow("f has no users.constructor");
  });
});
