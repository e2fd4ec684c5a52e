// One fault trial: apply a config with `pulumi up` on a lab host, break the run at a chosen or
// random point, then rerun as a user would and check that the host converged and lost nothing.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { labUp, type LabConnection } from "../helpers/lab";
import { TestStack, type CliResult } from "../helpers/pulumi-cli";
import { createCommands, editConfig, NO_CONTAINERS_LXC, exampleConfig, MUTATING_PATTERN, type HvConfig, type Rng } from "./configs";
import { baselineFiles, hostProblems, lostMarkers, writeMarkers, type Marker } from "./host-checks";
import { LabFaults, sleep, type WrapperAction } from "./lab-faults";
import { recoverAndConverge, type Recovery } from "./recovery";

export const FAULT_KINDS = ["ssh-drop", "sshd-restart", "command-fail", "cli-kill"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Where in the run the fault hits: while the nth mutating command runs, or some time after the first one started. */
export type Trigger = { at: "command"; nth: number } | { at: "time"; afterFirstMs: number };

export interface TrialPlan {
  readonly index: number;
  readonly kind: FaultKind;
  readonly phase: "create" | "update";
  readonly edits: string[];
  readonly cfg: HvConfig;
  readonly trigger: Trigger;
  /** How the fault is made: the drop method, or the wrapper's failure mode. */
  readonly method: string;
}

export interface TrialResult {
  readonly plan: TrialPlan;
  /** The fault actually hit the run (a trigger past the run's last command does not). */
  readonly fired: boolean;
  /** What the broken run did: its exit, and the command the fault hit. */
  readonly faultRun: string;
  readonly recovery: Recovery;
  readonly lostMarkers: string[];
  readonly hostProblems: string[];
  readonly converged: boolean;
  /** Files holding every CLI output of the trial. */
  readonly logDir: string;
}

/** A lab host with one stack and the markers written into its datasets so far. */
export class FaultHost {
  stack!: TestStack;
  cfg!: HvConfig;
  markers: Marker[] = [];
  private baseline = new Set<string>();
  private epoch = 0;
  faults!: LabFaults;
  private lab!: LabConnection;

  constructor(readonly labName: string, readonly workDir: string) {}

  /** A pristine host and a new, empty stack: the next `up` creates everything. */
  fresh(): void {
    this.epoch++;
    this.lab = retryOnce(() => labUp(this.labName, ["--memory", "128G"]));
    this.faults = new LabFaults(this.lab);
    this.faults.installWrappers();
    this.baseline = baselineFiles(this.labName);
    this.stack = new TestStack(`${this.labName}-e${this.epoch}`, this.stackConfig(path.join(this.workDir, "none.json")));
    this.markers = [];
  }

  stackConfig(hypervisorConfig: string): Record<string, string> {
    return {
      hypervisorConfig,
      lxcConfig: NO_CONTAINERS_LXC,
      host: this.lab.host,
      port: String(this.lab.port),
      user: this.lab.user,
      privateKeyPath: this.lab.privateKeyPath,
      hostKeyPath: this.lab.hostKeyPath,
    };
  }

  useConfig(cfg: HvConfig, name: string): void {
    const file = path.join(this.workDir, `${name}.json`);
    writeFileSync(file, JSON.stringify(cfg, null, 2));
    this.stack.writeConfig(this.stackConfig(file));
    this.cfg = cfg;
  }

  problems(): { lost: string[]; host: string[] } {
    return { lost: lostMarkers(this.labName, this.markers), host: hostProblems(this.labName, this.cfg, this.baseline) };
  }

  addMarkers(tag: string): void {
    this.markers.push(...writeMarkers(this.labName, tag));
  }
}

/** Draws the next trial: a create on a fresh host, or 1–3 edits of the config the host converged to. */
export function planTrial(rng: Rng, index: number, previous: HvConfig | undefined, kinds: readonly FaultKind[] = FAULT_KINDS, triggers: "command" | "any" = "any"): TrialPlan {
  // Kinds take turns, so every kind is tried as often as the others.
  const kind = kinds[index % kinds.length];
  const phase = previous === undefined || rng.next() < 0.25 ? "create" : "update";
  const cfg: HvConfig = phase === "create" ? exampleConfig() : structuredClone(previous!);
  const edits = phase === "create" ? [] : editConfig(cfg, rng, index);
  const commands = phase === "create" ? createCommands(cfg) : editCommandCount(edits);
  // An update runs 1–4 mutating commands in well under a second: a later fault would miss it.
  const window = phase === "create" ? 3000 : 500;
  const trigger: Trigger = kind === "command-fail" || triggers === "command" || rng.next() < 0.5 ? { at: "command", nth: rng.int(1, commands) } : { at: "time", afterFirstMs: rng.int(0, window) };
  const method =
    kind === "ssh-drop" ? rng.pick(["kill-sshd-session", "tcp-reset"]) : kind === "command-fail" ? rng.pick(["fail-before", "fail-after"]) : kind === "sshd-restart" ? "sigkill-all-sshd" : "sigkill-cli";
  return { index, kind, phase, edits: edits.map((e) => e.describe), cfg, trigger, method };
}

// A lab host that fails to start once (seen under heavy load: "the instance exited during startup") gets a second try.
function retryOnce<T>(f: () => T): T {
  try {
    return f();
  } catch {
    return f();
  }
}

function editCommandCount(edits: { mutatingCommands: number }[]): number {
  return edits.reduce((n, e) => n + e.mutatingCommands, 0);
}

export function describeTrigger(t: Trigger): string {
  return t.at === "command" ? `mutating cmd #${t.nth}` : `${t.afterFirstMs} ms after 1st mutating cmd`;
}

export async function runTrial(host: FaultHost, plan: TrialPlan, logRoot: string): Promise<TrialResult> {
  const logDir = path.join(logRoot, `trial-${String(plan.index).padStart(2, "0")}`);
  mkdirSync(logDir, { recursive: true });
  const save = (name: string, r: CliResult) => writeFileSync(path.join(logDir, `${name}.log`), `exit ${r.code}\n${r.output}`);
  if (plan.phase === "create") host.fresh();
  host.useConfig(plan.cfg, `trial-${plan.index}`);

  const faults = host.faults;
  const action: WrapperAction = plan.kind === "command-fail" ? (plan.method as WrapperAction) : plan.trigger.at === "command" ? "hold" : "fail-before";
  // A time trigger only watches: nth is out of reach, the log shows when the first mutation ran.
  faults.arm({ pattern: MUTATING_PATTERN, nth: plan.trigger.at === "command" ? plan.trigger.nth : 1_000_000, action });
  // No preview: the fault belongs in the update; the rerun below keeps its preview.
  const running = host.stack.start(["up", "--yes", "--skip-preview"]);
  let exited = false;
  void running.result.then(() => (exited = true));

  let hit: string | undefined;
  const orphans: number[] = [];
  if (plan.kind !== "command-fail") {
    hit = await waitForTrigger(faults, plan.trigger, () => exited);
    if (hit !== undefined) await inject(host, plan, running.child.pid!, orphans);
    faults.release();
  }
  const faultRun = await finish(running);
  const leftBehind = await endOrphans(orphans);
  faults.disarm();
  const log = faults.log();
  writeFileSync(path.join(logDir, "wrapped-commands.log"), `${log.join("\n")}\n`);
  save("0-faulted-up", faultRun);
  if (plan.kind === "command-fail") hit = log.find((l) => !l.startsWith("-\t"))?.split("\t")[1];

  const recovery = await recoverAndConverge(host.stack, (name, r) => save(name, r));
  const { lost, host: problems } = host.problems();
  host.addMarkers(`t${plan.index}`);
  return {
    plan,
    fired: hit !== undefined,
    faultRun: `${faultRun.signal ?? `exit ${faultRun.code}`}${hit ? ` at \`${hit}\`` : ""}${leftBehind > 0 ? `, ${leftBehind} plugin processes outlived the CLI` : ""}`,
    recovery,
    lostMarkers: lost,
    hostProblems: problems,
    converged: recovery.converged && problems.length === 0,
    logDir,
  };
}

/** Resolves with the held (or first) mutating command once the trigger is reached; undefined if the run ended first. */
async function waitForTrigger(faults: LabFaults, trigger: Trigger, exited: () => boolean): Promise<string | undefined> {
  for (;;) {
    if (exited()) return undefined;
    if (trigger.at === "command") {
      const held = faults.held();
      if (held !== undefined) return held;
    } else {
      const first = faults.log().find((l) => MUTATING.test(l.split("\t")[1] ?? ""));
      if (first !== undefined) {
        await sleep(trigger.afterFirstMs);
        return exited() ? undefined : `${first.split("\t")[1]} (+${trigger.afterFirstMs} ms)`;
      }
    }
    await sleep(50);
  }
}

const MUTATING = new RegExp(MUTATING_PATTERN);

async function inject(host: FaultHost, plan: TrialPlan, cliPid: number, orphans: number[]): Promise<void> {
  const f = host.faults;
  switch (plan.kind) {
    case "ssh-drop":
      if (plan.method === "tcp-reset") f.cutTcp();
      else f.killSshSessions();
      break;
    case "sshd-restart":
      await f.restartSshd();
      break;
    case "cli-kill":
      // Pulumi starts its plugins in their own process groups: list them before the CLI dies.
      orphans.push(...descendants(cliPid));
      process.kill(cliPid, "SIGKILL");
      break;
    case "command-fail":
      break;
  }
  // Let the client notice before the held command goes on.
  await sleep(300);
}

/** Waits for the faulted run; ends the plugins a killed CLI leaves behind (its process group). */
async function finish(running: ReturnType<TestStack["start"]>): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  const timeout = sleep(300_000).then(() => undefined);
  const result = await Promise.race([running.result, timeout]);
  const pgid = running.child.pid!;
  // Orphaned plugins get a moment to notice the engine is gone, then the group is ended.
  for (let i = 0; i < 100 && groupAlive(pgid); i++) await sleep(100);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  if (result === undefined) return { code: 124, signal: null, stdout: "", stderr: "timed out after 300 s", output: "timed out after 300 s" };
  return result;
}

/** Every process below `pid` (host pids), from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
}

/**
 * A SIGKILLed CLI leaves its language host and provider plugins running (seen: a provider
 * spinning a core for 20 minutes). They get 5 s to notice, then are killed as a user would;
 * returns how many were still there.
 */
async function endOrphans(pids: number[]): Promise<number> {
  const alive = () => pids.filter((p) => {
    try {
      return !readFileSync(`/proc/${p}/stat`, "utf8").includes(") Z ");
    } catch {
      return false;
    }
  });
  for (let i = 0; i < 50 && alive().length > 0; i++) await sleep(100);
  const left = alive();
  for (const p of left) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  return left.length;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
