// The short fault campaign of `npm test`: one trial per fault kind, seeded and with triggers
// at fixed commands, so it replays identically; two lab hosts share the work.
// `npm run faults` runs the long, random one.
import { describe, expect, it } from "vitest";
import { failureReport, runCampaign, summaryTable, trialTable } from "./campaign";

const SEED = 20251201;

describe("pulumi up broken on a lab host", () => {
  it("converges on the next up and loses no file, whatever broke", async () => {
    const { results, logRoot, harnessErrors } = await runCampaign({ seed: SEED, trials: 4, workers: 2, lab: "fault-short", triggers: "command" });
    console.log(`${trialTable(results)}\n\n${summaryTable(results)}\nlogs: ${logRoot}`);
    expect(harnessErrors).toEqual([]);
    expect(results.filter((r) => r.fired)).toHaveLength(results.length);
    expect(failureReport(results)).toBe("");
    expect(results.flatMap((r) => r.lostMarkers)).toEqual([]);
  });
});
