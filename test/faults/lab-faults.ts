// Fault injection on a running lab host, from this machine (root): no SSH of our own, so the
// injection never shares the connection it breaks. The host's files are reached through
// /proc/<its PID 1>/root (its own mount namespace), its processes by host pid, and the TCP cut
// with `ss -K` (the lab shares this machine's network namespace). Nothing in lab/ changes: the
// command wrapper replaces the emulator symlinks in the host's /usr/local/sbin, which every
// `lab.sh up` puts back.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync, mkdirSync, chmodSync } from "node:fs";
import * as path from "node:path";
import { PROJECT, type LabConnection } from "../helpers/lab";

/** What the wrapper does to the invocation its plan selects. */
export type WrapperAction =
  | "fail-before" // exit 1 without running the command
  | "fail-after" // run the command, then exit 1 (OpenZFS does this for "created, but not mounted")
  | "hold"; // block until released: the moment the harness breaks something

export interface WrapperPlan {
  /** Extended regex matched against "<command> <args…>" of every wrapped invocation. */
  readonly pattern: string;
  /** The nth matching invocation (from 1) is the one acted on. */
  readonly nth: number;
  readonly action: WrapperAction;
}

const FAULT_DIR = "/run/phoenix-fault";
// Command name → the program the wrapper forwards to (the lab's emulators, or coreutils).
const WRAPPED: Record<string, string> = {
  zfs: "/usr/local/lib/phoenix-lab/emulators/zfs",
  zpool: "/usr/local/lib/phoenix-lab/emulators/zpool",
  pvesm: "/usr/local/lib/phoenix-lab/emulators/pvesm",
  // ZfsArc writes zfs.conf with `cat > tmp && mv tmp zfs.conf`: failing the mv leaves the temp.
  mv: "/bin/mv",
};

// Runs under the host's /bin/sh (dash). The plan is read on every call, so the harness arms
// and disarms it by writing one file. flock serialises the counter across parallel commands.
const WRAPPER = String.raw`#!/bin/sh
# Installed by Phoenix's fault harness (test/faults/lab-faults.ts); removed by the next lab up.
real=@REAL@
dir=@DIR@
[ -f "$dir/plan" ] || exec "$real" "$@"
line="@NAME@ $*"
. "$dir/plan"
act=-
exec 9>>"$dir/lock"
flock 9
if printf '%s\n' "$line" | grep -Eq -- "$PATTERN"; then
  n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
  echo "$n" >"$dir/count"
  [ "$n" -eq "$NTH" ] && act=$ACTION
fi
printf '%s\t%s\n' "$act" "$line" >>"$dir/log"
flock -u 9
exec 9>&-
case $act in
  fail-before) echo "phoenix-fault: injected failure of: $line" >&2; exit 1 ;;
  fail-after) "$real" "$@"; echo "phoenix-fault: injected failure after running: $line" >&2; exit 1 ;;
  hold)
    printf '%s\n' "$line" >"$dir/hit"
    i=0
    while [ ! -e "$dir/release" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
    ;;
esac
exec "$real" "$@"
`;

export class LabFaults {
  constructor(readonly lab: LabConnection) {}

  /** Host pid of the lab's PID 1 (lab/lib/ns-init.sh records it; it changes at every up). */
  private initPid(): number {
    const pid = Number(readFileSync(path.join(PROJECT, ".lab", this.lab.name, "supervisor.pid"), "utf8").split(" ")[0]);
    if (!existsSync(`/proc/${pid}`)) throw new Error(`lab ${this.lab.name} is not running`);
    return pid;
  }

  /** A path inside the host, as this machine reaches it. */
  hostPath(p: string): string {
    return `/proc/${this.initPid()}/root${p}`;
  }

  /** Installs the wrappers (idempotent) and disarms them; lab down + up removes them. */
  installWrappers(): void {
    for (const [name, real] of Object.entries(WRAPPED)) {
      const target = this.hostPath(`/usr/local/sbin/${name}`);
      rmSync(target, { force: true });
      writeFileSync(target, WRAPPER.replaceAll("@REAL@", real).replaceAll("@NAME@", name).replaceAll("@DIR@", FAULT_DIR));
      chmodSync(target, 0o755);
    }
    this.disarm();
  }

  /** Arms the wrapper with one plan; counters, log and hold markers start afresh. */
  arm(plan: WrapperPlan): void {
    this.disarm();
    this.resetLog();
    const dir = this.hostPath(FAULT_DIR);
    const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    writeFileSync(path.join(dir, "plan"), `PATTERN=${q(plan.pattern)}\nNTH=${plan.nth}\nACTION=${plan.action}\n`);
  }

  /** Stops acting on commands and lets any held one go; keeps the log of the last plan. */
  disarm(): void {
    const dir = this.hostPath(FAULT_DIR);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "release"), "");
    rmSync(path.join(dir, "plan"), { force: true });
  }

  /** Clears the log, counter and hold markers (after disarm, before the next plan). */
  resetLog(): void {
    const dir = this.hostPath(FAULT_DIR);
    for (const f of ["log", "count", "hit", "release"]) rmSync(path.join(dir, f), { force: true });
  }

  /** The invocation being held, once one is. */
  held(): string | undefined {
    const hit = this.hostPath(`${FAULT_DIR}/hit`);
    return existsSync(hit) ? readFileSync(hit, "utf8").trim() : undefined;
  }

  release(): void {
    writeFileSync(this.hostPath(`${FAULT_DIR}/release`), "");
  }

  /** Every wrapped invocation since the last resetLog, with the action taken ("-" for none). */
  log(): string[] {
    const file = this.hostPath(`${FAULT_DIR}/log`);
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter((l) => l !== "") : [];
  }

  /** The host's processes: host pid, parent's host pid, command line. */
  processes(): { pid: number; ppid: number; cmd: string }[] {
    const ns = readlinkSync(`/proc/${this.initPid()}/ns/pid`);
    const out: { pid: number; ppid: number; cmd: string }[] = [];
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readlinkSync(`/proc/${entry}/ns/pid`) !== ns) continue;
        const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, "utf8"))![1]);
        out.push({ pid: Number(entry), ppid, cmd: readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim() });
      } catch {
        // exited while we looked
      }
    }
    return out;
  }

  private sshd(): { listener: number[]; sessions: number[] } {
    const procs = this.processes();
    const listener = procs.filter((p) => p.cmd.includes("[listener]") || p.cmd.startsWith("/usr/sbin/sshd")).map((p) => p.pid);
    const sessions = procs.filter((p) => listener.includes(p.ppid) && p.cmd.startsWith("sshd:")).map((p) => p.pid);
    return { listener, sessions };
  }

  /** Kills the per-connection sshd processes (the client sees its connection closed); returns how many. */
  killSshSessions(): number {
    const { sessions } = this.sshd();
    for (const pid of sessions) killQuietly(pid);
    return sessions.length;
  }

  /** Resets every TCP connection to the host's sshd, both ends (an RST, as a cut link would give). */
  cutTcp(): number {
    const filter = `( dst ${this.lab.host} and dport = :${this.lab.port} ) or ( src ${this.lab.host} and sport = :${this.lab.port} )`;
    const before = spawnSync("ss", ["-Htn", filter], { encoding: "utf8" }).stdout.split("\n").filter((l) => l.trim() !== "").length;
    const r = spawnSync("ss", ["-K", "-Htn", filter], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`ss -K failed: ${r.stderr}`);
    return before;
  }

  /**
   * Kills sshd (listener and every session) as a crash would; the lab's init starts a new
   * listener 0.5 s later, as systemd's Restart= does. Resolves once the new one accepts.
   */
  async restartSshd(): Promise<number> {
    const { listener, sessions } = this.sshd();
    for (const pid of [...listener, ...sessions]) killQuietly(pid);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      await sleep(100);
      const now = this.sshd().listener;
      if (now.length > 0 && !now.some((p) => listener.includes(p))) return listener.length + sessions.length;
    }
    throw new Error(`lab ${this.lab.name}: sshd did not come back within 15 s`);
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
