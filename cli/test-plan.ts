// Which checks and tests `phoenix test <ctid>` runs for a container, and the exact host command
// of each. Pure: the scripts are only named here (candidate paths on the workstation, in search
// order); test-run.ts reads them and sends them over SSH on stdin.
import * as path from "node:path";
import { argvToShell } from "../providers/ssh/quote";
import type { LxcContainer } from "../config/schema/lxc";

/** The original's post-deployment test, run when `run_integration_tests` is true (A.9.2 step 13). */
export const DEFAULT_INTEGRATION_SCRIPT = "run_vllm_integration_tests.sh";
/** Health check defaults, as the original's run_health_check (A.9.8). */
export const HEALTH_DEFAULTS = { retries: 3, interval: 5 } as const;
/** Host-side limit for one health check attempt beyond its retries' sleeps, and for nvidia-smi. */
export const ATTEMPT_SECONDS = 60;
/** The longest host-side limit (a week, as for scripts); the SSH channel limit must stay below 2^31 ms. */
export const MAX_LIMIT_SECONDS = 7 * 24 * 3600;
/** `timeout -k`: how long after the TERM a stuck process gets a KILL. */
const KILL_AFTER_SECONDS = 10;

/** A file on the workstation whose text becomes the command's stdin; the first candidate that exists. */
export interface ScriptSource {
  readonly candidates: readonly string[];
  /** Shell lines sent before the script (values rendered by the quoting helper). */
  readonly prefix?: string;
  /** Read by `bash -s`: the script is sent as one `{ …; } </dev/null` group (see stdinText). */
  readonly bash: boolean;
}

/**
 * The stdin for a script. `bash -s` reads its script from stdin as it goes, so a command in the
 * script that reads stdin (`pct exec` forwards it into the container) would swallow the rest of
 * the script. Sent as one brace group, the whole script is parsed before anything runs, and its
 * commands read /dev/null.
 */
export function stdinText(source: ScriptSource, script: string): string {
  if (!source.bash) return script;
  return `${source.prefix ?? ""}{\n${script}${script.endsWith("\n") ? "" : "\n"}} </dev/null\n`;
}

export interface PlannedCheck {
  readonly kind: "health" | "nvidia" | "script";
  /** What the report calls it. */
  readonly label: string;
  /** The host command line, rendered from argv by the quoting helper. */
  readonly command: string;
  readonly timeoutSeconds: number;
  readonly stdin?: ScriptSource;
  /** nvidia: every line nvidia-smi prints must be this version. */
  readonly expectVersion?: string;
}

export interface PlanInput {
  readonly ctid: string;
  readonly container: LxcContainer;
  /** The host driver version (hypervisor `nvidia_driver.version`, else the LXC file's `nvidia_driver_version`). */
  readonly nvidiaVersion?: string;
  /** Where test scripts are looked up, in order (phoenix:testDirs, then bin/tests next to the LXC file). */
  readonly testDirs: readonly string[];
  /** The shipped health check runner (stack/scripts/health-check.sh). */
  readonly healthScript: string;
  /** Limit per test script, seconds. */
  readonly testTimeoutSeconds: number;
}

/** The checks for one container, in the order they run: health check, NVIDIA, then test scripts. */
export function planContainerTests(input: PlanInput): PlannedCheck[] {
  const { ctid, container } = input;
  const checks: PlannedCheck[] = [];
  if (container.health_check) checks.push(healthCheck(input, container.health_check));
  if (container.features?.includes("nvidia")) checks.push(nvidiaCheck(ctid, input.nvidiaVersion));
  for (const test of testScripts(container)) checks.push(scriptCheck(input, test));
  return checks;
}

function timed(seconds: number, argv: readonly string[]): string {
  return argvToShell(["timeout", "-k", String(KILL_AFTER_SECONDS), String(seconds), ...argv]);
}

function healthCheck(input: PlanInput, check: NonNullable<LxcContainer["health_check"]>): PlannedCheck {
  const retries = check.retries ?? HEALTH_DEFAULTS.retries;
  const interval = check.interval ?? HEALTH_DEFAULTS.interval;
  const timeoutSeconds = Math.min(retries * ATTEMPT_SECONDS + (retries - 1) * interval, MAX_LIMIT_SECONDS);
  // Export lines on stdin, each rendered by the quoting helper: no config value in the host-side
  // argv (timeout, pct exec), as for ContainerScript (decision 0027). The check itself of course
  // shows in the container's process list while it runs.
  const env = { PHOENIX_CHECK_COMMAND: check.command, PHOENIX_CHECK_RETRIES: String(retries), PHOENIX_CHECK_INTERVAL: String(interval) };
  const prefix = Object.entries(env).map(([name, value]) => `${argvToShell(["export", `${name}=${value}`])}\n`).join("");
  return {
    kind: "health",
    label: `health check \`${check.command}\``,
    command: timed(timeoutSeconds, ["pct", "exec", input.ctid, "--", "bash", "-s"]),
    timeoutSeconds,
    stdin: { candidates: [input.healthScript], prefix, bash: true },
  };
}

function nvidiaCheck(ctid: string, version: string | undefined): PlannedCheck {
  return {
    kind: "nvidia",
    label: `NVIDIA driver in the container is ${version ?? "(no version in the config)"}`,
    command: timed(ATTEMPT_SECONDS, ["pct", "exec", ctid, "--", "nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"]),
    timeoutSeconds: ATTEMPT_SECONDS,
    ...(version === undefined ? {} : { expectVersion: version }),
  };
}

/** A test script named by the config: where it is (relative to a test dir) and what it is called. */
export interface TestScript {
  readonly name: string;
  readonly path: string;
}

/**
 * The container's test scripts, each once, in config order: `integration_tests.script` (or, with
 * `run_integration_tests: true` and no script named, the original's hard-coded one), then every
 * `tests.<suite>[]` entry, then the `vllm[]` list some revisions carry.
 */
export function testScripts(container: LxcContainer): TestScript[] {
  const integration = container.integration_tests?.script ?? (container.run_integration_tests ? DEFAULT_INTEGRATION_SCRIPT : undefined);
  return oncePerPath([
    ...(integration === undefined ? [] : [{ name: "integration tests", path: integration }]),
    ...suiteScripts(container.tests),
    ...(container.vllm ?? []).map((t) => ({ name: `vllm: ${t.name}`, path: t.path })),
  ]);
}

type Suites = Readonly<Record<string, readonly { name: string; path: string }[]>> | undefined;

/** Every `tests.<suite>[]` entry, named `<suite>: <name>`, in file order. */
function suiteScripts(tests: Suites): TestScript[] {
  return Object.entries(tests ?? {}).flatMap(([suite, list]) => list.map((t) => ({ name: `${suite}: ${t.name}`, path: t.path })));
}

/** Each path once, at its first place. */
function oncePerPath(scripts: readonly TestScript[]): TestScript[] {
  return scripts.filter((t, i) => scripts.findIndex((u) => u.path === t.path) === i);
}

// Host test scripts get the CT id as their only argument (the original's convention); a Python
// test is read by python3 from stdin the same way. The host's own tests get no argument.
function interpreter(file: string): string[] {
  return isPython(file) ? ["python3", "-"] : ["bash", "-s", "--"];
}

/** What `phoenix test host` runs: the hypervisor file's `tests.<suite>[]` scripts, on the host. */
export interface HostPlanInput {
  readonly tests: Suites;
  readonly testDirs: readonly string[];
  readonly testTimeoutSeconds: number;
}

/** The host's test scripts, each path once, in config order, run with no argument. */
export function planHostTests(input: HostPlanInput): PlannedCheck[] {
  return oncePerPath(suiteScripts(input.tests)).map((test) => scriptCheck(input, test));
}

// python3 reads the whole script before it runs it, so it needs no wrapping.
function isPython(file: string): boolean {
  return file.endsWith(".py");
}

function scriptCheck(input: Pick<PlanInput, "testDirs" | "testTimeoutSeconds"> & { ctid?: string }, test: TestScript): PlannedCheck {
  const args = input.ctid === undefined ? [] : [input.ctid];
  return {
    kind: "script",
    label: `test ${test.name} (${test.path})`,
    command: timed(input.testTimeoutSeconds, [...interpreter(test.path), ...args]),
    timeoutSeconds: input.testTimeoutSeconds,
    stdin: { candidates: candidatePaths(input.testDirs, test.path), bash: !isPython(test.path) },
  };
}

/** `file` under each directory, in order; a path that would leave its directory is not a candidate. */
export function candidatePaths(dirs: readonly string[], file: string): string[] {
  return dirs
    .map((dir) => ({ dir: path.resolve(dir), full: path.resolve(dir, file) }))
    .filter(({ dir, full }) => full.startsWith(dir + path.sep))
    .map(({ full }) => full);
}

/** Directories searched for test scripts: phoenix:testDirs first, then bin/tests next to the LXC file. */
export function testSearchDirs(lxcConfigPath: string, stackTestDirs: readonly string[]): string[] {
  return [...new Set([...stackTestDirs, path.join(path.dirname(path.resolve(lxcConfigPath)), "bin", "tests")].map((d) => path.resolve(d)))];
}
