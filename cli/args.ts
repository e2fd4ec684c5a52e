// Command-line arguments of `npm run phoenix -- <command> …`. Pure: returns what to do or why not.
import { ctidProblem } from "../config/schema/names";
import { stackNameProblem } from "./stack-settings";
import { MAX_LIMIT_SECONDS as MAX_TIMEOUT_SECONDS } from "./test-plan";

export const USAGE = [
  "usage: npm run phoenix -- test <ctid|host> [<ctid|host>...] [--stack <name>] [--config-file <Pulumi stack file>] [--timeout <seconds>]",
  "  Runs each container's health check, NVIDIA driver check and test scripts against the stack's host;",
  "  `host` runs the hypervisor file's test suites (tests.<suite>[]) on the host itself.",
  "  --stack        stack whose Pulumi.<name>.yaml names the host and the config files (default: dev)",
  "  --config-file  read this stack file instead of Pulumi.<stack>.yaml",
  "  --timeout      limit per test script, in seconds (default: 600)",
  "  Exit code: 0 all passed, 1 a check or test failed, 2 usage or configuration error (nothing ran).",
].join("\n");

export const DEFAULT_STACK = "dev";
/** The target that names the host's own tests (never a CT id: those are numbers). */
export const HOST_TARGET = "host";
export const DEFAULT_TEST_TIMEOUT_SECONDS = 600;

export interface TestCommand {
  readonly command: "test";
  /** Container ids, and `host` for the host's own tests, in the order given. */
  readonly ctids: readonly string[];
  readonly stack: string;
  readonly configFile?: string;
  readonly timeoutSeconds: number;
}

export type ParsedArgs = TestCommand | { readonly command: "help" } | { readonly command: "error"; readonly message: string };

const OPTIONS = new Set(["--stack", "--config-file", "--timeout"]);

/** Parses argv after the script name (`test 950 --stack dev`); `--name=value` is accepted too. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) return { command: "error", message: "no command given" };
  if (argv.some((a) => a === "--help" || a === "-h") || argv[0] === "help") return { command: "help" };
  const [command, ...rest] = argv;
  if (command !== "test") return { command: "error", message: `unknown command "${command}" (known: test)` };
  const ctids: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--") continue;
    if (arg.startsWith("-")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg : arg.slice(0, eq);
      if (!OPTIONS.has(name)) return { command: "error", message: `unknown option ${name}` };
      if (options.has(name)) return { command: "error", message: `${name} given twice` };
      const value = eq === -1 ? rest[++i] : arg.slice(eq + 1);
      if (value === undefined || value === "" || (eq === -1 && value.startsWith("-"))) return { command: "error", message: `${name} needs a value` };
      options.set(name, value);
      continue;
    }
    const problem = arg === HOST_TARGET ? undefined : ctidProblem(arg);
    if (problem !== undefined) return { command: "error", message: problem };
    if (!ctids.includes(arg)) ctids.push(arg);
  }
  if (ctids.length === 0) return { command: "error", message: `name at least one container id, or ${HOST_TARGET}` };
  const stack = options.get("--stack") ?? DEFAULT_STACK;
  const stackProblem = stackNameProblem(stack);
  if (stackProblem !== undefined) return { command: "error", message: stackProblem };
  const timeout = options.get("--timeout");
  const timeoutSeconds = timeout === undefined ? DEFAULT_TEST_TIMEOUT_SECONDS : Number(timeout);
  if (!/^\d+$/.test(timeout ?? "1") || !(timeoutSeconds >= 1 && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
    return { command: "error", message: `--timeout must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}` };
  }
  const configFile = options.get("--config-file");
  return { command: "test", ctids, stack, ...(configFile === undefined ? {} : { configFile }), timeoutSeconds };
}
