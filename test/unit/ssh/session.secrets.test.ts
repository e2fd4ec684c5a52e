// Provider stderr and error messages are shown unmasked by Pulumi (pulumi-notes §3), so no
// failure of the SSH layer may carry the private key, its passphrase or a command's stdin.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SshError } from "../../../providers/ssh/errors";
import { SshSession, type ConnectionSettings } from "../../../providers/ssh/session";
import { closedPort, makeKeyPair, startFakeSshServer, type FakeSshServer } from "./fake-ssh-server";

const PASSPHRASE = "PHOENIX-FAKE-SECRET-passphrase-1b7e";
const WRONG_PASSPHRASE = "PHOENIX-FAKE-SECRET-wrong-pass-4c2d";
const STDIN = "PHOENIX-FAKE-SECRET-stdin-9a0f\npassword=hunter2-PHOENIX\n";
const clientKey = makeKeyPair(PASSPHRASE);
const strangerKey = makeKeyPair();
let server: FakeSshServer;
const sessions: SshSession[] = [];

// Every 16-character slice of the key bodies: no fragment of a key may show up anywhere.
const keyFragments = [clientKey.private, strangerKey.private].flatMap((pem) =>
  pem
    .split("\n")
    .filter((line) => line && !line.startsWith("-----"))
    .flatMap((line) => line.match(/.{16}/g) ?? []),
);
const SECRETS = [PASSPHRASE, WRONG_PASSPHRASE, "PHOENIX-FAKE-SECRET-stdin", "hunter2", ...keyFragments];

function session(overrides: Partial<ConnectionSettings> = {}): SshSession {
  const s = new SshSession({
    host: "127.0.0.1",
    port: server.port,
    user: "tester",
    privateKey: clientKey.private,
    passphrase: PASSPHRASE,
    hostKey: server.hostKey.public,
    retryDelayMs: 5,
    maxAttempts: 2,
    ...overrides,
  });
  sessions.push(s);
  return s;
}

// Everything a log line could show: message, stack, own properties and the whole cause chain.
function everythingShown(err: unknown): string {
  return `${inspect(err, { depth: 10 })}\n${JSON.stringify(err)}\n${String(err)}`;
}

async function expectSecretFree(promise: Promise<unknown>, kind: SshError["kind"]): Promise<void> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SshError);
  expect((err as SshError).kind).toBe(kind);
  const shown = everythingShown(err);
  for (const secret of SECRETS) expect(shown).not.toContain(secret);
}

beforeEach(async () => {
  server = await startFakeSshServer(clientKey);
});

// Sessions and the server hold sockets; closing them keeps tests independent.
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await server.close();
});

describe("secrets in SshSession failures", () => {
  it("sanity: the fake secrets do work when correct, so the failures below are real", async () => {
    expect((await session().run("cat", { stdin: STDIN })).stdout).toBe(STDIN);
  });

  it("a wrong passphrase names neither passphrase nor the key", async () => {
    await expectSecretFree(session({ passphrase: WRONG_PASSPHRASE }).run("cat", { stdin: STDIN }), "config");
  });

  it("a rejected key does not echo the key", async () => {
    await expectSecretFree(session({ privateKey: strangerKey.private, passphrase: undefined }).run("cat", { stdin: STDIN }), "auth");
  });

  it("a timed-out command does not echo its stdin", async () => {
    server.onExec = (_cmd, accept) => void accept();
    await expectSecretFree(session().run("cat", { stdin: STDIN, timeoutMs: 150 }), "timeout");
  });

  it("a host key mismatch does not echo stdin or the key", async () => {
    await expectSecretFree(session({ hostKey: makeKeyPair().public }).run("cat", { stdin: STDIN }), "hostkey");
  });

  it("a refused connection does not echo stdin or the key", async () => {
    await expectSecretFree(session({ port: await closedPort() }).run("cat", { stdin: STDIN }), "connect");
  });

  it("a connection lost mid-command does not echo stdin", async () => {
    server.onExec = (_cmd, accept, conn) => {
      accept();
      setTimeout(() => conn.end(), 50);
    };
    await expectSecretFree(session().run("cat", { stdin: STDIN }), "exec");
  });

  it("logging or serialising a session shows no key or passphrase", async () => {
    const s = session();
    await s.run("true");
    const shown = `${inspect(s, { depth: 10, showHidden: true })}\n${JSON.stringify(s)}`;
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
    expect(shown).toContain("127.0.0.1");
  });
});
