// A plan is an ordered list of steps; each step is one exact command with a human reason.
// Planners return plans, they never run them: preview prints them, apply runs them.
import { argvToShell } from "../ssh/quote";
import { describeFileChange, renderFileEdit, type FileEdit } from "../ssh/host-file-plan";

/** One host command and why it is needed. */
export interface Step {
  /** What the step achieves, e.g. `set compression=lz4 on quickOS/vm-disks`. */
  readonly description: string;
  /** The argv of the command; quoted by the SSH layer, never concatenated. */
  readonly argv: readonly string[];
  /** Text piped to the command's stdin (for file contents); never logged. */
  readonly stdin?: string;
  /** True when the step can lose data; such steps only appear in plans the config allowed. */
  readonly destructive?: boolean;
  /**
   * A host file edit: run through editHostFile (lock, read, change, atomic write, verify)
   * instead of argv, which is then empty.
   */
  readonly fileEdit?: FileEdit;
  /**
   * Steps with the same key run one at a time on a host, across all resources of the run (e.g.
   * `lxc-source:900`: PVE locks a clone's source for the whole copy, so parallel clones of one
   * source would fail with "CT is locked (disk)").
   */
  readonly serialize?: string;
  /**
   * Secret values on stdin that the command may echo when it fails (chpasswd quotes a bad line):
   * replaced by `[secret]` in the failure's message.
   */
  readonly redact?: readonly string[];
  /**
   * A long-running script: its output lines are reported as they arrive, and a failure says
   * only the exit code and the last lines of its output (not the whole command and output).
   */
  readonly script?: { readonly label: string; readonly channelLimitMs: number };
}

/** Builds a step from argv. */
export function step(description: string, argv: readonly string[], extra: Pick<Step, "stdin" | "destructive" | "serialize" | "redact" | "script"> = {}): Step {
  return { description, argv: [...argv], ...extra };
}

/** A step that edits a host file; the description is followed by the changed lines (unless secret). */
export function fileEditStep(description: string, edit: FileEdit): Step {
  const lines = describeFileChange(edit);
  return { description: lines === "" ? description : `${description}\n${lines}`, argv: [], fileEdit: edit };
}

/** The exact shell text a step runs (for a file edit, what it writes), for previews and error messages. */
export function renderStep(s: Step): string {
  return s.fileEdit ? renderFileEdit(s.fileEdit) : argvToShell(s.argv);
}

/** Renders a plan as numbered lines for preview output. */
export function renderPlan(steps: readonly Step[]): string {
  // Continuation lines of a description (a file edit's changed lines) stay under their step.
  return steps.map((s, i) => `  ${i + 1}. ${renderStep(s)}    # ${s.description.replace(/\n/g, "\n       ")}`).join("\n");
}

/**
 * A plan of one step without continuation lines, as the tail of its report's first line
 * (`: zfs create …    # why`); undefined otherwise. Half of a first `up`'s plans are one
 * command, and a line each is what keeps that output within a couple of screens.
 */
export function oneLine(steps: readonly Step[]): string | undefined {
  if (steps.length !== 1 || steps[0].description.includes("\n")) return undefined;
  return `: ${renderStep(steps[0])}    # ${steps[0].description}`;
}
