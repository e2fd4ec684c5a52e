import { utils } from "ssh2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SshError } from "../../../providers/ssh/errors";
import { fingerprintOf } from "../../../providers/ssh/host-key";
import { argvToShell } from "../../../providers/ssh/quote";
import { SshSession, type ConnectionSettings } from "../../../providers/ssh/session";
import { closedPort, fakeServerSettings, makeKeyPair, runInShell, startDroppingServer, startFakeSshServer, type FakeSshServer } from "./fake-ssh-server";
import { HOSTILE } from "./hostile-strings";

const clientKey = makeKeyPair();
const PREFIX = "export LC_ALL=C LANG=C; ";
let server: FakeSshServer;
let session: SshSession | undefined;

function settings(overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return fakeServerSettings(server, clientKey, { connectTimeoutMs: 3_000, retryDelayMs: 10, ...overrides });
}

function connect(overrides: Partial<ConnectionSettings> = {}): SshSession {
  session = new SshSession(settings(overrides));
  return session;
}

async function failure(promise: Promise<unknown>): Promise<SshError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(SshError);
  return err as SshError;
}

const blobOf = (publicLine: string) => Buffer.from(publicLine.split(" ")[1], "base64");
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

beforeEach(async () => {
  server = await startFakeSshServer(clientKey);
});

// Each test gets a fresh server and session; leftovers would keep sockets open across tests.
afterEach(async () => {
  await session?.close();
  session = undefined;
  await server.close();
});

describe("SshSession.run", () => {
  it("sends exactly the command, prefixed with the C locale export", async () => {
    const result = await connect().run("echo hi");
    expect(server.log.commands).toEqual([`${PREFIX}echo hi`]);
    expect(result).toEqual({ code: 0, stdout: "hi\n", stderr: "" });
  });

  it("runs the command under LC_ALL=C", async () => {
    expect((await connect().run(`printf '%s/%s' "$LC_ALL" "$LANG"`)).stdout).toBe("C/C");
  });

  it("returns stdout, stderr and a non-zero exit code without throwing", async () => {
    const result = await connect().run("printf out; printf err >&2; exit 3");
    expect(result).toEqual({ code: 3, stdout: "out", stderr: "err" });
  });

  it("delivers stdin and then EOF", async () => {
    const stdin = "line 1\nlïne 2 ✓\n";
    expect(await connect().run("cat", { stdin })).toEqual({ code: 0, stdout: stdin, stderr: "" });
  });

  it("completes a command that exits without reading a large stdin", async () => {
    const result = await connect().run("exit 4", { stdin: "x".repeat(4 * 1024 * 1024) });
    expect(result).toEqual({ code: 4, stdout: "", stderr: "" });
  });

  it("sends EOF at once when there is no stdin, so a reading command does not hang", async () => {
    expect(await connect({ commandTimeoutMs: 2_000 }).run("cat")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("reports a signal as 128+n and names it", async () => {
    const result = await connect().run("kill -TERM $$");
    expect(result).toEqual({ code: 143, signal: "SIGTERM", stdout: "", stderr: "" });
  });

  it("delivers hostile arguments quoted with argvToShell intact", async () => {
    const result = await connect().run(argvToShell(["printf", "%s\\0", ...HOSTILE]));
    expect(result.stdout.split("\0").slice(0, -1)).toEqual(HOSTILE);
  });

  it("refuses an empty command", async () => {
    expect((await failure(connect().run("  "))).kind).toBe("exec");
    expect(server.log.connections).toBe(0);
  });

  it("times out a command whose server never answers, closes its channel and names the command", async () => {
    server.onExec = (_cmd, accept) => void accept();
    const err = await failure(connect().run("sleep-forever --now", { timeoutMs: 200 }));
    expect(err.kind).toBe("timeout");
    expect(err.message).toBe("SSH timeout error on 127.0.0.1: command timed out after 200 ms and its channel was closed: sleep-forever --now");
    await until(() => server.log.closedSessions === 1);
  });

  it("times out when the server never answers the exec request", async () => {
    server.onExec = () => undefined;
    const err = await failure(connect().run("stuck", { timeoutMs: 200 }));
    expect(err.kind).toBe("timeout");
    expect(err.message).toContain("no answer to the exec request within the 200 ms limit: stuck");
  });

  it("uses commandTimeoutMs when run() gives no timeout", async () => {
    expect((await failure(connect({ commandTimeoutMs: 150 }).run("sleep 5"))).kind).toBe("timeout");
  });

  it("never has more than maxConcurrent channels open, queueing the rest on one connection", async () => {
    const s = connect({ maxConcurrent: 8 });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => s.run(`sleep 0.2; echo ${i}`)));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 12 }, (_, i) => `${i}\n`));
    expect(server.log.maxOpenSessions).toBe(8);
    expect(server.log.connections).toBe(1);
  });
});

describe("SshSession when the server refuses channels", () => {
  // OpenSSH frees a MaxSessions slot a little after the client sees a channel close, so a busy
  // connection sees transient "open failed" refusals; nothing ran, so the open is retried.
  it("retries a refused channel open and then runs the command once", async () => {
    server.refuseSessions = 3;
    const r = await connect().run("echo once");
    expect(r.stdout).toBe("once\n");
    expect(server.log.commands).toEqual([`${PREFIX}echo once`]);
  });

  it("gives up with an exec error after repeated refusals, having run nothing", async () => {
    server.refuseSessions = 100;
    const err = await failure(connect().run("echo never"));
    expect(err.kind).toBe("exec");
    expect(err.message).toMatch(/Channel open failure/);
    expect(server.log.commands).toEqual([]);
  });
});

describe("SshSession connecting", () => {
  it("connects lazily, on the first run", async () => {
    const s = connect();
    await new Promise((r) => setTimeout(r, 50));
    expect(server.log.connections).toBe(0);
    await s.run("true");
    expect(server.log.connections).toBe(1);
  });

  it("refuses a host key that is not pinned, before authenticating or running anything", async () => {
    const pinned = makeKeyPair().public;
    const err = await failure(connect({ hostKey: pinned }).run("touch /tmp/should-not-exist"));
    expect(err.kind).toBe("hostkey");
    expect(err.message).toContain("127.0.0.1");
    expect(err.message).toContain(`pinned: ssh-ed25519 ${fingerprintOf(blobOf(pinned))}`);
    expect(err.message).toContain(`does not match the pin: ssh-ed25519 ${fingerprintOf(blobOf(server.hostKey.public))}`);
    expect(err.message).toContain("Nothing was run");
    expect(server.log).toMatchObject({ connections: 1, authAttempts: 0, commands: [] });
  });

  it("fails authentication with a wrong client key without retrying", async () => {
    const err = await failure(connect({ privateKey: makeKeyPair().private }).run("true"));
    expect(err.kind).toBe("auth");
    expect(err.message).toBe("SSH auth error on 127.0.0.1: the server rejected the private key for user tester; nothing was run");
    expect(server.log.connections).toBe(1);
    expect(server.log.commands).toEqual([]);
  });

  it("retries a refused connection maxAttempts times and says so", async () => {
    const port = await closedPort();
    const err = await failure(connect({ port, maxAttempts: 3 }).run("true"));
    expect(err.kind).toBe("connect");
    expect(err.message).toMatch(/^SSH connect error on 127\.0\.0\.1: after 3 failed attempts: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });

  it("dials exactly maxAttempts times (default 4) when every connection is dropped", async () => {
    const dropper = await startDroppingServer();
    try {
      const err = await failure(connect({ port: dropper.port }).run("true"));
      expect(err.message).toContain("after 4 failed attempts:");
      expect(dropper.accepted()).toBe(4);
    } finally {
      await dropper.close();
    }
  });

  it("shares one dial among concurrent first runs", async () => {
    const s = connect();
    await Promise.all([s.run("true"), s.run("true"), s.run("true")]);
    expect(server.log.connections).toBe(1);
  });

  it("reconnects when the server dropped the connection between runs", async () => {
    const s = connect();
    await s.run("echo one");
    for (const c of server.clients) c.end();
    await until(() => server.clients.size === 0);
    expect((await s.run("echo two")).stdout).toBe("two\n");
    expect(server.log.connections).toBe(2);
  });

  it("reconnects once when the connection turns out to be gone as the run starts", async () => {
    const s = connect();
    await s.run("echo one");
    for (const c of server.clients) c.end(); // the client has not seen this yet when run() starts
    expect((await s.run("echo two")).stdout).toBe("two\n");
    expect(server.log.connections).toBe(2);
    expect(server.log.commands).toEqual([`${PREFIX}echo one`, `${PREFIX}echo two`]);
  });

  it("does not rerun a command whose connection dropped mid-run", async () => {
    const s = connect();
    server.onExec = (_cmd, accept, conn) => {
      accept();
      setTimeout(() => conn.end(), 50);
    };
    const err = await failure(s.run("apt-get -y upgrade"));
    expect(err.kind).toBe("exec");
    expect(err.message).toContain("may or may not have completed: apt-get -y upgrade");
    expect(server.log.commands).toHaveLength(1);
    server.onExec = runInShell;
    expect((await s.run("echo after")).stdout).toBe("after\n");
  });

  it("close() ends the connection and a later run dials again", async () => {
    const s = connect();
    await s.run("true");
    await s.close();
    await until(() => server.clients.size === 0);
    await s.run("true");
    expect(server.log.connections).toBe(2);
  });

  it("accepts a pin given as a fingerprint or as a known_hosts line with [host]:port", async () => {
    await connect({ hostKey: fingerprintOf(blobOf(server.hostKey.public)) }).run("true");
    const knownHosts = `other.lab ${makeKeyPair().public}\n[127.0.0.1]:${server.port} ${server.hostKey.public}\n`;
    await connect({ hostKey: knownHosts }).run("true");
    expect(server.log.connections).toBe(2);
  });

  it("negotiates the pinned key type when the host offers several", async () => {
    const rsa = utils.generateKeyPairSync("rsa", { bits: 2048 });
    const multi = await startFakeSshServer(clientKey, makeKeyPair(), [{ private: rsa.private, public: rsa.public }]);
    try {
      const s = new SshSession({ ...settings(), port: multi.port, hostKey: rsa.public });
      expect((await s.run("echo rsa")).stdout).toBe("rsa\n");
      await s.close();
    } finally {
      await multi.close();
    }
  });

  it("names a pin mismatch when the host has no key of the pinned type (RSA pin, ed25519 host)", async () => {
    const rsa = utils.generateKeyPairSync("rsa", { bits: 2048 });
    const err = await failure(connect({ hostKey: rsa.public }).run("touch /tmp/should-not-exist"));
    expect(err.kind).toBe("hostkey");
    expect(err.message).not.toMatch(/Handshake failed/);
    expect(err.message).toContain("no host key of the pinned type (ssh-rsa)");
    expect(err.message).toContain(`pinned ssh-rsa ${fingerprintOf(blobOf(rsa.public))}`);
    expect(err.message).toMatch(/the host offers only ssh-ed25519\./);
    expect(err.message).toContain("Nothing was run");
    expect(server.log).toMatchObject({ connections: 1, authAttempts: 0, commands: [] });
  });

  it("names the pinned and presented keys when a fingerprint pin is of another of the host's keys", async () => {
    const rsa = utils.generateKeyPairSync("rsa", { bits: 2048 });
    const multi = await startFakeSshServer(clientKey, makeKeyPair(), [{ private: rsa.private, public: rsa.public }]);
    try {
      const pinned = fingerprintOf(blobOf(rsa.public)).replace(/.$/, (c) => (c === "A" ? "B" : "A"));
      const s = new SshSession({ ...settings(), port: multi.port, hostKey: pinned });
      const err = await failure(s.run("true"));
      await s.close();
      expect(err.kind).toBe("hostkey");
      expect(err.message).toContain(`presented a host key that does not match the pin: ssh-ed25519 ${fingerprintOf(blobOf(multi.hostKey.public))}; pinned: ${pinned}.`);
      expect(err.message).toContain("The pin holds fingerprints only");
      expect(multi.log.commands).toEqual([]);
    } finally {
      await multi.close();
    }
  });

  it("accepts an encrypted private key with its passphrase", async () => {
    const encrypted = makeKeyPair("correct horse");
    const other = await startFakeSshServer(encrypted);
    try {
      const s = new SshSession({ ...settings(), port: other.port, hostKey: other.hostKey.public, privateKey: encrypted.private, passphrase: "correct horse" });
      expect((await s.run("echo ok")).stdout).toBe("ok\n");
      await s.close();
    } finally {
      await other.close();
    }
  });
});
