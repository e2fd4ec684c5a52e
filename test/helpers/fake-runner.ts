// A Runner that replays a transcript: each expected command with its canned result, in order.
// An unexpected or extra command fails the test, so provider tests pin the exact commands.
import type { CommandResult, Runner, RunOptions } from "../../providers/core/runner";

export interface Exchange {
  readonly command: string;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly code?: number;
}

export class FakeRunner implements Runner {
  readonly host = "fake-host";
  readonly seen: { command: string; stdin?: string }[] = [];
  private readonly queue: Exchange[];

  constructor(transcript: Exchange[]) {
    this.queue = [...transcript];
  }

  async run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    this.seen.push({ command, ...(options.stdin === undefined ? {} : { stdin: options.stdin }) });
    const next = this.queue.shift();
    if (next === undefined) throw new Error(`unexpected extra command: ${command}`);
    if (next.command !== command) throw new Error(`expected command:\n  ${next.command}\ngot:\n  ${command}`);
    return { code: next.code ?? 0, stdout: next.stdout ?? "", stderr: next.stderr ?? "" };
  }

  /** Fails when some expected commands never ran. */
  assertDone(): void {
    if (this.queue.length > 0) throw new Error(`commands never run: ${this.queue.map((e) => e.command).join(" | ")}`);
  }
}
