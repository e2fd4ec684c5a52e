// `phoenix test <ctid|host>…`: stack settings → both config files validated → plan per container →
// checks run over the stack's pinned SSH connection → report. A stack or config error stops
// before anything reaches the host (exit 2); a failed check or test gives exit 1.
import * as path from "node:path";
import { defaultFeatureDirs, directoryCatalog } from "../config/features";
import { formatProblems, loadConfigPair } from "../config/load";
import type { Runner } from "../providers/core/runner";
import type { ConnectionSettings } from "../providers/ssh/settings";
import { HOST_TARGET, type TestCommand } from "./args";
import { readStackSettings, stackFilePath } from "./stack-settings";
import { planContainerTests, planHostTests, testSearchDirs } from "./test-plan";
import { allPassed, headerLines, resultLines, summaryLines, type ContainerReport } from "./test-report";
import { runChecks } from "./test-run";

export const EXIT = { passed: 0, failed: 1, usage: 2 } as const;

/** The IO the command needs, injected so it can be tested without disk or host. */
export interface TestCommandIo {
  readonly projectDir: string;
  /** Reads a workstation file as text; throws (with a code) when it cannot. */
  readonly readFile: (file: string) => string;
  /** A Runner for the stack's host (the pooled SSH session). */
  readonly connect: (settings: ConnectionSettings) => Runner;
  readonly agentSocket?: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The shipped runner for a container's health_check. */
export function healthScriptPath(projectDir: string): string {
  return path.join(projectDir, "stack", "scripts", "health-check.sh");
}

export async function runTestCommand(cmd: TestCommand, io: TestCommandIo): Promise<number> {
  const stackFile = cmd.configFile === undefined ? stackFilePath(io.projectDir, cmd.stack) : path.resolve(cmd.configFile);
  let text: string;
  try {
    text = io.readFile(stackFile);
  } catch (err) {
    io.err(`cannot read the stack file ${stackFile}: ${(err as NodeJS.ErrnoException).code ?? "read failed"}`);
    return EXIT.usage;
  }
  const read = readStackSettings(path.basename(stackFile), text, io.projectDir, io.readFile, io.agentSocket);
  if (!read.ok) {
    io.err(`${read.error}\nnothing was sent to the host`);
    return EXIT.usage;
  }
  const { settings } = read;
  const catalog = directoryCatalog(defaultFeatureDirs(settings.lxcConfig, settings.featureDirs));
  const loaded = loadConfigPair(settings.hypervisorConfig, settings.lxcConfig, { features: catalog, extraApplicationDirs: settings.applicationDirs });
  if (!loaded.ok) {
    io.err(`the configuration has errors; nothing was sent to the host:\n${formatProblems(loaded.errors)}`);
    return EXIT.usage;
  }
  const unknown = cmd.ctids.filter((id) => id !== HOST_TARGET && loaded.lxc.lxc_configs[id] === undefined);
  if (unknown.length > 0) {
    io.err(`not in ${path.basename(settings.lxcConfig)}: container ${unknown.join(", ")}; nothing was sent to the host`);
    return EXIT.usage;
  }

  const testDirs = testSearchDirs(settings.lxcConfig, settings.testDirs);
  const nvidiaVersion = loaded.hypervisor.file.nvidia_driver?.version ?? loaded.lxc.nvidia_driver_version;
  const plans = cmd.ctids.map((ctid) => ({
    ctid,
    name: ctid === HOST_TARGET ? settings.connection.host : loaded.lxc.lxc_configs[ctid].name,
    checks:
      ctid === HOST_TARGET
        ? planHostTests({ tests: loaded.hypervisor.file.tests, testDirs, testTimeoutSeconds: cmd.timeoutSeconds })
        : planContainerTests({
            ctid,
            container: loaded.lxc.lxc_configs[ctid],
            nvidiaVersion,
            testDirs,
            healthScript: healthScriptPath(io.projectDir),
            testTimeoutSeconds: cmd.timeoutSeconds,
          }),
  }));

  io.out(`phoenix test: ${path.basename(stackFile)}, host ${settings.connection.host}`);
  const runner = io.connect(settings.connection);
  const reports: ContainerReport[] = [];
  try {
    for (const { ctid, name, checks } of plans) {
      // Each line as soon as its check ends: a test script may run for minutes.
      for (const line of headerLines(ctid, name, checks.length)) io.out(line);
      const results = await runChecks(runner, checks, readScript(io), (r) => resultLines(r).forEach((line) => io.out(line)));
      reports.push({ ctid, name, results });
    }
  } catch (err) {
    io.err(`${(err as Error).message.split("\n")[0]}\nFAILED: the host could not be reached; ${reports.length === 0 ? "no test ran" : "the remaining tests did not run"}`);
    return EXIT.failed;
  }
  for (const line of summaryLines(reports)) io.out(line);
  return allPassed(reports) ? EXIT.passed : EXIT.failed;
}

function readScript(io: TestCommandIo): (file: string) => string | undefined {
  return (file) => {
    try {
      return io.readFile(file);
    } catch {
      return undefined;
    }
  };
}
