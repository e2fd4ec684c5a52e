// Turns Pulumi stack config (namespace `phoenix:`) into connection settings. Pure: file reads go
// through the readFile passed in, and no error ever echoes a config value that may be secret.
import * as path from "node:path";
import { SshError } from "./errors";
import { parseHostKeyPin } from "./host-key";

/** Everything one SSH connection needs; the secrets (privateKey, passphrase) never leave memory. */
export interface ConnectionSettings {
  /** Host name or address to dial; also the name used in every error message. */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** OpenSSH private key text, read from `phoenix:privateKeyPath`; never logged. */
  readonly privateKey?: string | Buffer;
  /** Passphrase of an encrypted privateKey (tests only: stack config never carries one); never logged. */
  readonly passphrase?: string;
  /** Path of an SSH agent socket that holds the key (`SSH_AUTH_SOCK`), when no key file is set. */
  readonly agent?: string;
  /** Pin: OpenSSH public key line(s), known_hosts content or `SHA256:` fingerprint(s). */
  readonly hostKey: string;
  /** TCP connect and SSH handshake limit, each, per attempt. Default 15 s. */
  readonly connectTimeoutMs?: number;
  /** Dial attempts for connect-level failures (refused, reset, timeout). Default 4. */
  readonly maxAttempts?: number;
  /** First retry delay; it doubles per attempt up to 8 s. Default 500 ms. */
  readonly retryDelayMs?: number;
  /** Per-command limit unless run() gives one. Default 10 min. */
  readonly commandTimeoutMs?: number;
  /** Concurrent channels on the connection; OpenSSH MaxSessions defaults to 10. Default 8. */
  readonly maxConcurrent?: number;
}

/** ConnectionSettings with every tunable filled in. */
export type ResolvedTunables = Required<Pick<ConnectionSettings,
  "connectTimeoutMs" | "maxAttempts" | "retryDelayMs" | "commandTimeoutMs" | "maxConcurrent">>;

const DEFAULTS: ResolvedTunables = {
  connectTimeoutMs: 15_000,
  maxAttempts: 4,
  retryDelayMs: 500,
  commandTimeoutMs: 10 * 60_000,
  maxConcurrent: 8,
};
// setTimeout overflows above 2^31-1 ms and fires at once.
const MAX_TIMER_MS = 2 ** 31 - 1;
const LIMITS: Record<keyof ResolvedTunables, [number, number]> = {
  connectTimeoutMs: [1, MAX_TIMER_MS],
  maxAttempts: [1, 20],
  retryDelayMs: [0, 60_000],
  commandTimeoutMs: [1, MAX_TIMER_MS],
  maxConcurrent: [1, 10],
};

/** Fills in defaults and rejects out-of-range tunables with SshError "config". */
export function resolveTunables(settings: ConnectionSettings): ResolvedTunables {
  const out = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof ResolvedTunables)[]) {
    const value = settings[key];
    if (value === undefined) continue;
    const [min, max] = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new SshError("config", settings.host, `${key} must be an integer from ${min} to ${max}, got ${value}`);
    }
    out[key] = value;
  }
  return out;
}

// Pulumi hands the whole stack config to dynamic providers and records it in state and in
// verbose logs (docs/decisions/0012), so no secret may be a stack config value.
const SECRET_KEYS: Record<string, string> = {
  privateKey: "set phoenix:privateKeyPath to the key file instead, or load the key into an SSH agent",
  privateKeyPassphrase: "load the key into an SSH agent (ssh-add) instead",
};

/** Stack config keys that must not be set, with what to do instead (checked before anything else). */
export function forbiddenSettings(raw: Record<string, string | undefined>): string[] {
  return Object.entries(SECRET_KEYS)
    .filter(([key]) => nonEmpty(raw[key] ?? raw[`phoenix:${key}`]) !== undefined)
    .map(([key, instead]) => `phoenix:${key} must not be in the stack config: Pulumi passes the whole stack config to its providers and records it in state and verbose logs; remove it (pulumi config rm phoenix:${key}) and ${instead}`);
}

/**
 * Reads the `phoenix:` SSH keys (bare or prefixed) into ConnectionSettings; relative paths are
 * from projectDir. The client key comes from `phoenix:privateKeyPath`, else from the SSH agent
 * at `agentSocket` (SSH_AUTH_SOCK).
 */
export function resolveConnectionSettings(
  raw: Record<string, string | undefined>,
  readFile: (path: string) => string,
  projectDir: string,
  agentSocket?: string,
): ConnectionSettings {
  const get = (key: string) => nonEmpty(raw[key] ?? raw[`phoenix:${key}`]);
  const word = (key: string) => get(key)?.trim();
  const host = word("host");
  if (host === undefined) throw new SshError("config", "(no host)", "phoenix:host is required");
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/.test(host)) {
    throw new SshError("config", host.replace(/[^\x21-\x7e]/g, "?"), "phoenix:host must be a bare host name or address");
  }
  const [forbidden] = forbiddenSettings(raw);
  if (forbidden !== undefined) throw new SshError("config", host, forbidden);
  const port = parsePort(word("port"), host);
  const user = word("user") ?? "root";
  if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(user) || user.length > 32) {
    throw new SshError("config", host, "phoenix:user must be a plain user name (letters, digits, _ . -)");
  }
  const files = { readFile, projectDir, host };
  const keyPath = word("privateKeyPath");
  const hostKey = oneOf(files, "hostKey", get("hostKey"), "hostKeyPath", word("hostKeyPath"));
  parseHostKeyPin(hostKey, host, port); // fail at config time, not on first use
  if (keyPath === undefined) {
    if (agentSocket === undefined || agentSocket.trim() === "") {
      throw new SshError("config", host, "no client key: set phoenix:privateKeyPath, or run an SSH agent holding the key (SSH_AUTH_SOCK)");
    }
    return { host, port, user, agent: agentSocket, hostKey };
  }
  const privateKey = readConfigFile(files, "privateKeyPath", keyPath);
  checkPrivateKey(privateKey, host);
  return { host, port, user, privateKey: normaliseKeyText(privateKey), hostKey };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function parsePort(value: string | undefined, host: string): number {
  if (value === undefined) return 22;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new SshError("config", host, `phoenix:port must be 1-65535, got ${JSON.stringify(value)}`);
  return port;
}

interface FileAccess {
  readonly readFile: (path: string) => string;
  readonly projectDir: string;
  readonly host: string;
}

// Exactly one of an inline value and a file path; the file is read through the injected reader.
function oneOf(files: FileAccess, inlineKey: string, inline: string | undefined, pathKey: string, filePath: string | undefined): string {
  if (inline !== undefined && filePath !== undefined) {
    throw new SshError("config", files.host, `set phoenix:${inlineKey} or phoenix:${pathKey}, not both`);
  }
  if (inline !== undefined) return inline;
  if (filePath === undefined) throw new SshError("config", files.host, `phoenix:${inlineKey} or phoenix:${pathKey} is required`);
  return readConfigFile(files, pathKey, filePath);
}

function readConfigFile(files: FileAccess, pathKey: string, filePath: string): string {
  if (filePath.startsWith("~")) {
    throw new SshError("config", files.host, `phoenix:${pathKey} ${filePath}: ~ is not expanded, use an absolute path`);
  }
  const resolved = path.resolve(files.projectDir, filePath);
  let text: string;
  try {
    text = files.readFile(resolved);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? "read failed";
    const why = code === "EISDIR" ? "it is a directory, not a file" : code === "ENOENT" ? "no such file" : code;
    throw new SshError("config", files.host, `phoenix:${pathKey}: cannot read ${resolved} (${why})`, { cause: err });
  }
  if (text.trim() === "") throw new SshError("config", files.host, `phoenix:${pathKey}: ${resolved} is empty`);
  return text;
}

// Cheap shape checks that catch the usual mix-ups without ever quoting the value.
function checkPrivateKey(text: string, host: string): void {
  if (/^(ssh-|ecdsa-|sk-)\S+ AAAA/.test(text.trim())) {
    throw new SshError("config", host, "phoenix:privateKeyPath holds a public key; give the private half");
  }
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----|PuTTY-User-Key-File/.test(text)) {
    throw new SshError("config", host, "phoenix:privateKeyPath is not an OpenSSH/PEM private key");
  }
}

// `pulumi config set --secret` from a one-line paste may keep `\n` escapes; ssh2 needs real newlines.
function normaliseKeyText(text: string): string {
  return text.includes("\n") ? text : text.replace(/\\n/g, "\n");
}
