// The SSH transport: one lazily opened ssh2 connection per host, channels capped by a semaphore.
// The only file that loads ssh2, and only inside connect, so Pulumi's closure serializer never
// walks into it (pulumi-notes §2: a captured ssh2 Client cannot be serialized).
import type * as net from "node:net";
import type { Client, ConnectConfig, ServerHostKeyAlgorithm } from "ssh2";
import type { Runner, RunOptions } from "../core/runner";
import { collectChannel, describeCommand, isChannelRefused, isUnsent, openExec, type ExecChannel, type ExecClient, type SshCommandResult } from "./channel";
import { adopt, endConnection, hold, type Live } from "./connection";
import { classifyConnectError, closedDuringHandshake, dialTcp, isTransient, retryDelay } from "./dial";
import { SshError } from "./errors";
import { hostKeyMismatchError, makeHostVerifier, parseHostKeyPin, type HostKeyPin } from "./host-key";
import { Semaphore } from "./semaphore";
import { resolveTunables, type ConnectionSettings, type ResolvedTunables } from "./settings";

export type { ConnectionSettings } from "./settings";
export type { SshCommandResult } from "./channel";

/** Put inside the command text: ssh2's `env` option only works where sshd has AcceptEnv. */
export const LOCALE_PREFIX = "export LC_ALL=C LANG=C; ";
const MAX_TIMER_MS = 2 ** 31 - 1;
// ssh2's debug line with the server's KEXINIT host key list (ssh2 lib/protocol/kex.js).
const REMOTE_HOST_KEYS = "Handshake: (remote) Host key format: ";
// A refused channel open is retried with backoff (50 ms … 1.6 s); after that it is an error.
const MAX_CHANNEL_REFUSALS = 6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Runner over one SSH connection: lazy connect, bounded dial retries, capped concurrent channels. */
export class SshSession implements Runner {
  readonly host: string;
  // #private fields: util.inspect and JSON.stringify skip them, so logging a session shows no key.
  readonly #settings: ConnectionSettings;
  readonly #tunables: ResolvedTunables;
  readonly #pin: HostKeyPin;
  readonly #slots: Semaphore;
  #live?: Live;
  #pending?: Promise<Live>;

  constructor(settings: ConnectionSettings) {
    this.host = settings.host;
    this.#settings = settings;
    this.#tunables = resolveTunables(settings);
    this.#pin = parseHostKeyPin(settings.hostKey, settings.host, settings.port);
    this.#slots = new Semaphore(this.#tunables.maxConcurrent);
  }

  /** Runs one command line under LC_ALL=C; resolves with any exit code, rejects with SshError. */
  async run(command: string, options: RunOptions = {}): Promise<SshCommandResult> {
    const limitMs = options.timeoutMs ?? this.#tunables.commandTimeoutMs;
    if (!(limitMs > 0 && limitMs <= MAX_TIMER_MS)) {
      throw new SshError("config", this.host, `timeoutMs must be between 1 and ${MAX_TIMER_MS}, got ${limitMs}`);
    }
    if (command.trim() === "") throw new SshError("exec", this.host, "refusing to run an empty command");
    await this.#connection(); // queued runs share one dial and its failure instead of redialling per slot
    const releaseSlot = await this.#slots.acquire();
    // The limit covers opening the channel and running, not the wait for a slot (bounded by
    // the other runs' own limits).
    const deadline = Date.now() + limitMs;
    let opened: { channel: ExecChannel; letGo: () => void };
    try {
      opened = await this.#openWithReconnect(command, deadline, limitMs);
    } catch (err) {
      releaseSlot(); // a channel that opens after an open timeout is closed on arrival
      throw err;
    }
    const onGone = () => {
      opened.letGo();
      releaseSlot();
    };
    const timeoutMs = Math.max(1, deadline - Date.now());
    return collectChannel(opened.channel, { host: this.host, command, stdin: options.stdin, timeoutMs, limitMs, onGone, onOutput: options.onOutput });
  }

  /** Ends the connection (a later run dials again); resolves once the socket closed, within 1 s. */
  async close(): Promise<void> {
    const live = this.#live;
    this.#live = undefined;
    this.#pending?.then(endConnection, () => undefined);
    if (live) await endConnection(live);
  }

  // Opens the exec channel. If the connection was already gone before the request left, dials
  // again once; never after the exec request was sent, as the command may then be running.
  async #openWithReconnect(command: string, deadline: number, limitMs: number): Promise<{ channel: ExecChannel; letGo: () => void }> {
    let refusals = 0;
    for (let attempt = 1; ; attempt++) {
      const live = await this.#connection();
      const letGo = hold(live);
      try {
        const client = live.client as unknown as ExecClient;
        const channel = await openExec(client, LOCALE_PREFIX + command, Math.max(1, deadline - Date.now()), { host: this.host, command, limitMs });
        return { channel, letGo };
      } catch (err) {
        letGo();
        if (err instanceof SshError) throw err; // the open timed out
        if (isChannelRefused(err) && refusals < MAX_CHANNEL_REFUSALS && Date.now() < deadline) {
          attempt--;
          await sleep(50 * 2 ** refusals++);
          continue;
        }
        if (!isUnsent(err)) {
          throw new SshError("exec", this.host, `could not start: ${describeCommand(command)}: ${(err as Error).message}`, { cause: err });
        }
        live.dead = true;
        if (attempt > 1) throw new SshError("exec", this.host, `connection lost again before starting: ${describeCommand(command)}`, { cause: err });
      }
    }
  }

  // The established connection, or the one being dialled; concurrent callers share one dial.
  #connection(): Promise<Live> {
    if (this.#live && !this.#live.dead) return Promise.resolve(this.#live);
    this.#pending ??= this.#connectWithRetry().then(
      (live) => {
        this.#pending = undefined;
        this.#live = live;
        return live;
      },
      (err: unknown) => {
        this.#pending = undefined;
        throw err;
      },
    );
    return this.#pending;
  }

  async #connectWithRetry(): Promise<Live> {
    const { maxAttempts, retryDelayMs } = this.#tunables;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#connectOnce();
      } catch (err) {
        if (!isTransient(err)) throw err; // auth, host key and config failures will not heal
        if (attempt >= maxAttempts) {
          const detail = (err as SshError).detail;
          throw new SshError("connect", this.host, `after ${attempt} failed attempt${attempt === 1 ? "" : "s"}: ${detail}`, { cause: err });
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelay(retryDelayMs, attempt)));
      }
    }
  }

  async #connectOnce(): Promise<Live> {
    const ssh2 = await loadSsh2();
    const sock = await dialTcp(this.#settings.host, this.#settings.port, this.#tunables.connectTimeoutMs);
    return this.#handshake(new ssh2.Client(), sock);
  }

  // Runs the SSH handshake on a connected socket; the pinned key is checked before authentication.
  #handshake(client: Client, sock: net.Socket): Promise<Live> {
    const { host, user } = this.#settings;
    let rejectedKey: Buffer | undefined;
    let offeredHostKeys: string | undefined;
    return new Promise((resolve, reject) => {
      const fail = (err: SshError) => {
        detach();
        client.on("error", () => undefined); // late errors of an abandoned client must not crash the process
        sock.destroy();
        reject(err);
      };
      const ctx = { host, user, pin: this.#pin, readyTimeoutMs: this.#tunables.connectTimeoutMs };
      const onError = (err: Error) => fail(classifyConnectError(err, { ...ctx, rejectedKey, offeredHostKeys }));
      const onClose = () => fail(rejectedKey ? hostKeyMismatchError(host, this.#pin, rejectedKey) : closedDuringHandshake(host));
      const onReady = () => {
        detach();
        resolve(adopt(client, sock));
      };
      const detach = () => client.off("error", onError).off("close", onClose).off("ready", onReady);
      client.on("error", onError).on("close", onClose).on("ready", onReady);
      try {
        client.connect(this.#connectConfig(sock, (key) => (rejectedKey = key), (list) => (offeredHostKeys = list)));
      } catch (err) {
        // ssh2 parses the key synchronously; its messages name the problem, never the key bytes.
        fail(new SshError("config", host, `the private key cannot be used: ${(err as Error).message}`));
      }
    });
  }

  #connectConfig(sock: net.Socket, onRejected: (key: Buffer) => void, onOffered: (list: string) => void): ConnectConfig {
    const { host, port, user, privateKey, passphrase, agent, hostKey } = this.#settings;
    const verify = makeHostVerifier(hostKey, host, port);
    const serverHostKey = this.#pin.algorithms as ServerHostKeyAlgorithm[] | undefined;
    return {
      sock, host, port, username: user,
      ...(privateKey === undefined ? { agent } : { privateKey, passphrase }),
      readyTimeout: this.#tunables.connectTimeoutMs,
      // No hostHash: ssh2 then hands the verifier the raw key blob (ssh2 README "hostVerifier").
      hostVerifier: (key: Buffer) => {
        if (verify(key)) return true;
        onRejected(key); // remembered so the error can name the presented fingerprint
        return false;
      },
      // The only way ssh2 tells which host key types the server has (for a type-mismatch message).
      // Only that line is kept; the debug stream names algorithms and packets, never key material.
      debug: (line: string) => {
        if (line.startsWith(REMOTE_HOST_KEYS)) onOffered(line.slice(REMOTE_HOST_KEYS.length));
      },
      // Offer only the pinned key types, as OpenSSH does for known hosts; else sshd may pick another.
      ...(serverHostKey ? { algorithms: { serverHostKey: [...serverHostKey] } } : {}),
    };
  }
}

// ssh2 is CommonJS: under Node's ESM loader (vitest) the exports sit on `default`.
async function loadSsh2(): Promise<typeof import("ssh2")> {
  const mod = (await import("ssh2")) as typeof import("ssh2") & { default?: typeof import("ssh2") };
  return mod.Client ? mod : mod.default!;
}
