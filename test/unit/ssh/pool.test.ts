import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAllSessions, getSession, sessionCount } from "../../../providers/ssh/pool";
import type { ConnectionSettings } from "../../../providers/ssh/session";
import { fakeServerSettings, makeKeyPair, startFakeSshServer, type FakeSshServer } from "./fake-ssh-server";

const clientKey = makeKeyPair();
let server: FakeSshServer;

function settings(overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return fakeServerSettings(server, clientKey, overrides);
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

beforeEach(async () => {
  server = await startFakeSshServer(clientKey);
});

// The pool is module-level state: empty it so one test's sessions never serve the next.
afterEach(async () => {
  await closeAllSessions();
  await server.close();
});

describe("getSession", () => {
  it("returns one shared session per user, host, port and key", async () => {
    const a = getSession(settings());
    expect(getSession(settings())).toBe(a);
    expect(getSession(settings({ user: "other" }))).not.toBe(a);
    expect(getSession(settings({ privateKey: makeKeyPair().private }))).not.toBe(a);
    expect(getSession(settings({ port: server.port + 1 }))).not.toBe(a);
    expect(sessionCount()).toBe(4);
  });

  it("lets all users of a host share one connection", async () => {
    await Promise.all([getSession(settings()).run("true"), getSession(settings()).run("true")]);
    expect(server.log.connections).toBe(1);
  });
});

describe("closeAllSessions", () => {
  it("ends every connection and empties the pool", async () => {
    await getSession(settings()).run("true");
    await closeAllSessions();
    expect(sessionCount()).toBe(0);
    await until(() => server.clients.size === 0);
  });
});

describe("process exit", () => {
  const child = (mode: "idle" | "signal") =>
    spawn(process.execPath, ["--require", "ts-node/register/transpile-only", join(__dirname, "pool-child.ts"), mode], {
      cwd: join(__dirname, "../../.."),
      env: { ...process.env, PHOENIX_TEST_SETTINGS: JSON.stringify(settings()) },
    });

  function exited(proc: ReturnType<typeof child>, limitMs: number): Promise<{ code: number | null; signal: string | null; stdout: string }> {
    let stdout = "";
    proc.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill("SIGKILL");
        reject(new Error(`child did not exit within ${limitMs} ms; stdout: ${stdout}`));
      }, limitMs);
      proc.on("exit", (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout });
      });
    });
  }

  it("does not keep an idle process alive and closes the session on beforeExit", async () => {
    const result = await exited(child("idle"), 15_000);
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(result.stdout).toContain("child-ran\n");
    expect(result.stdout).toContain("sessions=0\n");
    expect(result.stdout).not.toContain("sessions=1");
  });

  it("closes sessions and exits promptly on SIGINT", async () => {
    const proc = child("signal");
    const done = exited(proc, 15_000);
    await new Promise<void>((resolve) => proc.stdout.on("data", (d: Buffer) => d.toString().includes("waiting") && resolve()));
    expect(server.clients.size).toBe(1);
    const sentAt = Date.now();
    proc.kill("SIGINT");
    const result = await done;
    expect(result).toMatchObject({ code: 130, signal: null });
    expect(Date.now() - sentAt).toBeLessThan(2_000);
    await until(() => server.clients.size === 0);
  });
});
