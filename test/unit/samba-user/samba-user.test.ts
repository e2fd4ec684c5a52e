import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { parsePdbedit } from "../../../providers/samba-user/inspect";
import { md4, ntHash } from "../../../providers/samba-user/nt-hash";
import { passwordFingerprint, passwordFromText, readPasswordFile } from "../../../providers/samba-user/password";
import { planDeleteSambaUser, planSambaUser } from "../../../providers/samba-user/plan";
import { SambaUserInputsSchema, type SambaUserObserved } from "../../../providers/samba-user/schema";

const fixture = (name: string) => readFileSync(join(__dirname, "../../fixtures/samba", name), "utf8");
// The captured entries were made with `smbpasswd -s -a heads` and this password.
const CAPTURED_PASSWORD = "Fixture-pw1";
const FP = passwordFingerprint("heads", "pw-A");
const inputs = (extra: object = {}) => SambaUserInputsSchema.parse({ name: "heads", passwordFile: "/keys/samba", passwordFingerprint: FP, ...extra });
const base: SambaUserObserved = { account: true, userGroupExists: true, samba: { disabled: false, password: { matches: FP } }, installed: true, fileProblem: null, password: "pw-A" };
const plan = (obs: Partial<SambaUserObserved>, extra: object = {}) => planSambaUser(inputs(extra), { ...base, ...obs });
const steps = (p: ReturnType<typeof planSambaUser>) => (p.kind === "steps" ? p.steps.map((s) => ({ cmd: renderStep(s), stdin: s.stdin })) : p.reason);

describe("NT hash", () => {
  it("MD4 follows the RFC 1320 test suite", () => {
    for (const [input, digest] of [["", "31d6cfe0d16ae931b73c59d7e0c089c0"], ["abc", "a448017aaf21d8525fc10ae87aa6729d"], ["12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536"]]) {
      expect(md4(Buffer.from(input)).toString("hex")).toBe(digest);
    }
  });
  it("is what Samba stored for the captured password, and not for another", () => {
    const entry = parsePdbedit({ code: 0, stdout: fixture("pdbedit-Lw.txt"), stderr: "" }, "heads")!;
    expect(entry.ntHash).toBe(ntHash(CAPTURED_PASSWORD));
    expect(entry.ntHash).not.toBe(ntHash("Fixture-pw2"));
    expect(ntHash("password")).toBe("8846F7EAEE8FB117AD06BDD830B7586C");
  });
});

describe("parsePdbedit (captured Samba 4.17 output)", () => {
  it("reads the hash and flags, a disabled account, and a missing user", () => {
    expect(parsePdbedit({ code: 0, stdout: fixture("pdbedit-Lw.txt"), stderr: "" }, "heads")).toEqual({ ntHash: "B5B2DA6ABCD9ADBC13257D349193D4A5", flags: "U" });
    expect(parsePdbedit({ code: 0, stdout: fixture("pdbedit-Lw-disabled.txt"), stderr: "" }, "heads")?.flags).toBe("DU");
    expect(parsePdbedit({ code: 255, stdout: "", stderr: "Username not found!\n" }, "heads")).toBeNull();
  });
  it("never repeats a hash in its errors", () => {
    const bad = "heads:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:B5B2DA6ABCD9ADBC13257D349193D4A5:U:\n";
    expect(() => parsePdbedit({ code: 0, stdout: bad, stderr: "" }, "heads")).toThrow(/hashes not shown/);
    try {
      parsePdbedit({ code: 0, stdout: bad, stderr: "" }, "heads");
    } catch (err) {
      expect((err as Error).message).not.toContain("B5B2DA6A");
    }
    expect(() => parsePdbedit({ code: 1, stdout: bad, stderr: "" }, "heads")).toThrow(/^pdbedit -L -w -u heads failed with exit 1$/);
  });
});

describe("the password file", () => {
  const dir = mkdtempSync(join(tmpdir(), "phoenix-smb-unit-"));
  it("is one line; the final newline is dropped", () => {
    expect(passwordFromText("pw-A\n", "f")).toBe("pw-A");
    expect(passwordFromText("pw A\r\n", "f")).toBe("pw A");
    expect(() => passwordFromText("\n", "f")).toThrow(/is empty/);
    expect(() => passwordFromText("a\nb\n", "f")).toThrow(/more than one line/);
  });
  it("names the file, never its content, when it cannot be used", () => {
    writeFileSync(join(dir, "two"), "secret-one\nsecret-two\n");
    expect(() => readPasswordFile(join(dir, "two"))).toThrow(/more than one line/);
    expect(() => readPasswordFile(join(dir, "none"))).toThrow(`cannot read the Samba password file ${join(dir, "none")}: ENOENT`);
  });
  it("has a stable fingerprint per user and password, holding neither", () => {
    expect(passwordFingerprint("heads", "pw-A")).toBe(FP);
    expect(passwordFingerprint("heads", "pw-B")).not.toBe(FP);
    expect(passwordFingerprint("other", "pw-A")).not.toBe(FP);
    expect(FP).not.toContain("pw-A");
  });
});

describe("planSambaUser (exact commands; the password only on stdin)", () => {
  it.each<[string, Partial<SambaUserObserved>, object, { cmd: string; stdin?: string }[]]>([
    ["converged", {}, {}, []],
    ["new user, new group", { account: false, userGroupExists: false, samba: null }, {}, [{ cmd: "useradd -M -s /usr/sbin/nologin -U heads", stdin: undefined }, { cmd: "smbpasswd -s -a heads", stdin: "pw-A\npw-A\n" }]],
    ["new user joining an existing group", { account: false, samba: null }, {}, [{ cmd: "useradd -M -s /usr/sbin/nologin -g heads heads", stdin: undefined }, { cmd: "smbpasswd -s -a heads", stdin: "pw-A\npw-A\n" }]],
    ["hash differs on the host", { samba: { disabled: false, password: "differs" } }, {}, [{ cmd: "smbpasswd -s -a heads", stdin: "pw-A\npw-A\n" }]],
    ["disabled on the host", { samba: { disabled: true, password: { matches: FP } } }, {}, [{ cmd: "smbpasswd -e heads", stdin: undefined }]],
    ["rotated: the stored match is for the old fingerprint", { samba: { disabled: false, password: { matches: passwordFingerprint("heads", "old") } } }, {}, [{ cmd: "smbpasswd -s -a heads", stdin: "pw-A\npw-A\n" }]],
    ["no password file: only the account", { account: false, samba: null, password: undefined }, { passwordFile: undefined, passwordFingerprint: undefined }, [{ cmd: "useradd -M -s /usr/sbin/nologin -g heads heads", stdin: undefined }]],
  ])("%s", (_, obs, extra, expected) => {
    const p = plan(obs, extra);
    expect(steps(p)).toEqual(expected);
    if (p.kind === "steps") for (const s of p.steps) expect(`${s.description} ${renderStep(s)}`).not.toContain("pw-A");
  });

  it.each<[string, Partial<SambaUserObserved>, RegExp]>([
    ["Samba missing", { installed: false }, /Samba is not installed on the host \(no smbpasswd\)/],
    ["an unreadable password file", { samba: null, fileProblem: "cannot read the Samba password file /keys/samba: ENOENT", password: undefined }, /cannot read the Samba password file \/keys\/samba: ENOENT/],
    ["a stored observation without the password (diff asks the host again)", { samba: { disabled: false, password: "differs" }, password: undefined }, /was not read/],
  ])("refuses: %s", (_, obs, message) => {
    expect(plan(obs)).toEqual({ kind: "refuse", reason: expect.stringMatching(message) });
  });

  it("sets a file changed since the program read it (a refresh with the inputs in state), with a warning", () => {
    const p = plan({ samba: { disabled: false, password: "differs" }, fileProblem: "the password file /keys/samba changed since the program read it", password: "pw-new" });
    expect(steps(p)).toEqual([{ cmd: "smbpasswd -s -a heads", stdin: "pw-new\npw-new\n" }]);
    expect(p.kind === "steps" && p.warnings).toEqual(["the password file /keys/samba changed since the program read it; the host gets the file's current password, the next run records it"]);
  });

  it("needs no password file when the password is current (read, delete)", () => {
    expect(steps(plan({ fileProblem: "cannot read the Samba password file /keys/samba: ENOENT", password: undefined }))).toEqual([]);
  });

  it("delete removes the passdb entry only", () => {
    expect(steps(planDeleteSambaUser(inputs(), base))).toEqual([{ cmd: "smbpasswd -x heads", stdin: undefined }]);
    expect(steps(planDeleteSambaUser(inputs(), { ...base, samba: null }))).toEqual([]);
  });
});
