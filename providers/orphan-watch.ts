// A provider process whose engine died (the pulumi CLI killed, a CI timeout) is never told to
// stop: its gRPC server keeps it alive, holding SSH connections and memory. It watches its
// ancestry and exits once the process that started it is gone.
import { readFileSync } from "node:fs";
import { closeAllSessions } from "./ssh/pool";

const CHECK_MS = 2_000;
let watching = false;

/** The parent pid of `pid` (Linux /proc), or undefined when that process is gone or unknown. */
export function parentOf(pid: number, read = (p: string) => readFileSync(p, "utf8")): number | undefined {
  try {
    // Field 4 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so split after ')'.
    const stat = read(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/**
 * True when the chain provider → plugin wrapper (`pulumi-resource-pulumi-nodejs`, a shell
 * script) → engine is broken: either process was re-parented to init.
 */
export function orphaned(read?: (p: string) => string): boolean {
  const wrapper = process.ppid;
  if (wrapper <= 1) return true;
  const engine = parentOf(wrapper, read);
  return engine === undefined ? false : engine <= 1;
}

export function watchForOrphaning(): void {
  if (watching || process.platform !== "linux") return;
  watching = true;
  const timer = setInterval(() => {
    if (!orphaned()) return;
    clearInterval(timer);
    void Promise.race([closeAllSessions(), new Promise((r) => setTimeout(r, 500))]).then(() => process.exit(1));
  }, CHECK_MS);
  timer.unref();
}
