// The one way Phoenix edits a file on a host: queue per host and path in this process, read,
// apply a pure change, write atomically if the file is still what was read (under a host-side
// flock), verify. Several resources of one `pulumi up` (and other Phoenix processes) may edit the
// same file (/etc/exports.d/*, smb.conf, cluster.fw, modprobe.d) without losing each other's
// updates. docs/decisions/0010-host-file-edits.md explains the choices.
import { createHash } from "node:crypto";
import type { Runner } from "../core/runner";
import { CommandError } from "./errors";
import { COMMIT_SCRIPT, EXIT, parseCommit, parseRead, READ_SCRIPT, type FileRead } from "./host-file-script";
import { withKeyLock } from "./keyed-lock";
import { argvToShell, quote } from "./quote";

/** A pure change: current content (null = absent) → new content (null = remove; same = no write). */
export type FileChange = (current: string | null) => string | null;

export interface HostFileOptions {
  /** Mode of a file that does not exist yet; an existing file keeps its own. Default 0o644. */
  readonly mode?: number;
  /** Owner of a file that does not exist yet, `user:group` (names or ids). Default root:root. */
  readonly owner?: string;
  /** Create the file's directory (mode 0755, like mkdir -p) when it is missing. Default: refuse. */
  readonly createDirectory?: boolean;
  /**
   * A check of the new content before it is installed, as argv; the temporary file's path is
   * appended (`["visudo", "-cf"]`, `["testparm", "-s"]`). If it fails the old file stays.
   */
  readonly verify?: readonly string[];
  /** The contents are secret: messages and previews show neither lines nor checksums. */
  readonly secret?: boolean;
  /** Reads and writes before giving up while other processes keep changing the file. Default 20. */
  readonly maxAttempts?: number;
  /** Where the host-side lock files live. Default /run/lock/phoenix (tmpfs, cleared at boot). */
  readonly lockDir?: string;
}

/** What editHostFile did, for the caller's report. */
export interface HostFileResult {
  readonly path: string;
  readonly action: "unchanged" | "written" | "removed";
  /** The content the change was applied to (null: the file did not exist). */
  readonly before: string | null;
  /** The content now on the host (null: no file). */
  readonly after: string | null;
  /** How many read-change-write rounds it took (more than 1: another process wrote in between). */
  readonly attempts: number;
}

export const DEFAULT_LOCK_DIR = "/run/lock/phoenix";
// pmxcfs (the FUSE filesystem of /etc/pve) fixes owner root:www-data and mode 0640 itself and
// refuses chown/chmod ("permissions are based on path"); rename works there. So under /etc/pve
// owner and mode are still set (for hosts where /etc/pve is a plain directory) but a refusal is
// not an error.
const PMXCFS_ROOT = "/etc/pve/";
const OWNER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*:[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Throws unless `path` is an absolute, normalised path of a file (not a directory). */
export function validateHostPath(path: string): string {
  const bad = (why: string) => new Error(`invalid host file path ${JSON.stringify(path)}: ${why}`);
  if (typeof path !== "string" || !path.startsWith("/")) throw bad("it must be absolute");
  if (/[\0\n\r]/.test(path)) throw bad("it contains a NUL or line break");
  if (path.length > 1024) throw bad("it is longer than 1024 characters");
  const parts = path.slice(1).split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) throw bad("it must not contain empty, . or .. components, nor end in /");
  if (Buffer.byteLength(parts[parts.length - 1]) > 200) throw bad("its file name is longer than 200 bytes");
  return path;
}

/** The host-side lock file for a path: readable (which file it guards) and unique (a digest). */
export function lockFileFor(path: string, lockDir = DEFAULT_LOCK_DIR): string {
  const readable = path.slice(1).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
  return `${validateHostPath(lockDir)}/${readable}-${sha256(path).slice(0, 12)}.lock`;
}

/** sha256 of text as UTF-8, in hex (what sha256sum prints for the file). */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Edits `path` on the runner's host: read it, apply `change`, and write the result atomically
 * (temp file in the same directory with the old owner and mode, fsync, rename) only if the file
 * is still what was read; otherwise read again and re-apply, up to maxAttempts. Verifies the
 * written checksum. Contents go over stdin and never into an error message.
 */
export async function editHostFile(runner: Runner, path: string, change: FileChange, opts: HostFileOptions = {}): Promise<HostFileResult> {
  validateHostPath(path);
  const settings = resolveOptions(path, opts);
  return withKeyLock(`${runner.host}\0${path}`, async () => {
    for (let attempt = 1; ; attempt++) {
      const read = await readHostFile(runner, path, settings.lock);
      const before = read.exists ? read.content : null;
      const after = change(before);
      if (after === before) return { path, action: "unchanged", before, after, attempts: attempt };
      const outcome = await commit(runner, path, settings, read, after);
      if (outcome === "written" || outcome === "removed") return { path, action: outcome, before, after, attempts: attempt };
      if (attempt >= settings.maxAttempts) {
        throw new Error(`${path} on ${runner.host} kept changing while Phoenix edited it (${attempt} attempts); nothing was written. Run again once the other writer is done.`);
      }
      await sleep(Math.random() * 50 * attempt); // jitter, so two processes do not collide in step
    }
  });
}

interface Resolved {
  readonly lock: string;
  readonly mode: string;
  readonly owner: string;
  readonly attrs: "keep" | "try";
  readonly mkdir: "mkdir" | "-";
  readonly verify: readonly string[];
  readonly secret: boolean;
  readonly maxAttempts: number;
}

function resolveOptions(path: string, opts: HostFileOptions): Resolved {
  const mode = opts.mode ?? 0o644;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw new Error(`invalid mode for ${path}: ${mode}`);
  const owner = opts.owner ?? "root:root";
  if (!OWNER.test(owner)) throw new Error(`invalid owner for ${path}: ${JSON.stringify(owner)} (use user:group)`);
  const maxAttempts = opts.maxAttempts ?? 20;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  return {
    lock: lockFileFor(path, opts.lockDir),
    mode: mode.toString(8).padStart(4, "0"),
    owner,
    attrs: path.startsWith(PMXCFS_ROOT) ? "try" : "keep",
    mkdir: opts.createDirectory ? "mkdir" : "-",
    verify: checkedVerify(path, opts.verify),
    secret: opts.secret === true,
    maxAttempts,
  };
}

function checkedVerify(path: string, verify: readonly string[] | undefined): readonly string[] {
  if (verify === undefined) return [];
  if (verify.length === 0 || verify.some((a) => typeof a !== "string") || verify[0].startsWith("-")) {
    throw new Error(`invalid verify command for ${path}: ${JSON.stringify(verify)} (argv of a program)`);
  }
  return [...verify];
}

/** Reads a host file under the shared lock; `exists: false` when it (or its directory) is absent. */
export async function readHostFile(runner: Runner, path: string, lock = lockFileFor(path)): Promise<FileRead> {
  const argv = ["sh", "-c", READ_SCRIPT, "phoenix-read", validateHostPath(path), lock, "-s"];
  const result = await runner.run(argvToShell(argv));
  if (result.code === EXIT.noDirectory) return { exists: false };
  if (result.code !== 0) throw failure(runner, `read ${quote(path)}`, result.code, result.stderr);
  const read = parseRead(result.stdout);
  // Text only: content that does not survive UTF-8 decoding would be corrupted by a rewrite.
  if (read.exists && sha256(read.content) !== read.sha256) {
    throw new Error(`${path} on ${runner.host} is not UTF-8 text (or changed while being read); Phoenix edits text files only`);
  }
  return read;
}

// One conditional write; "changed" when another writer got there first.
async function commit(runner: Runner, path: string, s: Resolved, read: FileRead, after: string | null): Promise<"written" | "removed" | "changed"> {
  const expected = read.exists ? read.sha256 : "absent";
  const want = after === null ? "-" : sha256(after);
  const argv = ["sh", "-c", COMMIT_SCRIPT, "phoenix-write", path, s.lock, "-x", expected, after === null ? "remove" : "write", want, s.mode, s.owner, s.attrs, s.mkdir, ...(after === null ? [] : s.verify)];
  const label = `${after === null ? "remove" : "write"} ${quote(path)}`;
  const result = await runner.run(argvToShell(argv), after === null ? {} : { stdin: after });
  if (result.code === EXIT.changed) return "changed";
  // A check's complaint may quote the content: not shown for secret files.
  if (result.code === EXIT.verifyFailed && s.secret) throw failure(runner, label, result.code, `the new ${path} failed the check (${s.verify[0]}); the old file is kept`);
  if (result.code !== 0) throw failure(runner, label, result.code, result.stderr);
  const written = parseCommit(result.stdout);
  if (written.sha256 !== (after === null ? null : want)) {
    throw new Error(`${label} on ${runner.host}: read back sha256 ${written.sha256 ?? "(no file)"}, expected ${want}; another writer changed it`);
  }
  return after === null ? "removed" : "written";
}

// Never the stdout: for a read it is the file content, which may be secret.
function failure(runner: Runner, command: string, code: number, stderr: string): CommandError {
  return new CommandError({ host: runner.host, command, code, stdout: "", stderr });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
