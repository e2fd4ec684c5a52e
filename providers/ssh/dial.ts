// Connection-level plumbing without ssh2: the TCP dial, what counts as worth retrying, and how
// ssh2's errors map to SshError kinds. Messages name the host and user, never a key or passphrase.
import * as net from "node:net";
import { SshError } from "./errors";
import { hostKeyMismatchError, hostKeyTypeMismatchError, type HostKeyPin } from "./host-key";

// Failures that a later attempt can fix: sshd restarting, MaxStartups throttling, a slow network.
const TRANSIENT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "EAI_AGAIN", "ECONNABORTED"]);
const transient = new WeakSet<SshError>();
const MAX_RETRY_DELAY_MS = 8_000;

/** True for connect failures worth another attempt; never for auth, host key or config errors. */
export function isTransient(err: unknown): boolean {
  return err instanceof SshError && transient.has(err);
}

/** Delay before retry number `attempt` (1-based): doubling from base, capped at 8 s. */
export function retryDelay(baseMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
}

/** Opens the TCP socket ourselves so the session can unref it while idle. */
export function dialTcp(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(connectError(host, `TCP connect to port ${port} timed out after ${timeoutMs} ms`, true));
    }, timeoutMs);
    const onError = (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(connectError(host, err.message, TRANSIENT_CODES.has(err.code ?? ""), err));
    };
    sock.once("error", onError);
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.off("error", onError);
      resolve(sock);
    });
  });
}

/** What the handshake knew when ssh2 failed, for a precise message. */
export interface HandshakeContext {
  readonly host: string;
  readonly user: string;
  readonly pin: HostKeyPin;
  readonly readyTimeoutMs: number;
  /** The host key the server presented, if the verifier rejected it. */
  readonly rejectedKey?: Buffer;
  /** The host key algorithms the server listed in its KEXINIT (comma-separated), if seen. */
  readonly offeredHostKeys?: string;
}

/** Maps an ssh2 connect-stage error (ssh2 sets `level`) to an SshError. */
export function classifyConnectError(err: Error & { level?: string; code?: string }, ctx: HandshakeContext): SshError {
  if (ctx.rejectedKey !== undefined) return hostKeyMismatchError(ctx.host, ctx.pin, ctx.rejectedKey);
  // The client offers only the pinned key types; a host without any of them fails negotiation.
  if (/no matching host key format/i.test(err.message)) return hostKeyTypeMismatchError(ctx.host, ctx.pin, ctx.offeredHostKeys);
  if (err.level === "client-authentication") {
    return new SshError("auth", ctx.host, `the server rejected the private key for user ${ctx.user}; nothing was run`, { cause: err });
  }
  if (err.level === "client-timeout") {
    return connectError(ctx.host, `SSH handshake timed out after ${ctx.readyTimeoutMs} ms`, true, err);
  }
  // sshd drops surplus unauthenticated connections before its banner (MaxStartups): retry.
  const lostEarly = /Connection lost before handshake/.test(err.message);
  return connectError(ctx.host, err.message, lostEarly || TRANSIENT_CODES.has(err.code ?? ""), err);
}

/** The error for a connection that closed during the handshake without ssh2 reporting why. */
export function closedDuringHandshake(host: string): SshError {
  return connectError(host, "connection closed during the SSH handshake", true);
}

function connectError(host: string, message: string, isRetryable: boolean, cause?: unknown): SshError {
  const err = new SshError("connect", host, message, cause === undefined ? undefined : { cause });
  if (isRetryable) transient.add(err);
  return err;
}
