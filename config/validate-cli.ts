// `npm run validate -- [--feature-dir D]... [--application-dir D]... <hypervisor.json> <lxc.json>`:
// checks both config files (and that every feature and application script exists) and prints one
// line per problem plus a summary. Exit 0 = valid (warnings allowed), 1 = errors, 2 = usage.
// It must never die with a stack trace, whatever bytes it is fed: every failure path ends in
// a one-line message and an exit code.
import { formatProblems, loadConfigPair, type LoadResult } from "./load";

const USAGE = "usage: npm run validate -- [--feature-dir DIR]... [--application-dir DIR]... <phoenix_hypervisor_config.json> <phoenix_lxc_configs.json>";

/** Process exit codes of the validator. */
export const EXIT = { valid: 0, invalid: 1, usage: 2 } as const;

function summarize(result: LoadResult): string {
  const errors = result.ok ? 0 : result.errors.length;
  const counts = `${errors} ${errors === 1 ? "error" : "errors"}, ${result.warnings.length} ${result.warnings.length === 1 ? "warning" : "warnings"}`;
  return result.ok ? `OK: configuration is valid (${counts})` : `FAILED: configuration is invalid (${counts})`;
}

/** Runs the validator on command-line arguments; returns the exit code, prints to `out`/`err`. */
export function runValidate(args: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) {
    out(USAGE);
    return EXIT.valid;
  }
  const dirs: Record<string, string[]> = { "--feature-dir": [], "--application-dir": [] };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const list = dirs[args[i]];
    if (list !== undefined && i + 1 < args.length && args[i + 1] !== "") list.push(args[++i]);
    else files.push(args[i]);
  }
  if (files.length !== 2 || files.some((a) => a === "" || a.startsWith("-"))) {
    err(files.length === 2 ? `unexpected option or empty argument\n${USAGE}` : `expected 2 file arguments, got ${files.length}\n${USAGE}`);
    return EXIT.usage;
  }
  const result = loadConfigPair(files[0], files[1], { extraFeatureDirs: dirs["--feature-dir"], extraApplicationDirs: dirs["--application-dir"] });
  const problems = result.ok ? result.warnings : [...result.warnings, ...result.errors];
  if (problems.length > 0) out(formatProblems(problems));
  out(summarize(result));
  return result.ok ? EXIT.valid : EXIT.invalid;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0].slice(0, 300);
}

// Last line of defence: a bug in the validator must still not print a stack trace.
function main(): void {
  process.on("uncaughtException", (error) => {
    process.stderr.write(`validate: internal error: ${oneLine(error)}\n`);
    process.exit(EXIT.invalid);
  });
  // A closed pipe (`... | head`) is not worth a trace either.
  process.stdout.on("error", () => process.exit(process.exitCode ?? EXIT.valid));
  try {
    const write = (stream: NodeJS.WriteStream) => (line: string) => void stream.write(`${line}\n`);
    process.exitCode = runValidate(process.argv.slice(2), write(process.stdout), write(process.stderr));
  } catch (error) {
    process.stderr.write(`validate: internal error: ${oneLine(error)}\n`);
    process.exitCode = EXIT.invalid;
  }
}

if (require.main === module) main();
