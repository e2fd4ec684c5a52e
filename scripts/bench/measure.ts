// One timed command: wall and CPU seconds of the whole process tree, and its peak memory,
// as GNU time reports them (CPU of every descendant the command waited for: CLI, language host,
// providers).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface Sample {
  wall: number;
  cpu: number;
  rssMb: number;
}

export interface Timed extends Sample {
  code: number;
  stdout: string;
  output: string;
}

/** Runs argv under /usr/bin/time with a hard limit (SIGKILL after `limitS`: a hung CLI must not hang the bench). */
export function timed(argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; limitS?: number }): Timed {
  const dir = mkdtempSync(path.join(tmpdir(), "phoenix-bench-time-"));
  const report = path.join(dir, "time");
  const limit = String(opts.limitS ?? 900);
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", report, "timeout", "-k", "10", limit, ...argv], {
    cwd: opts.cwd,
    env: opts.env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const fields = readFileSync(report, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  rmSync(dir, { recursive: true, force: true });
  return { code: r.status ?? 1, stdout: r.stdout, output: `${r.stdout}\n${r.stderr}`, wall: fields[0], cpu: fields[1] + fields[2], rssMb: fields[3] / 1024 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Medians of wall, CPU and the largest peak memory over samples. */
export function summarize(samples: Sample[]): Sample {
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)), rssMb: Math.max(...samples.map((s) => s.rssMb)) };
}
