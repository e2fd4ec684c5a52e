// Drives one exec channel to a result: stdin then EOF, collect output, settle on `close`.
// Structural types only, so session.ts stays the one file that imports ssh2.
import { constants as osConstants } from "node:os";
import type { EventEmitter } from "node:events";
import type { CommandResult } from "../core/runner";
import { SshError } from "./errors";

/** The parts of an ssh2 ClientChannel used here. */
export interface ExecChannel extends EventEmitter {
  readonly stderr: EventEmitter;
  end(data?: Buffer): unknown;
  close(): unknown;
}

/** The part of an ssh2 Client used here. */
export interface ExecClient {
  exec(command: string, callback: (err: Error | undefined, channel: ExecChannel) => void): unknown;
}

/** A finished command; `signal` is set when the process was killed (code is then 128+n). */
export interface SshCommandResult extends CommandResult {
  readonly signal?: string;
  /** stdout as received, before decoding (a batch splits it by byte counts: providers/ssh/batch.ts). */
  readonly stdoutBytes?: Buffer;
}

export interface CollectOptions {
  readonly host: string;
  /** The caller's command, for error messages (never the stdin). */
  readonly command: string;
  readonly stdin?: string;
  /** Time left before the deadline. */
  readonly timeoutMs: number;
  /** The limit the caller asked for, as reported in the timeout message. */
  readonly limitMs: number;
  /** Called once when the channel is gone, or a grace period after a timeout; frees the slot. */
  readonly onGone: () => void;
  /** Sees each chunk as it arrives (decoded per chunk: for progress display only). */
  readonly onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
}

// After a timeout we close the channel and give the server this long to confirm before the
// slot is reused anyway (a hung server must not pin a slot forever).
const CLOSE_GRACE_MS = 5_000;

/** Shortens a command for messages: first line, at most 200 characters. */
export function describeCommand(command: string): string {
  const first = command.split("\n", 1)[0];
  const short = first.length > 200 ? `${first.slice(0, 200)}…` : first;
  return short === command ? command : `${short} (…)`;
}

/**
 * Asks for an exec channel, giving up after timeoutMs (a hung server may never answer the
 * request). A channel that opens after the deadline is closed at once.
 */
export function openExec(
  client: ExecClient,
  fullCommand: string,
  timeoutMs: number,
  describe: { host: string; command: string; limitMs: number },
): Promise<ExecChannel> {
  return new Promise((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(new SshError("timeout", describe.host, `no answer to the exec request within the ${describe.limitMs} ms limit: ${describeCommand(describe.command)}`));
    }, timeoutMs);
    const onOpen = (err: Error | undefined, channel: ExecChannel) => {
      clearTimeout(timer);
      if (late && !err) channel.close();
      else if (err) reject(err);
      else resolve(channel);
    };
    try {
      client.exec(fullCommand, onOpen);
    } catch (err) {
      clearTimeout(timer);
      reject(err); // ssh2 throws "Not connected" synchronously on a closed socket
    }
  });
}

/**
 * True when the server refused to open the channel (OpenSSH answers so when MaxSessions is
 * momentarily full: it frees a session slot a little after the client sees the channel close).
 * Nothing ran, so the open may be tried again.
 */
export function isChannelRefused(err: unknown): boolean {
  return err instanceof Error && /Channel open failure/i.test(err.message);
}

/** True for ssh2's errors for a channel that never opened because the connection was already gone. */
export function isUnsent(err: unknown): boolean {
  return err instanceof Error && /^(Not connected|No response from server)$/.test(err.message);
}

/** Sends stdin, waits for the channel's `close` and turns exit status or signal into a result. */
export function collectChannel(channel: ExecChannel, opts: CollectOptions): Promise<SshCommandResult> {
  return new Promise((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const gone = once(opts.onGone);
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    timer = setTimeout(() => {
      settle(() => reject(new SshError("timeout", opts.host, `command timed out after ${opts.limitMs} ms and its channel was closed: ${describeCommand(opts.command)}`)));
      setTimeout(gone, CLOSE_GRACE_MS).unref();
      channel.close();
    }, opts.timeoutMs);
    const seen = (stream: "stdout" | "stderr", chunk: Buffer) => {
      if (!opts.onOutput) return;
      try {
        opts.onOutput(chunk.toString("utf8"), stream);
      } catch {
        // a display failure must not lose the command's result
      }
    };
    channel.on("data", (chunk: Buffer) => {
      stdout.push(chunk);
      seen("stdout", chunk);
    });
    channel.stderr.on("data", (chunk: Buffer) => {
      stderr.push(chunk);
      seen("stderr", chunk);
    });
    // ssh2 passes close the same arguments as exit (ssh2 lib/utils.js onCHANNEL_CLOSE): settle here,
    // after all output has been read, never on `exit` alone.
    const finish = (code?: number | null, signal?: string) => {
      try {
        const bytes = Buffer.concat(stdout);
        const result = { ...exitToResult(code, signal, opts), stdout: bytes.toString("utf8"), stderr: utf8(stderr) };
        // Not enumerable: results are compared and spread as plain {code, stdout, stderr}.
        resolve(Object.defineProperty(result, "stdoutBytes", { value: bytes, enumerable: false }));
      } catch (err) {
        reject(err);
      }
    };
    channel.on("close", (code?: number | null, signal?: string) => {
      gone();
      settle(() => finish(code, signal));
    });
    channel.on("error", (err: Error) => {
      settle(() => reject(new SshError("exec", opts.host, `channel failed while running: ${describeCommand(opts.command)}`, { cause: err })));
      setTimeout(gone, CLOSE_GRACE_MS).unref(); // the slot must come back even if `close` never follows
    });
    channel.end(opts.stdin === undefined ? undefined : Buffer.from(opts.stdin, "utf8"));
  });
}

// Maps ssh2's (code) or (null, "SIGxxx") to a shell-style exit code.
function exitToResult(code: number | null | undefined, signal: string | undefined, opts: CollectOptions): { code: number; signal?: string } {
  if (typeof code === "number") return { code };
  const n = signal === undefined ? undefined : (osConstants.signals as Record<string, number | undefined>)[signal];
  if (signal !== undefined && n !== undefined) return { code: 128 + n, signal };
  if (signal !== undefined) {
    throw new SshError("exec", opts.host, `command was killed by unknown signal ${signal}: ${describeCommand(opts.command)}`);
  }
  throw new SshError(
    "exec",
    opts.host,
    `the channel closed without an exit status (connection lost?); the command may or may not have completed: ${describeCommand(opts.command)}`,
  );
}

// Decoded once at the end, so a multi-byte character split across chunks stays intact.
function utf8(chunks: Buffer[]): string {
  return Buffer.concat(chunks).toString("utf8");
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}
