// The two fixed remote scripts behind editHostFile, and pure parsers for what they print.
// No value is ever part of the script text: path, lock file, checksums, mode and owner reach
// it as argv ("$1"…), quoted by quote.ts; file contents travel on stdin only.
// Needs on the host: POSIX sh, flock (util-linux), GNU coreutils (sha256sum, stat -c, dd
// status=none, mv -T, sync FILE). All are in Proxmox VE / Debian base installs.

/** Exit codes the scripts use for answers the caller handles (not failures of a tool). */
export const EXIT = {
  /** Not a regular file (a symlink, directory, device…): Phoenix will not replace it. */
  notRegular: 71,
  /** The file's directory does not exist. */
  noDirectory: 72,
  /** The file changed since it was read: read again, apply the change again. */
  changed: 73,
  /** The temporary copy does not hold what was sent (stdin cut short): nothing was renamed. */
  shortWrite: 74,
  /** Another writer held the lock for the whole wait. */
  lockTimeout: 75,
  /** The caller's check of the new content (e.g. `visudo -cf`) failed: nothing was renamed. */
  verifyFailed: 76,
} as const;

/** How long a script waits for the host-side lock before giving up (seconds). */
export const LOCK_WAIT_SECONDS = 60;

// Shared prologue: $1 file, $2 lock file. Takes the lock ($3: -s shared / -x exclusive) on fd 9,
// then refuses anything but a regular file or an absent one in an existing directory.
const PROLOGUE = `
f=$1 lock=$2
mkdir -p -- "\${lock%/*}" || exit 70
exec 9>>"$lock" || exit 70
flock "$3" -w ${LOCK_WAIT_SECONDS} 9 || { echo "phoenix: another writer held the lock $lock for ${LOCK_WAIT_SECONDS} s" >&2; exit ${EXIT.lockTimeout}; }
d=\${f%/*}; d=\${d:-/}; b=\${f##*/}
if [ -L "$f" ]; then echo "phoenix: $f is a symbolic link; give the path of the file it points to" >&2; exit ${EXIT.notRegular}; fi
if [ -e "$f" ] && [ ! -f "$f" ]; then echo "phoenix: $f is not a regular file" >&2; exit ${EXIT.notRegular}; fi
`;
const NO_DIRECTORY = `{ echo "phoenix: directory $d does not exist" >&2; exit ${EXIT.noDirectory}; }`;

/**
 * Reads the file under a shared lock (Phoenix writers hold it exclusively around the rename, so
 * header and content describe the same version). argv: file, lock file, "-s".
 * Prints `absent`, or `present <sha256> <uid>:<gid> <mode>` and then the content.
 */
export const READ_SCRIPT = `${PROLOGUE}
[ -d "$d" ] || ${NO_DIRECTORY}
if [ ! -e "$f" ]; then echo absent; exit 0; fi
a=$(stat -c '%u:%g %a' -- "$f") || exit 1
h=$(sha256sum < "$f") || exit 1
printf 'present %s %s\\n' "\${h%% *}" "$a"
exec cat -- "$f"
`;

/**
 * Replaces or removes the file if it still has the checksum the caller read (else exit 73),
 * under an exclusive lock. argv: file, lock file, "-x", expected (sha256 or "absent"),
 * action ("write" | "remove"), sha256 of the new content, mode and owner for a new file,
 * then "keep" (give the new file the old one's owner and mode, else the ones given) or "try"
 * (the same, but a refused chown/chmod is not an error: pmxcfs fixes them itself), then "mkdir"
 * to create a missing directory (mode 0755) or "-", then optionally the argv of a check that
 * runs on the temporary file (its path appended, after owner and mode are set, before the
 * rename; its output goes to stderr); a failing check exits 76 and leaves the old file.
 * New content on stdin. Prints `written <sha256>` or `removed`.
 *
 * The new content goes to a temporary file in the same directory (so rename(2) is atomic),
 * is fsynced, checked against the sent checksum, given owner and mode, and renamed over the
 * file; then the directory is fsynced. A writer killed at any point leaves the old or the new
 * file, never a mix; a leftover temporary file is removed by the next writer (it holds the lock,
 * so no temporary file of this path can be in use).
 */
export const COMMIT_SCRIPT = `${PROLOGUE}
expect=$4 action=$5 want=$6 mode=$7 owner=$8 attrs=$9 mkdir=\${10}
shift 10 # what is left is the check's argv; the temporary file is appended to it
if [ ! -d "$d" ] && [ "$action" = write ] && [ "$mkdir" = mkdir ]; then (umask 022 && mkdir -p -- "$d") || exit 1; fi
[ -d "$d" ] || ${NO_DIRECTORY}
if [ -e "$f" ]; then cur=$(sha256sum < "$f") || exit 1; cur=\${cur%% *}; else cur=absent; fi
if [ "$cur" != "$expect" ]; then echo "phoenix: $f changed since it was read" >&2; exit ${EXIT.changed}; fi
rm -f -- "$d/.$b.phoenix-"*
if [ "$action" = remove ]; then
  rm -f -- "$f" || exit 1
  sync -- "$d" 2>/dev/null
  echo removed; exit 0
fi
umask 077
t="$d/.$b.phoenix-$$"
trap 'rm -f -- "$t"' EXIT
trap 'exit 129' HUP INT TERM PIPE
dd of="$t" bs=65536 conv=fsync status=none || exit 1
h=$(sha256sum < "$t") || exit 1
[ "\${h%% *}" = "$want" ] || { echo "phoenix: the data received for $f is incomplete; nothing was changed" >&2; exit ${EXIT.shortWrite}; }
if [ "$cur" != absent ]; then owner=$(stat -c '%u:%g' -- "$f") && mode=$(stat -c '%a' -- "$f") || exit 1; fi
if [ "$attrs" = keep ]; then chown -- "$owner" "$t" && chmod -- "$mode" "$t" || exit 1
else chown -- "$owner" "$t" 2>/dev/null; chmod -- "$mode" "$t" 2>/dev/null; fi
if [ $# -gt 0 ]; then "$@" "$t" >&2 || { echo "phoenix: the new $f failed the check ($1); the old file is kept" >&2; exit ${EXIT.verifyFailed}; }; fi
mv -f -T -- "$t" "$f" || exit 1
sync -- "$d" 2>/dev/null
h=$(sha256sum < "$f") || exit 1
printf 'written %s\\n' "\${h%% *}"
`;

/** What READ_SCRIPT reported. */
export type FileRead =
  | { readonly exists: false }
  | { readonly exists: true; readonly sha256: string; readonly owner: string; readonly mode: string; readonly content: string };

/** Parses READ_SCRIPT output (exit 0). Throws on anything else, without echoing the content. */
export function parseRead(stdout: string): FileRead {
  if (stdout === "absent\n") return { exists: false };
  const newline = stdout.indexOf("\n");
  const header = /^present ([0-9a-f]{64}) (\d+:\d+) ([0-7]{1,4})$/.exec(newline < 0 ? "" : stdout.slice(0, newline));
  if (!header) throw new Error("unexpected answer from the file read script");
  return { exists: true, sha256: header[1], owner: header[2], mode: header[3], content: stdout.slice(newline + 1) };
}

/** Parses COMMIT_SCRIPT output (exit 0): the checksum of the file now on disk, or null if removed. */
export function parseCommit(stdout: string): { readonly sha256: string | null } {
  if (stdout === "removed\n") return { sha256: null };
  const m = /^written ([0-9a-f]{64})\n$/.exec(stdout);
  if (!m) throw new Error("unexpected answer from the file write script");
  return { sha256: m[1] };
}
