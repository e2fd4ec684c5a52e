// What ZfsPool keeps in state, and the invariant the lifecycle relies on: planning against the
// kept snapshot reaches the verdict planning against the live observation reaches, except for
// the refusals that name usage figures (they are refusals, so the lifecycle re-inspects).
import { describe, expect, it } from "vitest";
import type { Plan } from "../../../providers/core/plan";
import { renderStep } from "../../../providers/core/step";
import { observePresentPool } from "../../../providers/zfs-pool/inspect";
import { zfsPoolDefinition as def } from "../../../providers/zfs-pool/provider";
import { ZfsPoolInputsSchema, type PresentPool, type ZfsPoolObserved } from "../../../providers/zfs-pool/schema";
import { ATA, fixture, N1, N2, N4 } from "./fixtures";

const present = (status: string, overrides: Partial<PresentPool> = {}): PresentPool => ({
  ...observePresentPool({
    list: fixture("zpool-list-quickos.txt"),
    status: fixture(status),
    autotrim: fixture("zpool-get-autotrim.txt"),
    contents: fixture("zfs-list-tree-quickos.txt"),
  }),
  ...overrides,
});

const MIRROR = ZfsPoolInputsSchema.parse({ name: "quickOS", raidLevel: "mirror", disks: [N1, N2] });

describe("the pool observation kept in state", () => {
  it("keeps layout, health and autotrim, not usage figures", () => {
    expect(Object.keys(def.snapshot!(present("zpool-status-mirror.txt"), MIRROR)).sort()).toEqual(["autotrim", "health", "state", "tree"]);
  });

  it("does not change when data is written or a snapshot is taken", () => {
    const busier = present("zpool-status-mirror.txt", { allocBytes: 5e11, freeBytes: 1e12, snapshotCount: 40, datasetCount: 9 });
    expect(def.snapshot!(busier, MIRROR)).toEqual(def.snapshot!(present("zpool-status-mirror.txt"), MIRROR));
  });

  it("never claims 0B allocated for a pool it did not measure", () => {
    const kept = def.snapshot!(present("zpool-status-mirror.txt"), MIRROR);
    const plan = def.plan(ZfsPoolInputsSchema.parse({ name: "quickOS", raidLevel: "stripe", disks: [N1, N2] }), kept, undefined);
    expect(plan.kind === "refuse" && plan.reason).toContain("Replacing it would destroy pool quickOS and everything in it.");
  });
});

const verdict = (plan: Plan) => (plan.kind === "refuse" ? { refuse: plan.reason } : { steps: plan.steps.map(renderStep), warnings: plan.warnings });
// The refusals that quote describeLoss (dataset/snapshot counts, allocation).
const namesUsage = (plan: Plan) => plan.kind === "refuse" && /allocated/.test(plan.reason);

describe("plan(D, snapshot(O)) reaches plan(D, O)'s verdict", () => {
  const observations: ZfsPoolObserved[] = [
    present("zpool-status-mirror.txt"),
    present("zpool-status-mirror.txt", { autotrim: "on" }),
    present("zpool-status-degraded-mirror.txt", { health: "DEGRADED" }),
    present("zpool-status-logs-cache.txt", { autotrim: "on" }),
    present("zpool-status-raidz2.txt"),
    present("zpool-status-single.txt"),
  ];
  const layouts = [
    { raidLevel: "mirror", disks: [N1, N2] }, { raidLevel: "mirror", disks: [N2, N1] }, { raidLevel: "stripe", disks: [N1, N2] },
    { raidLevel: "mirror", disks: [N1, N4] }, { raidLevel: "single", disks: [N4] }, { raidLevel: "raidz2", disks: ATA.slice(0, 4) },
    { raidLevel: "mirror", disks: ATA.slice(0, 2) },
  ];
  const cases = observations.flatMap((observed, o) =>
    layouts.flatMap((layout) =>
      [true, false].flatMap((autotrim) => [true, false].map((allowDestroy) => ({ o, observed, desired: ZfsPoolInputsSchema.parse({ name: "quickOS", ...layout, autotrim, allowDestroy }) }))),
    ),
  );

  it(`for ${cases.length} desired/observed pairs`, () => {
    let usageCases = 0;
    for (const { o, observed, desired } of cases) {
      const onLive = def.plan(desired, observed, undefined);
      const onKept = def.plan(desired, def.snapshot!(observed, desired), undefined);
      const at = `observation ${o}, ${JSON.stringify(desired)}`;
      if (namesUsage(onLive)) {
        usageCases++;
        expect(onKept.kind, at).toBe("refuse");
        continue;
      }
      expect(verdict(onKept), at).toEqual(verdict(onLive));
    }
    expect(usageCases).toBeGreaterThan(0);
  });
});
