// The SSH layer against a real OpenSSH sshd (a lab host), not only the in-process fake:
// pinned keys, exit codes, stdin, and more concurrent commands than MaxSessions allows.
import { readFileSync } from "node:fs";
import { utils } from "ssh2";
import { fingerprintOf } from "../../../providers/ssh/host-key";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SshSession } from "../../../providers/ssh/session";
import { closeAllSessions, getSession } from "../../../providers/ssh/pool";
import { resolveConnectionSettings } from "../../../providers/ssh/settings";
import { labDown, labUp, PROJECT, type LabConnection } from "../../helpers/lab";

const LAB = "ssh-sshd";
let lab: LabConnection;

function settings(overrides: Record<string, string> = {}) {
  return resolveConnectionSettings(
    { host: lab.host, port: String(lab.port), user: lab.user, privateKeyPath: lab.privateKeyPath, hostKeyPath: lab.hostKeyPath, ...overrides },
    (p) => readFileSync(p, "utf8"),
    PROJECT,
  );
}

beforeAll(() => {
  lab = labUp(LAB);
});

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("SshSession against OpenSSH", () => {
  it("runs a command with the C locale and reports exit code, stdout and stderr", async () => {
    const r = await getSession(settings()).run("echo $LC_ALL; echo oops >&2; exit 3");
    expect(r).toMatchObject({ code: 3, stdout: "C\n", stderr: "oops\n" });
  });

  it("delivers stdin byte for byte", async () => {
    const text = "line one\n'quoted' $(not run) `nor this`\n\u00e9\n";
    const r = await getSession(settings()).run("cat", { stdin: text });
    expect(r.stdout).toBe(text);
  });

  it("runs 24 commands at once on one connection without exceeding sshd's MaxSessions", async () => {
    const session = getSession(settings());
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => session.run(`sleep 0.2; echo ${i}`)));
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 24 }, (_, i) => String(i)));
    expect(getSession(settings())).toBe(session);
  });

  it("refuses a host whose key does not match the pin, before running anything", async () => {
    const wrongPin = "SHA256:" + Buffer.alloc(32, 7).toString("base64").replace(/=+$/, "");
    const session = new SshSession(settings({ hostKeyPath: "", hostKey: wrongPin }));
    const marker = `/tmp/phoenix-should-not-exist-${process.pid}`;
    const err = await session.run(`touch ${marker}`).then(() => undefined, (e: unknown) => e as { kind: string; message: string });
    expect(err).toMatchObject({ kind: "hostkey" });
    const labFp = fingerprintOf(Buffer.from(lab.hostPublicKey.split(" ")[1], "base64"));
    expect(err!.message).toContain(`presented a host key that does not match the pin: ssh-ed25519 ${labFp}; pinned: ${wrongPin}.`);
    await session.close();
    const check = await getSession(settings()).run(`test -e ${marker}`);
    expect(check.code).toBe(1);
  });

  it("calls an RSA pin against the ed25519-only host a pin mismatch, naming both sides", async () => {
    const rsa = utils.generateKeyPairSync("rsa", { bits: 2048 });
    const session = new SshSession(settings({ hostKeyPath: "", hostKey: rsa.public }));
    const err = await session.run("true").then(() => undefined, (e: unknown) => e as { kind: string; message: string });
    await session.close();
    expect(err).toMatchObject({ kind: "hostkey" });
    expect(err!.message).not.toMatch(/Handshake failed/);
    const rsaFp = fingerprintOf(Buffer.from(rsa.public.split(" ")[1], "base64"));
    expect(err!.message).toContain(`no host key of the pinned type (ssh-rsa), so it cannot match the pin: pinned ssh-rsa ${rsaFp}; the host offers only ssh-ed25519`);
  });
});
