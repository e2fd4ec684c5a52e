// Pure side of host file edits: a planned edit (the change plus what it would do to the last
// observed content) and how plans show it. The edit runs later through editHostFile, which
// applies the same change to the file as it is then.
import { sha256, validateHostPath, type FileChange, type HostFileOptions } from "./host-file";
import { quote } from "./quote";

/**
 * What a planner may say about a file besides its content. `checkName` names the `verify`
 * program in plans when its argv is no reading matter (an inline perl program of 300 characters).
 */
export type FileEditOptions = Pick<HostFileOptions, "mode" | "owner" | "secret" | "createDirectory" | "verify"> & { readonly checkName?: string };

/** A file edit in a plan. `before`/`after` come from the observation and are for display only. */
export interface FileEdit extends FileEditOptions {
  readonly path: string;
  readonly change: FileChange;
  readonly before: string | null;
  readonly after: string | null;
}

/** The edit `change` makes to the observed content, or undefined when it changes nothing. */
export function planFileEdit(path: string, observed: string | null, change: FileChange, opts: FileEditOptions = {}): FileEdit | undefined {
  validateHostPath(path);
  const after = change(observed);
  return after === observed ? undefined : { ...opts, path, change, before: observed, after };
}

/** One line for plans: `write /etc/modprobe.d/zfs.conf (2 lines, sha256 3f1c9a0b2d4e)` or `remove …`. */
export function renderFileEdit(edit: FileEdit): string {
  if (edit.after === null) return `remove ${quote(edit.path)}`;
  const lines = countLines(edit.after);
  const what = `${lines} line${lines === 1 ? "" : "s"}`;
  // A checksum of a short secret could be checked against guesses: not shown for secrets.
  const checked = edit.verify ? `, checked with ${edit.checkName ?? edit.verify.join(" ")}` : "";
  return `write ${quote(edit.path)} (${edit.secret ? `${what}, secret` : `${what}, sha256 ${sha256(edit.after).slice(0, 12)}`}${checked})`;
}

/**
 * The changed lines as `- old` / `+ new` (at most `max` lines, the last saying how many more), a note when the contents are secret,
 * or nothing for a file that does not exist yet: its plan line gives size and checksum and the
 * step says what it holds; listing every new file made a first `up` several screens long.
 * Added or removed blank lines are not listed: they say nothing and cost a screen line each.
 */
export function describeFileChange(edit: FileEdit, max = 3): string {
  if (edit.secret) return "(contents are secret)";
  if (edit.after === null) return `(the file is removed)`;
  if (edit.before === null) return "";
  const diff = lineDiff(splitLines(edit.before ?? ""), splitLines(edit.after)).filter((line) => line.slice(2).trim() !== "");
  if (diff.length === 0) return "(blank lines only)";
  // The "more" line counts against max: a long change costs as many lines as a short one. A
  // long run of only additions (or only removals) is a block, named by its first line (a
  // share's BEGIN marker, a GPU's first device line).
  const block = diff.every((line) => line[0] === diff[0][0]);
  const shown = diff.length <= max ? diff : diff.slice(0, block ? 1 : max - 1);
  return [...shown, ...(diff.length > shown.length ? [`… ${diff.length - shown.length} more changed lines`] : [])].join("\n");
}

function countLines(text: string): number {
  return splitLines(text).length;
}

function splitLines(text: string): string[] {
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

// Removed and added lines by longest common subsequence; config files are small. Past ~1M cells
// it falls back to "all old lines removed, all new added" rather than spend the time.
function lineDiff(a: readonly string[], b: readonly string[]): string[] {
  if (a.length * b.length > 1_000_000) return [...a.map((l) => `- ${l}`), ...b.map((l) => `+ ${l}`)];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  return out;
}
