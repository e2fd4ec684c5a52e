// Runs a plan in order and stops at the first failing step.
import { CommandError } from "../ssh/errors";
import type { Runner, CommandResult, RunOptions } from "./runner";
import { hideValues } from "./redact";
import { renderStep, type Step } from "./step";
import { argvToShell } from "../ssh/quote";
import { editHostFile } from "../ssh/host-file";
import { withKeyLock } from "../ssh/keyed-lock";

/** Runs one command line and throws CommandError on a non-zero exit. */
export async function runChecked(runner: Runner, command: string, stdin?: string): Promise<CommandResult> {
  const result = await runner.run(command, stdin === undefined ? {} : { stdin });
  if (result.code !== 0) {
    throw new CommandError({ host: runner.host, command, ...result });
  }
  return result;
}

export interface ApplyOptions {
  /** Where a script step's output lines go while it runs (the adapter reports them, redacted). */
  readonly progress?: (line: string) => void;
}

/** How many lines of a failed script's output the error keeps. */
export const FAILURE_TAIL_LINES = 20;

/** The last `max` non-empty lines of `text`. */
export function tailLines(text: string, max = FAILURE_TAIL_LINES): string[] {
  return text.split("\n").map((l) => l.replace(/\r$/, "")).filter((l) => l.trim() !== "").slice(-max);
}

/** Splits chunks into whole lines per stream, so progress shows complete lines only. */
export function lineSplitter(emit: (line: string) => void): { push(chunk: string, stream: string): void; end(): void } {
  const partial = new Map<string, string>();
  return {
    push(chunk, stream) {
      const lines = ((partial.get(stream) ?? "") + chunk).split("\n");
      partial.set(stream, lines.pop() ?? "");
      for (const line of lines) if (line.trim() !== "") emit(line.replace(/\r$/, ""));
    },
    end() {
      for (const rest of partial.values()) if (rest.trim() !== "") emit(rest);
      partial.clear();
    },
  };
}

/** How often a running script's progress row may change: apt or pip print thousands of lines. */
export const PROGRESS_INTERVAL_MS = 3000;

/**
 * Passes on the first line at once, then at most one line per interval: the latest, the lines
 * in between are dropped (a script's run record on the host keeps them all). `end` passes on a
 * held line, so a script's last words are always shown, and leaves no timer behind.
 */
export function throttledLines(emit: (line: string) => void, intervalMs = PROGRESS_INTERVAL_MS): { line(line: string): void; end(): void } {
  let held: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (held === undefined) return;
      const next = held;
      held = undefined;
      emit(next);
      open();
    }, intervalMs);
  };
  return {
    line(line) {
      if (timer !== undefined) {
        held = line;
        return;
      }
      emit(line);
      open();
    },
    end() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      if (held !== undefined) emit(held);
      held = undefined;
    },
  };
}

async function runScript(runner: Runner, s: Step, options: ApplyOptions): Promise<void> {
  const shown = throttledLines((line) => options.progress?.(`${s.script!.label}: ${line}`));
  const lines = lineSplitter((line) => shown.line(line));
  let result: CommandResult;
  try {
    result = await runner.run(renderStep(s), { ...(s.stdin === undefined ? {} : { stdin: s.stdin }), ...(options.progress ? { onOutput: (chunk: string, stream: string) => lines.push(chunk, stream) } : {}), timeoutMs: s.script!.channelLimitMs });
    lines.end();
  } finally {
    shown.end();
  }
  if (result.code === 0) return;
  const tail = tailLines(`${result.stdout}\n${result.stderr}`);
  const why = result.code === 124 || result.code === 137 ? `timed out (exit ${result.code}; the host killed it and what it started)` : `failed with exit code ${result.code}`;
  throw new Error(`${s.description}: ${why}${tail.length > 0 ? `; last lines of its output:\n${tail.map((l) => `  ${l}`).join("\n")}` : ""}`);
}

/** Runs one step's command; a failure's output has the step's secrets replaced. */
async function runStep(runner: Runner, s: Step): Promise<void> {
  try {
    await runChecked(runner, renderStep(s), s.stdin);
  } catch (err) {
    if (!(err instanceof CommandError) || !s.redact?.length) throw err;
    const hide = hideValues(s.redact);
    throw new CommandError({ host: err.host, command: hide(err.command), code: err.code, stdout: hide(err.stdout), stderr: hide(err.stderr) });
  }
}

/** Applies steps one by one; the first failure aborts the rest and is rethrown with its step. */
export async function applySteps(runner: Runner, steps: readonly Step[], options: ApplyOptions = {}): Promise<void> {
  for (const s of steps) {
    const run = async () => {
      if (s.fileEdit) await editHostFile(runner, s.fileEdit.path, s.fileEdit.change, s.fileEdit);
      else if (s.script) await runScript(runner, s, options);
      else await runStep(runner, s);
    };
    if (s.serialize === undefined) await run();
    else await withKeyLock(`${runner.host}\0step:${s.serialize}`, run);
  }
}

/** Runs a read-only argv and returns its result whatever the exit code (callers interpret it). */
export async function probe(runner: Runner, argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
  return runner.run(argvToShell(argv), options);
}

/**
 * Runs a read-only argv whose non-zero exit is an answer only when `expected` says so (e.g.
 * "no such pool"); any other failure throws CommandError.
 */
export async function probeExpecting(runner: Runner, argv: readonly string[], expected: (result: CommandResult) => boolean): Promise<CommandResult> {
  const command = argvToShell(argv);
  const result = await runner.run(command);
  if (result.code !== 0 && !expected(result)) throw new CommandError({ host: runner.host, command, ...result });
  return result;
}

/** Runs a read-only argv that must succeed and returns its stdout. */
export async function readArgv(runner: Runner, argv: readonly string[]): Promise<string> {
  return (await runChecked(runner, argvToShell(argv))).stdout;
}
