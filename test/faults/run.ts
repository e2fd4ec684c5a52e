// `npm run faults [-- --seed N --trials N --workers N --lab NAME --kinds a,b]`: the full fault campaign. Prints the
// seed first; the same seed replays the same trials (time-based triggers land within a few
// milliseconds of the same point).
import { FAULT_KINDS, type FaultKind } from "./trials";
import { failureReport, runCampaign, summaryTable, trialLine, trialTable } from "./campaign";

function option(name: string, fallback: number | string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : String(fallback);
}

async function main(): Promise<void> {
  const seed = Number(option("seed", Math.floor(Math.random() * 2 ** 31)));
  const trials = Number(option("trials", 20));
  const workers = Number(option("workers", 1));
  const lab = option("lab", "fault-full");
  const kinds = option("kinds", FAULT_KINDS.join(",")).split(",") as FaultKind[];
  const unknown = kinds.filter((k) => !FAULT_KINDS.includes(k));
  if (unknown.length > 0) throw new Error(`unknown fault kind ${unknown.join(", ")}; kinds: ${FAULT_KINDS.join(", ")}`);
  console.log(`fault campaign: seed ${seed}, ${trials} trials, ${workers} lab host(s) ${lab}… (replay: npm run faults -- --seed ${seed} --trials ${trials} --workers ${workers})`);
  const t0 = Date.now();
  const { results, logRoot, harnessErrors } = await runCampaign({ seed, trials, lab, kinds, workers, onTrial: (r) => console.log(trialLine(r)), onHarnessError: (m) => console.log(`harness error (trial not counted): ${m}`) });
  console.log(`\n${trialTable(results)}\n\n${summaryTable(results)}\n`);
  const report = failureReport(results);
  if (report) console.log(`## not converged\n\n${report}\n`);
  console.log(`seed ${seed}; ${Math.round((Date.now() - t0) / 1000)} s; every CLI output under ${logRoot}`);
  if (harnessErrors.length > 0) console.log(`${harnessErrors.length} trial(s) not run: the harness failed (see above)`);
  const bad = results.filter((r) => !r.converged || r.lostMarkers.length > 0).length + harnessErrors.length;
  process.exit(bad === 0 ? 0 : 1);
}

void main();
