// Runs the real pulumi CLI (the project's pinned build) against an isolated file backend.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { PROJECT } from "./lab";

/** A CLI run in progress (see TestStack.start): its process, and its result once it exits. */
export interface RunningCli {
  /** Leader of its own process group (the CLI, after scripts/pulumi.sh execs it), so its plugins can be found and ended. */
  readonly child: ChildProcess;
  readonly result: Promise<CliResult & { signal: NodeJS.Signals | null }>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for assertions on what a user would read. */
  output: string;
}

function readBackendFile(file: string): string {
  const bytes = readFileSync(file);
  return (file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("latin1");
}

/** One stack with its own backend directory and stack config file. */
export class TestStack {
  readonly dir = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-"));
  readonly configFile = path.join(this.dir, "stack.yaml");

  private salt = "";
  /** Encrypted entries (YAML lines) kept across writeConfig calls. */
  private secureLines: string[] = [];

  constructor(readonly name: string, config: Record<string, string>) {
    const init = this.run(["stack", "init", name, "--secrets-provider", "passphrase"]);
    if (init.code !== 0) throw new Error(`stack init failed:\n${init.output}`);
    // `stack init` cannot take --config-file: move the salt it wrote out of the project dir.
    const written = path.join(PROJECT, `Pulumi.${name}.yaml`);
    if (existsSync(written)) {
      this.salt = readFileSync(written, "utf8").split("\n").find((l) => l.startsWith("encryptionsalt:")) ?? "";
      rmSync(written);
    }
    this.writeConfig(config);
  }

  /** Replaces the stack config (the `phoenix:` keys). */
  writeConfig(config: Record<string, string>): void {
    const lines = Object.entries(config).map(([k, v]) => `  phoenix:${k}: ${JSON.stringify(v)}`);
    writeFileSync(this.configFile, `${this.salt}\nconfig:\n${[...lines, ...this.secureLines].join("\n")}\n`);
  }

  /** Stores a Pulumi secret (`pulumi config set --secret`, value on stdin, never on argv). */
  setSecret(key: string, value: string): void {
    const r = spawnSync("bash", [path.join(PROJECT, "scripts", "pulumi.sh"), "config", "set", "--secret", `phoenix:${key}`, "--stack", this.name, "--config-file", this.configFile, "--non-interactive"], {
      encoding: "utf8",
      input: value,
      env: this.env(),
    });
    if (r.status !== 0) throw new Error(`config set --secret ${key} failed:\n${r.stdout}\n${r.stderr}`);
    const text = readFileSync(this.configFile, "utf8").split("\n");
    const at = text.findIndex((l) => l.trim().startsWith(`phoenix:${key}:`));
    this.secureLines.push(text[at], text[at + 1]);
  }

  /** Every file the backend wrote (state, backups, history) with its text, gunzipped when stored gzipped, for scans. */
  backendFiles(): { file: string; text: string }[] {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    return walk(this.dir).map((file) => ({ file, text: readBackendFile(file) }));
  }

  /** The stack's state file as stored by the file backend (gzipped: scripts/env.sh turns that on). */
  stateText(): string {
    const base = path.join(this.dir, "state", ".pulumi", "stacks", "phoenix", `${this.name}.json`);
    return readBackendFile(existsSync(`${base}.gz`) ? `${base}.gz` : base);
  }

  private env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      ...extra,
      PULUMI_BACKEND_URL: `file://${this.dir}/state`,
      PULUMI_CONFIG_PASSPHRASE: "phoenix-e2e",
      PULUMI_CONFIG_PASSPHRASE_FILE: "",
      NO_COLOR: "1",
    };
  }

  private argv(args: string[]): string[] {
    // `stack …` takes neither flag; `cancel` takes --stack only.
    const stackArgs = args[0] === "stack" ? [] : args[0] === "cancel" ? ["--stack", this.name] : ["--stack", this.name, "--config-file", this.configFile];
    return [path.join(PROJECT, "scripts", "pulumi.sh"), ...args, ...stackArgs, "--non-interactive"];
  }

  /** Runs `pulumi <args>` for this stack (adds --stack and --config-file where they apply). */
  run(args: string[], timeoutMs = 600_000, extraEnv: NodeJS.ProcessEnv = {}): CliResult {
    const r = spawnSync("bash", this.argv(args), {
      encoding: "utf8",
      timeout: timeoutMs,
      env: this.env(extraEnv),
      maxBuffer: 256 * 1024 * 1024,
    });
    const stdout = r.stdout ?? "";
    const stderr = r.stderr ?? "";
    return { code: r.status ?? 1, stdout, stderr, output: `${stdout}\n${stderr}` };
  }

  /**
   * Starts `pulumi <args>` without waiting, in its own process group, so a test can interrupt it
   * (e.g. SIGKILL the CLI mid-`up`) and afterwards end the plugins it leaves behind.
   */
  start(args: string[]): RunningCli {
    const child = spawn("bash", this.argv(args), { env: this.env(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const result = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
      // On "exit", not "close": a plugin orphaned by a killed CLI may hold the pipes open.
      child.on("exit", (code, signal) => {
        const done = () => resolve({ code: code ?? 1, signal, stdout, stderr, output: `${stdout}\n${stderr}` });
        const grace = setTimeout(done, 2_000);
        child.on("close", () => (clearTimeout(grace), done()));
      });
    });
    return { child, result };
  }

  /** Runs and throws with the full output unless the exit code is 0. */
  ok(args: string[], timeoutMs?: number): CliResult {
    const r = this.run(args, timeoutMs);
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${r.code}):\n${r.output}`);
    return r;
  }
}
