// `npm run bench [-- --scale] [--runs K]`: Phoenix against the engine floor on a lab host.
//
// For each size (15 containers, the real file; with --scale also 1 and 50): converge a fresh lab
// host, build the floor stack of the same shape (scripts/bench/floor.ts), then K paired runs of a
// no-op `preview` and a no-op `up --refresh`, Phoenix and floor alternating so machine load hits
// both alike. Reports medians (wall, CPU of the whole process tree), peak memory, ratios to the
// floor, SSH connections and commands per refresh, state size and checkpoint cost, and exits 1
// when a goal (issue: speed) is missed. Never part of `npm test`: timings are not tests.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import { labDown, labUp, PROJECT } from "../../test/helpers/lab";
import { TestStack } from "../../test/helpers/pulumi-cli";
import { floorShape, writeFloorProject } from "./floor";
import { scaledLxcFile } from "./lxc-scale";
import { summarize, timed, type Sample, type Timed } from "./measure";

const LAB = "bench";
const REAL_HV = path.join(PROJECT, "config/examples/phoenix_hypervisor_config.json");
const REAL_LXC = path.join(PROJECT, "config/examples/phoenix_lxc_configs.json");
const PASSPHRASE = "phoenix-bench";

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf("--runs") + 1] ?? 5) || 5;
const sizes = argv.includes("--scale") ? [1, 15, 50] : [15];

interface SizeReport {
  containers: number;
  resources: number;
  firstUp: Sample;
  preview: { phoenix: Sample; floor: Sample };
  refreshUp: { phoenix: Sample; floor: Sample };
  ssh: { connections: number; commands: number; kinds: number };
  stateKb: { gz: number; json: number };
  checkpointS: number;
}

function must(r: Timed, what: string): Timed {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.output.slice(-4000)}`);
  return r;
}

function consoleLines(pattern: RegExp): number {
  const file = path.join(PROJECT, ".lab", LAB, "console.log");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter((l) => pattern.test(l)).length : 0;
}

function phoenixStack(name: string, lxcPath: string, host: { host: string; privateKeyPath: string; hostKeyPath: string }) {
  const stack = new TestStack(name, { hypervisorConfig: REAL_HV, lxcConfig: lxcPath, featureDirs: "lab/features", applicationDirs: "lab/applications", host: host.host, privateKeyPath: host.privateKeyPath, hostKeyPath: host.hostKeyPath });
  const env = { ...process.env, PULUMI_BACKEND_URL: `file://${stack.dir}/state`, PULUMI_CONFIG_PASSPHRASE: "phoenix-e2e", PULUMI_CONFIG_PASSPHRASE_FILE: "", NO_COLOR: "1" };
  // `stack …` commands take --stack only.
  const flags = (args: string[]) => (args[0] === "stack" ? ["--stack", name] : ["--stack", name, "--config-file", stack.configFile, "--non-interactive"]);
  const run = (args: string[], limitS?: number) => timed(["bash", path.join(PROJECT, "scripts", "pulumi.sh"), ...args, ...flags(args)], { cwd: PROJECT, env, limitS });
  return { stack, run };
}

function floorStack(shapeSource: unknown, name: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "phoenix-floor-"));
  const shape = floorShape(shapeSource as Parameters<typeof floorShape>[0]);
  const floorEnv = writeFloorProject(dir, PROJECT, shape);
  // The floor needs no program run for refresh (its provider has no settings), so Pulumi's
  // plain `up --refresh` works there (Phoenix's wrapper runs refresh, then up: decision 0012).
  const { PULUMI_RUN_PROGRAM: _unused, ...base } = process.env;
  const env = { ...base, ...floorEnv, ...extraEnv, PULUMI_BACKEND_URL: `file://${dir}/state`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE, PULUMI_CONFIG_PASSPHRASE_FILE: "", NO_COLOR: "1" };
  const run = (args: string[], limitS?: number) => timed(["pulumi", ...args, "--stack", name, "--non-interactive"], { cwd: dir, env, limitS });
  mkdirSync(path.join(dir, "state"), { recursive: true });
  must(timed(["pulumi", "stack", "init", name, "--secrets-provider", "passphrase", "--non-interactive"], { cwd: dir, env }), "floor stack init");
  return { dir, run, resources: shape.resources.length };
}

function measureSize(containers: number): SizeReport {
  // As the demo: the real config names no runfile checksum, so the driver is there already.
  const lab = labUp(LAB, ["--memory", "1024G", "--gpus", "2", "--nvidia-driver", "580.76.05"]);
  const lxcPath = containers === 15 ? REAL_LXC : path.join(mkdtempSync(path.join(tmpdir(), "phoenix-bench-lxc-")), "phoenix_lxc_configs.json");
  if (containers !== 15) writeFileSync(lxcPath, JSON.stringify(scaledLxcFile(REAL_LXC, containers), null, 2));
  const phoenix = phoenixStack(`bench-${containers}`, lxcPath, lab);
  const firstUp = must(phoenix.run(["up", "--yes", "--skip-preview", "--suppress-progress"], 3600), "first up");
  must(phoenix.run(["up", "--yes", "--expect-no-changes"]), "second up");
  const exported = JSON.parse(must(phoenix.run(["stack", "export"]), "stack export").stdout);

  const floor = floorStack(exported, "floor");
  must(floor.run(["up", "--yes", "--skip-preview"]), "floor first up");
  // Checkpoint cost: the same first up of a second floor stack, with checkpoints skipped.
  const noCheckpoints = floorStack(exported, "floor", { PULUMI_SKIP_CHECKPOINTS: "true" });
  const withCp = must(floorStack(exported, "floor").run(["up", "--yes", "--skip-preview"]), "floor up with checkpoints");
  const withoutCp = must(noCheckpoints.run(["up", "--yes", "--skip-preview"]), "floor up without checkpoints");

  const samples = { pp: [] as Sample[], fp: [] as Sample[], pr: [] as Sample[], fr: [] as Sample[] };
  for (let i = 0; i < runs; i++) {
    samples.pp.push(must(phoenix.run(["preview", "--expect-no-changes"]), "preview"));
    samples.fp.push(must(floor.run(["preview", "--expect-no-changes"]), "floor preview"));
    samples.pr.push(must(phoenix.run(["up", "--refresh", "--yes", "--skip-preview", "--expect-no-changes"]), "up --refresh"));
    samples.fr.push(must(floor.run(["up", "--refresh", "--yes", "--skip-preview", "--expect-no-changes"]), "floor up --refresh"));
  }

  // Round trips of one refresh, from the lab sshd's log (LogLevel VERBOSE).
  const sessions = /Starting session: command/;
  const accepted = /Accepted publickey/;
  const [s0, a0] = [consoleLines(sessions), consoleLines(accepted)];
  must(phoenix.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]), "refresh");
  const ssh = { commands: consoleLines(sessions) - s0, connections: consoleLines(accepted) - a0, kinds: new Set(floorShape(exported).resources.map((r) => r.kind)).size };

  const stateFile = path.join(phoenix.stack.dir, "state", ".pulumi", "stacks", "phoenix", `bench-${containers}.json.gz`);
  const stateKb = { gz: statSync(stateFile).size / 1024, json: gunzipSync(readFileSync(stateFile)).length / 1024 };
  labDown(LAB);
  return {
    containers,
    resources: floor.resources,
    firstUp,
    preview: { phoenix: summarize(samples.pp), floor: summarize(samples.fp) },
    refreshUp: { phoenix: summarize(samples.pr), floor: summarize(samples.fr) },
    ssh,
    stateKb,
    checkpointS: withCp.wall - withoutCp.wall,
  };
}

const fmt = (n: number) => n.toFixed(2);
let missed = 0;
function goal(label: string, value: number, limit: number, unit = "×"): string {
  const ok = value <= limit;
  if (!ok) missed++;
  return `| ${label} | ${fmt(value)}${unit} | ≤ ${limit}${unit} | ${ok ? "ok" : "MISSED"} |`;
}

const reports = sizes.map(measureSize);
const lines: string[] = [];
for (const r of reports) {
  lines.push(`\n### ${r.containers} container(s), ${r.resources} resources (medians of ${runs} paired runs)\n`);
  lines.push("| run | Phoenix wall / CPU | floor wall / CPU | ratio wall / CPU | peak RSS Phoenix / floor |", "|---|---|---|---|---|");
  for (const [name, pair] of [["preview (no-op)", r.preview], ["up --refresh (no-op)", r.refreshUp]] as const) {
    lines.push(`| ${name} | ${fmt(pair.phoenix.wall)} s / ${fmt(pair.phoenix.cpu)} s | ${fmt(pair.floor.wall)} s / ${fmt(pair.floor.cpu)} s | ${fmt(pair.phoenix.wall / pair.floor.wall)} / ${fmt(pair.phoenix.cpu / pair.floor.cpu)} | ${Math.round(pair.phoenix.rssMb)} / ${Math.round(pair.floor.rssMb)} MB |`);
  }
  lines.push(`\nfirst up: ${fmt(r.firstUp.wall)} s wall, ${fmt(r.firstUp.cpu)} s CPU; one refresh: ${r.ssh.connections} SSH connection(s), ${r.ssh.commands} commands (${r.ssh.kinds} kinds); state ${fmt(r.stateKb.gz)} KB gzipped, ${fmt(r.stateKb.json)} KB JSON (${fmt(r.stateKb.json / r.resources)} KB per resource); checkpoints ${fmt(r.checkpointS)} s of a first up\n`);
  lines.push("| goal | value | limit | |", "|---|---|---|---|");
  lines.push(goal("preview / floor (wall)", r.preview.phoenix.wall / r.preview.floor.wall, 1.2));
  lines.push(goal("up --refresh / floor (wall)", r.refreshUp.phoenix.wall / r.refreshUp.floor.wall, 1.3));
  lines.push(goal("up --refresh / floor (CPU)", r.refreshUp.phoenix.cpu / r.refreshUp.floor.cpu, 1.3));
  lines.push(goal("SSH connections per refresh", r.ssh.connections, 1, ""));
  lines.push(goal("SSH commands per refresh / kinds", r.ssh.commands / r.ssh.kinds, 1));
}
const by = new Map(reports.map((r) => [r.containers, r]));
if (by.has(15) && by.has(50)) {
  lines.push("\n### Cost in containers (no-op up --refresh, wall)\n");
  for (const r of reports) lines.push(`- ${r.containers}: ${fmt(r.refreshUp.phoenix.wall)} s (floor ${fmt(r.refreshUp.floor.wall)} s)`);
  lines.push("", goal("50 containers / 15 containers", by.get(50)!.refreshUp.phoenix.wall / by.get(15)!.refreshUp.phoenix.wall, 2));
}
console.log(lines.join("\n"));
process.exitCode = missed > 0 ? 1 : 0;
