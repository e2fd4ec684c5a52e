// `npm run phoenix -- <command> …`: Phoenix's own commands beside the Pulumi ones. Today one:
// `test <ctid>…` runs containers' checks and tests on demand (docs/decisions/0029). Like the
// validator, it never dies with a stack trace: every failure ends in a message and an exit code.
import { readFileSync } from "node:fs";
import { PROJECT_DIR } from "../config/project-dir";
import { closeAllSessions, getSession } from "../providers/ssh/pool";
import { parseArgs, USAGE } from "./args";
import { EXIT, runTestCommand } from "./test-command";

/** Runs the CLI on its arguments; returns the exit code. */
export async function runPhoenix(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === "help") {
    out(USAGE);
    return EXIT.passed;
  }
  if (args.command === "error") {
    err(`${args.message}\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await runTestCommand(args, {
      projectDir: PROJECT_DIR,
      readFile: (file) => readFileSync(file, "utf8"),
      connect: getSession,
      agentSocket: process.env.SSH_AUTH_SOCK,
      out,
      err,
    });
  } finally {
    await closeAllSessions();
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0].slice(0, 300);
}

function main(): void {
  process.on("uncaughtException", (error) => {
    process.stderr.write(`phoenix: internal error: ${oneLine(error)}\n`);
    process.exit(EXIT.failed);
  });
  process.stdout.on("error", () => process.exit(process.exitCode ?? EXIT.passed));
  const write = (stream: NodeJS.WriteStream) => (line: string) => void stream.write(`${line}\n`);
  // Idle SSH sockets are unreferenced (pool.ts), so while closing them nothing else would keep
  // the process alive: it would exit with code 0 before the verdict is set.
  const keepAlive = setInterval(() => undefined, 60_000);
  runPhoenix(process.argv.slice(2), write(process.stdout), write(process.stderr))
    .then(
      (code) => (process.exitCode = code),
      (error: unknown) => {
        process.stderr.write(`phoenix: internal error: ${oneLine(error)}\n`);
        process.exitCode = EXIT.failed;
      },
    )
    .finally(() => clearInterval(keepAlive));
}

if (require.main === module) main();
