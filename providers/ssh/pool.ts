// One SshSession per host for the whole provider process: Pulumi runs every dynamic resource of
// an operation in one process (pulumi-notes §4), so they all share one connection per host.
// Loaded at run time by the provider implementation, never captured by the closure serializer
// (a module-level Map cannot be serialized, pulumi-notes §2).
import { createHash } from "node:crypto";
import { BatchingRunner } from "./batch";
import { SshSession, type ConnectionSettings } from "./session";

const sessions = new Map<string, SshSession>();
const inspectors = new WeakMap<SshSession, BatchingRunner>();
let hooksInstalled = false;
// How long an interrupted process waits for disconnect messages before it exits anyway; the
// engine SIGKILLs plugins 5 s after SIGINT (pulumi-notes §4).
const EXIT_GRACE_MS = 250;

/** The shared session for these settings, created (not yet connected) on first use. */
export function getSession(settings: ConnectionSettings): SshSession {
  const key = sessionKey(settings);
  let session = sessions.get(key);
  if (session === undefined) {
    session = new SshSession(settings);
    sessions.set(key, session);
    installExitHooks();
  }
  return session;
}

/** The session's inspection runner: concurrent read-only commands share one round trip. */
export function getInspector(settings: ConnectionSettings): BatchingRunner {
  const session = getSession(settings);
  let inspector = inspectors.get(session);
  if (inspector === undefined) {
    inspector = new BatchingRunner(session);
    inspectors.set(session, inspector);
  }
  return inspector;
}

/** Ends every pooled connection and forgets the sessions; later getSession calls dial afresh. */
export async function closeAllSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  await Promise.all(all.map((s) => s.close()));
}

/** How many sessions the pool holds (for tests and diagnostics). */
export function sessionCount(): number {
  return sessions.size;
}

// user@host:port plus a digest of the key material and the pin: other credentials or another
// pin never reuse a connection verified for different ones. Only the digest is kept in the key.
function sessionKey(s: ConnectionSettings): string {
  const digest = createHash("sha256")
    .update(s.privateKey ?? `agent:${s.agent ?? ""}`)
    .update("\0")
    .update(s.passphrase ?? "")
    .update("\0")
    .update(s.hostKey)
    .digest("hex")
    .slice(0, 16);
  return `${s.user}@${s.host}:${s.port}#${digest}`;
}

// Idle sockets are unreferenced by the session, so the process can reach beforeExit; closing
// there sends a polite disconnect. beforeExit fires again after that IO, with nothing left to do.
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("beforeExit", () => {
    if (sessions.size > 0) void closeAllSessions();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => onSignal(signal));
}

// Listening for a signal disables Node's default exit; restore it unless another part of the
// process handles the signal itself, so the provider never lingers until the engine's SIGKILL.
function onSignal(signal: "SIGINT" | "SIGTERM"): void {
  const closing = closeAllSessions();
  if (process.listenerCount(signal) > 0) return;
  const code = signal === "SIGINT" ? 130 : 143;
  void Promise.race([closing, new Promise((resolve) => setTimeout(resolve, EXIT_GRACE_MS))]).then(() => process.exit(code));
}
