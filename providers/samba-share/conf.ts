// Pure smb.conf editing: each share is one block between a BEGIN and an END comment line.
// Everything outside the blocks (Debian's [global], hand-written shares, comments, the file's
// own spacing) is kept byte for byte.
import type { SambaShareInputs } from "./schema";

const begin = (name: string) => `# BEGIN Phoenix SambaShare "${name}" (managed: edits inside are reverted)`;
const end = (name: string) => `# END Phoenix SambaShare "${name}"`;
const BLOCK_BEGIN = /^# BEGIN Phoenix SambaShare "(.*)" \(/;
const BLOCK_END = /^# END Phoenix SambaShare "(.*)"$/;
const SECTION = /^\s*\[([^\]]*)\]\s*$/;

const yesNo = (b: boolean) => (b ? "yes" : "no");

/** The block for these inputs, ending in a newline. */
export function shareBlock(s: SambaShareInputs): string {
  const lines = [
    begin(s.name),
    `[${s.name}]`,
    `   path = ${s.path}`,
    `   valid users = ${s.validUsers.join(", ")}`,
    `   browseable = ${yesNo(s.browsable)}`,
    `   read only = ${yesNo(s.readOnly)}`,
    `   guest ok = ${yesNo(s.guestOk)}`,
    `   create mask = ${s.dirMode}`,
    `   directory mask = ${s.dirMode}`,
    `   force create mode = ${s.dirMode}`,
    `   force directory mode = ${s.dirMode}`,
    end(s.name),
  ];
  return `${lines.join("\n")}\n`;
}

interface Located {
  /** Line index of BEGIN and END (inclusive), or a problem. */
  readonly start?: number;
  readonly end?: number;
  readonly problem?: string;
}

function lines(conf: string): string[] {
  return conf.split("\n");
}

/** Where this share's block is in the file's lines (none, found, or broken). */
function locate(all: readonly string[], name: string): Located {
  const starts = all.flatMap((l, i) => (BLOCK_BEGIN.exec(l)?.[1] === name ? [i] : []));
  if (starts.length === 0) return {};
  if (starts.length > 1) return { problem: `smb.conf holds ${starts.length} Phoenix blocks for share "${name}"; keep one (edit the file by hand)` };
  const start = starts[0];
  const close = all.findIndex((l, i) => i > start && (BLOCK_END.test(l) || BLOCK_BEGIN.test(l)));
  if (close < 0 || BLOCK_END.exec(all[close])?.[1] !== name) return { problem: `the Phoenix block of share "${name}" in smb.conf has no END line; restore it or remove the block by hand` };
  return { start, end: close };
}

/** This share's block as it is in the file, or null. Throws nothing: a broken block reads as null. */
export function blockOf(conf: string | null, name: string): string | null {
  if (conf === null) return null;
  const all = lines(conf);
  const at = locate(all, name);
  if (at.start === undefined || at.end === undefined) return null;
  return `${all.slice(at.start, at.end + 1).join("\n")}\n`;
}

/** Why this share cannot be written into the file, or null. Samba matches section names case-insensitively and merges duplicates. */
export function conflictIn(conf: string | null, name: string): string | null {
  if (conf === null) return null;
  const all = lines(conf);
  const at = locate(all, name);
  if (at.problem) return at.problem;
  let inside = false;
  for (const line of all) {
    if (BLOCK_BEGIN.test(line)) inside = true;
    else if (BLOCK_END.test(line)) inside = false;
    else if (!inside && SECTION.exec(line)?.[1].trim().toLowerCase() === name.toLowerCase()) {
      return `smb.conf already has a hand-written section [${SECTION.exec(line)![1].trim()}]; Samba would merge it with Phoenix's share "${name}". Remove or rename it (or drop the share from the config)`;
    }
  }
  return null;
}

/**
 * The file with this share's block replaced, appended (after one blank line) or, for a null
 * block, removed with the blank line before it. A file without a final newline gets one before
 * an appended block.
 */
export function withBlock(conf: string | null, name: string, block: string | null): string | null {
  const current = conf ?? "";
  const all = lines(current);
  const at = locate(all, name);
  if (at.problem) throw new Error(at.problem);
  if (at.start === undefined || at.end === undefined) {
    if (block === null) return conf;
    const base = current === "" ? "" : current.endsWith("\n") ? `${current}\n` : `${current}\n\n`;
    return `${base}${block}`;
  }
  const from = block === null && at.start > 0 && all[at.start - 1] === "" ? at.start - 1 : at.start;
  const replacement = block === null ? [] : lines(block.replace(/\n$/, ""));
  const next = [...all.slice(0, from), ...replacement, ...all.slice(at.end + 1)].join("\n");
  return conf === null && next === "" ? null : next;
}
