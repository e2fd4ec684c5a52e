// The batching runner against a real local shell: every command's result must be exactly what
// running it alone gives, and concurrent commands must share round trips.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { CommandResult, Runner, RunOptions } from "../../../providers/core/runner";
import { BatchingRunner, batchScript, parseBatch } from "../../../providers/ssh/batch";
import { SshError } from "../../../providers/ssh/errors";
import { argvToShell } from "../../../providers/ssh/quote";
import { HOSTILE } from "./hostile-strings";

/** Runs command lines with sh as sshd would, keeping stdout's bytes as the SSH session does. */
class LocalShell implements Runner {
  readonly host = "local";
  readonly commands: string[] = [];
  constructor(private readonly env: NodeJS.ProcessEnv = process.env, private readonly fail?: (command: string) => Error | undefined) {}
  run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    this.commands.push(command);
    const failure = this.fail?.(command);
    if (failure) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      const child = spawn("sh", ["-c", command], { env: this.env });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (d: Buffer) => out.push(d));
      child.stderr.on("data", (d: Buffer) => err.push(d));
      child.on("error", reject);
      child.on("close", (code) => {
        const bytes = Buffer.concat(out);
        const result = { code: code ?? 1, stdout: bytes.toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
        resolve(Object.defineProperty(result, "stdoutBytes", { value: bytes, enumerable: false }));
      });
      child.stdin.end(options.stdin);
    });
  }
}

const COMMANDS = [
  "printf 'a\\nb\\n'",
  "printf 'no newline'",
  "printf '\\n\\n\\n'",
  "printf out; printf err >&2; exit 3",
  "exit 0",
  "printf 'é ü 日本\\n'",
  "printf '\\377\\376 bytes that are not UTF-8 \\200'",
  "printf 'phoenix-batch 0 1 1\\n'",
  "echo 'ends in a comment' # )",
  "cat <<'EOF'\nheredoc $HOME\nEOF",
  "cat",
  ...HOSTILE.map((s) => argvToShell(["printf", "%s", s])),
];

const alone = (command: string) => new LocalShell().run(command);

describe("BatchingRunner", () => {
  it("gives each concurrent command exactly what running it alone gives, in fewer round trips", async () => {
    const shell = new LocalShell();
    const batching = new BatchingRunner(shell, { inFlight: 1, parallel: 4 });
    const batched = await Promise.all(COMMANDS.map((c) => batching.run(c)));
    const expected = await Promise.all(COMMANDS.map(alone));
    expect(batched).toEqual(expected);
    expect(shell.commands.length).toBeLessThan(COMMANDS.length);
    expect(batching.trips).toBe(shell.commands.length);
  });

  it("differs only in the shell's own diagnostics (their line numbers, a signal's note)", async () => {
    const shell = new LocalShell();
    const batching = new BatchingRunner(shell, { inFlight: 1 });
    const odd = ["nonexistent-command-phoenix", "sh -c 'kill -TERM $$'", "printf x"];
    const batched = await Promise.all(odd.map((c) => batching.run(c)));
    const expected = await Promise.all(odd.map(alone));
    expect(batched.map((r) => [r.code, r.stdout])).toEqual(expected.map((r) => [r.code, r.stdout]));
    expect(batched[0].stderr).toMatch(/nonexistent-command-phoenix: not found/);
    expect(shell.commands).toHaveLength(1);
  });

  it("sends a lone command as it is, and a command with stdin on its own", async () => {
    const shell = new LocalShell();
    const batching = new BatchingRunner(shell);
    expect(await batching.run("printf one")).toEqual({ code: 0, stdout: "one", stderr: "" });
    const [piped] = await Promise.all([batching.run("cat", { stdin: "secret\n" }), batching.run("printf two")]);
    expect(piped.stdout).toBe("secret\n");
    expect(shell.commands).toEqual(["printf one", "cat", "printf two"]);
  });

  it("never batches a command whose output is secret: batch outputs sit in files on the host", async () => {
    const shell = new LocalShell();
    const batching = new BatchingRunner(shell, { inFlight: 1 });
    await Promise.all([batching.run("printf a"), batching.run("printf hash", { secretOutput: true }), batching.run("printf c")]);
    expect(shell.commands).toContain("printf hash");
    expect(shell.commands).toHaveLength(2);
  });

  it("batches only commands with the same time limit", async () => {
    const shell = new LocalShell();
    const batching = new BatchingRunner(shell, { inFlight: 1 });
    await Promise.all([batching.run("printf a"), batching.run("printf b", { timeoutMs: 5_000 }), batching.run("printf c")]);
    expect(shell.commands).toHaveLength(2);
    expect(shell.commands).toContain("printf b");
  });

  it("runs the commands again one by one when the batch frame cannot be read (no usable temp dir)", async () => {
    const shell = new LocalShell({ ...process.env, TMPDIR: "/nonexistent/phoenix" });
    const batching = new BatchingRunner(shell, { inFlight: 1 });
    const results = await Promise.all(["printf x", "printf y; exit 2"].map((c) => batching.run(c)));
    expect(results).toEqual([
      { code: 0, stdout: "x", stderr: "" },
      { code: 2, stdout: "y", stderr: "" },
    ]);
    expect(shell.commands.slice(1)).toEqual(["printf x", "printf y; exit 2"]);
  });

  it("fails every command of a batch whose transport failed, naming each caller's own command", async () => {
    const shell = new LocalShell(process.env, (c) => (c.startsWith("d=") ? new SshError("timeout", "local", "command timed out after 10 ms and its channel was closed: d=$(mktemp -d) (…)") : undefined));
    const batching = new BatchingRunner(shell, { inFlight: 1 });
    const errors = await Promise.all(["printf p", "printf q"].map((c) => batching.run(c).catch((e: unknown) => e)));
    for (const [i, err] of errors.entries()) {
      expect(err).toBeInstanceOf(SshError);
      expect((err as SshError).kind).toBe("timeout");
      expect((err as SshError).message).toContain(["printf p", "printf q"][i]);
      expect((err as SshError).message).not.toContain("mktemp");
    }
  });

  it("keeps at most `inFlight` round trips going and sends what queued meanwhile together", async () => {
    const shell = new LocalShell();
    const batching = new BatchingRunner(shell, { inFlight: 1 });
    const first = batching.run("sleep 0.2; printf first");
    await new Promise((r) => setTimeout(r, 50));
    const rest = Promise.all(["printf 1", "printf 2", "printf 3"].map((c) => batching.run(c)));
    expect((await first).stdout).toBe("first");
    expect((await rest).map((r) => r.stdout)).toEqual(["1", "2", "3"]);
    expect(shell.commands).toHaveLength(2);
  });
});

describe("parseBatch", () => {
  it("refuses a frame that is cut short or has trailing bytes", () => {
    const frame = Buffer.from("phoenix-batch 0\n2 /tmp/tmp.x/0\n0 /tmp/tmp.x/0e\n2 total\nphoenix-batch data\nhi");
    expect(parseBatch(frame, 1)).toEqual([{ code: 0, stdout: "hi", stderr: "" }]);
    expect(parseBatch(frame.subarray(0, frame.length - 1), 1)).toBeUndefined();
    expect(parseBatch(Buffer.concat([frame, Buffer.from("x")]), 1)).toBeUndefined();
    expect(parseBatch(frame, 2)).toBeUndefined();
  });

  it("puts each command on lines of its own inside the script", () => {
    const script = batchScript(["echo a # )", "echo b"], 8);
    expect(script).toContain("(\necho a # )\n)");
  });
});
