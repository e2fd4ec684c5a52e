// Read-only commands issued together (in one turn of the event loop) or while every channel is
// busy travel together: one exec channel runs them on the host (each in its own subshell, stdin
// from /dev/null, at most `parallel` at once) and sends back each one's exit code, stdout and
// stderr framed by byte counts, so every caller gets what its own channel would have given it
// (docs/decisions/0028). No command waits for a batch while a channel is free.
//
// Only for inspections: a command with stdin or a secret output goes alone, and the adapter gives this runner to
// `inspect` only, never to apply (a batch reruns its commands one by one when its frame is
// unreadable, which only a read may do).
import type { CommandResult, Runner, RunOptions } from "../core/runner";
import { SshError } from "./errors";

interface Pending {
  readonly command: string;
  readonly timeoutMs?: number;
  resolve(result: CommandResult): void;
  reject(err: unknown): void;
}

export interface BatchOptions {
  /** Batches in flight at once (the session's channel cap); commands issued meanwhile wait and leave together. */
  readonly inFlight?: number;
  /** Commands one batch runs at once on the host (the channel cap: as many as ran before). */
  readonly parallel?: number;
  /** At most this many commands, and this much command text, per batch. */
  readonly maxCommands?: number;
  readonly maxBytes?: number;
}

const MARK = "phoenix-batch";

/**
 * The host-side script: every command into its own files, then one line of exit codes, one
 * `wc -c` of all the files and one `cat` of them (four processes a batch besides the commands).
 */
export function batchScript(commands: readonly string[], parallel: number): string {
  const lines = ["d=$(mktemp -d) || exit 97", `trap 'rm -rf "$d"' EXIT`];
  commands.forEach((command, i) => {
    // The command on lines of its own: a trailing comment or a heredoc stays the command's.
    lines.push("(", command, `) </dev/null >"$d/${i}" 2>"$d/${i}e" & p${i}=$!`);
    if ((i + 1) % parallel === 0 || i === commands.length - 1) {
      for (let j = i - (i % parallel); j <= i; j++) lines.push(`wait $p${j}; c${j}=$?`);
    }
  });
  const files = commands.map((_, i) => `"$d/${i}" "$d/${i}e"`).join(" ");
  lines.push(`printf '${MARK}'; printf ' %s' ${commands.map((_, i) => `"$c${i}"`).join(" ")}; printf '\\n'`);
  lines.push(`wc -c ${files} || exit 98`, `printf '${MARK} data\\n'`, `cat ${files} || exit 98`);
  return lines.join("\n");
}

/** Splits a batch's stdout into one result per command; undefined when the frame is incomplete. */
export function parseBatch(stdout: Buffer, count: number): CommandResult[] | undefined {
  const dataMark = Buffer.from(`\n${MARK} data\n`);
  const at = stdout.indexOf(dataMark);
  if (at < 0) return undefined;
  const head = stdout.subarray(0, at).toString("latin1").split("\n");
  const codes = head[0].split(" ");
  if (codes[0] !== MARK || codes.length !== count + 1) return undefined;
  // `wc -c` prints "<bytes> <file>" per file (then a total line); the files are ours, in order.
  const sizes = head.slice(1, 1 + 2 * count).map((line) => line.trim().split(/\s+/)[0]);
  if (sizes.length !== 2 * count || ![...codes.slice(1), ...sizes].every((w) => /^\d+$/.test(w))) return undefined;
  const lengths = sizes.map(Number);
  let pos = at + dataMark.length;
  if (pos + lengths.reduce((a, b) => a + b, 0) !== stdout.length) return undefined;
  const take = (n: number) => stdout.subarray(pos, (pos += n)).toString("utf8");
  return codes.slice(1).map((code, i) => ({ code: Number(code), stdout: take(lengths[2 * i]), stderr: take(lengths[2 * i + 1]) }));
}

/** A Runner that coalesces concurrent read-only commands into batches over `inner`. */
export class BatchingRunner implements Runner {
  readonly host: string;
  readonly #inner: Runner;
  readonly #inFlight: number;
  readonly #parallel: number;
  readonly #maxCommands: number;
  readonly #maxBytes: number;
  #queue: Pending[] = [];
  #running = 0;
  #scheduled = false;
  /** Round trips so far (tests and the bench's probes). */
  trips = 0;

  constructor(inner: Runner, options: BatchOptions = {}) {
    this.host = inner.host;
    this.#inner = inner;
    this.#inFlight = options.inFlight ?? 8;
    this.#parallel = options.parallel ?? 8;
    this.#maxCommands = options.maxCommands ?? 64;
    this.#maxBytes = options.maxBytes ?? 64 * 1024;
  }

  run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    if (options.stdin !== undefined || options.secretOutput || options.onOutput) return this.#inner.run(command, options);
    return new Promise((resolve, reject) => {
      this.#queue.push({ command, timeoutMs: options.timeoutMs, resolve, reject });
      this.#schedule();
    });
  }

  // Flushed after the current turn of the event loop, so commands issued together (a
  // Promise.all of probes, reads the engine sent at once) leave together.
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#inFlight && this.#queue.length > 0) {
      const batch = this.#take();
      this.#running++;
      void this.#send(batch).finally(() => {
        this.#running--;
        this.#pump();
      });
    }
  }

  // The oldest command and every queued one with the same time limit, within the size caps.
  #take(): Pending[] {
    const first = this.#queue[0];
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    let bytes = 0;
    for (const p of this.#queue) {
      const fits = p.timeoutMs === first.timeoutMs && batch.length < this.#maxCommands && (batch.length === 0 || bytes + p.command.length <= this.#maxBytes);
      if (fits) {
        batch.push(p);
        bytes += p.command.length;
      } else rest.push(p);
    }
    this.#queue = rest;
    return batch;
  }

  async #send(batch: Pending[]): Promise<void> {
    const options = batch[0].timeoutMs === undefined ? {} : { timeoutMs: batch[0].timeoutMs };
    this.trips++;
    if (batch.length === 1) {
      const [p] = batch;
      await this.#inner.run(p.command, options).then(p.resolve, p.reject);
      return;
    }
    let results: CommandResult[] | undefined;
    try {
      const r = await this.#inner.run(batchScript(batch.map((p) => p.command), this.#parallel), options);
      // The bytes as sent (the SSH session keeps them): each command's output is decoded on its own.
      const bytes = (r as { stdoutBytes?: Buffer }).stdoutBytes ?? Buffer.from(r.stdout, "utf8");
      results = r.code === 0 ? parseBatch(bytes, batch.length) : undefined;
    } catch (err) {
      for (const p of batch) p.reject(err instanceof SshError ? retold(err, batch.length, p.command) : err);
      return;
    }
    if (results !== undefined) {
      batch.forEach((p, i) => p.resolve(results![i]));
      return;
    }
    // No readable frame (a host without mktemp, a full /tmp): the commands are reads, so each
    // runs again on its own channel, as it would have without batching.
    await Promise.all(batch.map((p) => this.#inner.run(p.command, options).then(p.resolve, p.reject)));
  }
}

// A batch's transport error, told about the caller's own command rather than the batch script.
function retold(err: SshError, size: number, command: string): SshError {
  const first = command.split("\n", 1)[0];
  const short = first.length > 200 ? `${first.slice(0, 200)}…` : first;
  const detail = err.detail.replace(/: [^]*$/, "");
  return new SshError(err.kind, err.host, `${detail} (one of ${size} read-only commands sent together): ${short}`, { cause: err });
}
