// An in-process ssh2.Server on 127.0.0.1:0 that records what clients do. By default each exec
// runs the received command in a real /bin/sh, so tests see true exit codes, signals and stdin.
import { spawn } from "node:child_process";
import * as net from "node:net";
import { timingSafeEqual } from "node:crypto";
import type { ConnectionSettings } from "../../../providers/ssh/settings";
import { Server, utils, type AuthContext, type Connection, type ParsedKey, type ServerChannel, type Session } from "ssh2";

/** A generated ed25519 key pair in OpenSSH formats. */
export interface KeyPair {
  readonly private: string;
  readonly public: string;
}

/** Makes a fresh ed25519 key pair; pass a passphrase to get an encrypted private key. */
export function makeKeyPair(passphrase?: string): KeyPair {
  const opts = passphrase === undefined ? { comment: "test" } : { comment: "test", passphrase, cipher: "aes256-ctr" };
  for (;;) {
    const pair = utils.generateKeyPairSync("ed25519", opts);
    // ssh2 1.17 drops a leading zero byte of the ed25519 public key (about 1 key in 256) and then
    // cannot parse its own output ("Malformed OpenSSH private key"): draw again.
    if (!(utils.parseKey(pair.private, passphrase) instanceof Error)) return { private: pair.private, public: pair.public };
  }
}

/** Settings for a session as user "tester" to a fake server, pinned to its host key. */
export function fakeServerSettings(server: FakeSshServer, clientKey: KeyPair, overrides: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return { host: "127.0.0.1", port: server.port, user: "tester", privateKey: clientKey.private, hostKey: server.hostKey.public, ...overrides };
}

/** Handles one exec request; the default runs it with /bin/sh. */
export type ExecHandler = (command: string, accept: () => ServerChannel, connection: Connection) => void;

/** What the server saw, for assertions. */
export interface ServerLog {
  connections: number;
  authAttempts: number;
  commands: string[];
  openSessions: number;
  maxOpenSessions: number;
  closedSessions: number;
}

export interface FakeSshServer {
  readonly port: number;
  readonly hostKey: KeyPair;
  readonly log: ServerLog;
  /** Every live client connection, so a test can drop them. */
  readonly clients: Set<Connection>;
  onExec: ExecHandler;
  /** How many of the next session (channel) opens to refuse, as sshd does at MaxSessions. */
  refuseSessions: number;
  close(): Promise<void>;
}

/** Runs a command in /bin/sh, piping stdin/stdout/stderr, and reports exit code or signal. */
export const runInShell: ExecHandler = (command, accept) => {
  const channel = accept();
  const child = spawn("/bin/sh", ["-c", command], { stdio: "pipe" });
  channel.pipe(child.stdin);
  // A command may exit without reading its stdin (`exit 4` with 4 MiB of it); the unread rest
  // then fails with EPIPE, as it would on a real host. Without a handler that is an uncaught error.
  child.stdin.on("error", () => undefined);
  // {end:false}: the channel must stay open until exit() has been sent, or the client sees no code.
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr, { end: false });
  child.on("close", (code, signal) => {
    if (signal) channel.exit(signal, false, "");
    else channel.exit(code ?? 255);
    channel.end();
  });
};

/** Starts the server; `clientKey` is the only public key it accepts, `moreHostKeys` are offered too. */
export async function startFakeSshServer(clientKey: KeyPair, hostKey: KeyPair = makeKeyPair(), moreHostKeys: KeyPair[] = []): Promise<FakeSshServer> {
  const allowed = utils.parseKey(clientKey.public);
  if (allowed instanceof Error) throw allowed;
  const log: ServerLog = { connections: 0, authAttempts: 0, commands: [], openSessions: 0, maxOpenSessions: 0, closedSessions: 0 };
  const clients = new Set<Connection>();
  const state = { onExec: runInShell, refuseSessions: 0 };
  const server = new Server({ hostKeys: [hostKey.private, ...moreHostKeys.map((k) => k.private)] }, (client) => {
    log.connections++;
    clients.add(client);
    client.on("close", () => clients.delete(client));
    client.on("error", () => undefined);
    client.on("authentication", (ctx) => authenticate(ctx, allowed, log));
    client.on("ready", () =>
      client.on("session", (acceptSession, rejectSession) => {
        if (state.refuseSessions > 0) {
          state.refuseSessions--;
          return rejectSession();
        }
        serveSession(acceptSession(), client, log, state);
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    hostKey,
    log,
    clients,
    get onExec() {
      return state.onExec;
    },
    set onExec(handler: ExecHandler) {
      state.onExec = handler;
    },
    get refuseSessions() {
      return state.refuseSessions;
    },
    set refuseSessions(count: number) {
      state.refuseSessions = count;
    },
    close: () => closeServer(server, clients),
  };
}

// Public key auth as sshd does it: the key must be the allowed one and, once signed, verify.
function authenticate(ctx: AuthContext, allowed: ParsedKey, log: ServerLog): void {
  log.authAttempts++;
  if (ctx.method !== "publickey") return ctx.reject(["publickey"]);
  const sameKey = ctx.key.algo === allowed.type && safeEqual(ctx.key.data, allowed.getPublicSSH());
  if (!sameKey) return ctx.reject(["publickey"]);
  if (ctx.signature && !allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo)) return ctx.reject(["publickey"]);
  ctx.accept();
}

// Counts open sessions (to check the client's concurrency cap) and hands exec requests on.
function serveSession(session: Session, client: Connection, log: ServerLog, state: { onExec: ExecHandler }): void {
  log.openSessions++;
  log.maxOpenSessions = Math.max(log.maxOpenSessions, log.openSessions);
  session.on("close", () => {
    log.openSessions--;
    log.closedSessions++;
  });
  session.on("exec", (accept, _reject, info) => {
    log.commands.push(info.command);
    state.onExec(info.command, accept as () => ServerChannel, client);
  });
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

async function closeServer(server: Server, clients: Set<Connection>): Promise<void> {
  for (const c of clients) c.end();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A port on 127.0.0.1 where nothing listens (ECONNREFUSED). */
export async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A TCP server that accepts and immediately drops every connection, counting them. */
export async function startDroppingServer(): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
  let accepted = 0;
  const server = net.createServer((sock) => {
    accepted++;
    sock.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The OpenSSH public key line of a key pair's host key, as a pin. */
export function publicLine(key: KeyPair): string {
  return key.public.trim();
}
