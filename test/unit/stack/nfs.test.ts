import { describe, expect, it } from "vitest";
import type { HypervisorConfig } from "../../../config/load";
import { nfsExports } from "../../../stack/nfs";

const hv = (file: object) => ({ file }) as unknown as HypervisorConfig;

describe("nfsExports", () => {
  it("maps nfs.exports with the same options for every client (2025-10 revisions)", () => {
    const file = { nfs: { exports: [{ path: "/fastData/shared-bulk-data", clients: ["10.0.0.0/24", "10.0.1.5"], options: ["rw", "sync", "no_subtree_check", "no_root_squash"] }] } };
    expect(nfsExports(hv(file))).toEqual([
      {
        path: "/fastData/shared-bulk-data",
        clients: [
          { host: "10.0.0.0/24", options: ["rw", "sync", "no_subtree_check", "no_root_squash"] },
          { host: "10.0.1.5", options: ["rw", "sync", "no_subtree_check", "no_root_squash"] },
        ],
      },
    ]);
  });

  it("exports the first revision's shares to the default subnet, as the original did", () => {
    const file = { network: { default_subnet: "10.0.0.0/24" }, nfs: { shares: [{ path: "quickOS/shared-prod-data", options: "rw,async,no_subtree_check" }] } };
    expect(nfsExports(hv(file))).toEqual([{ path: "/quickOS/shared-prod-data", clients: [{ host: "10.0.0.0/24", options: ["rw", "async", "no_subtree_check"] }] }]);
  });

  it("declares nothing for the real file's empty list or a missing block", () => {
    expect(nfsExports(hv({ nfs: { exports: [] } }))).toEqual([]);
    expect(nfsExports(hv({}))).toEqual([]);
  });
});

describe("holdersOf", () => {
  it("names the datasets and pool roots whose mountpoint holds a path, not look-alike prefixes", async () => {
    const { holdersOf } = await import("../../../stack/zfs");
    const pool = { name: "pool" } as never;
    const dataset = { name: "dataset" } as never;
    const map = new Map([["/fastData", pool], ["/fastData/shared-test-data", dataset]]);
    expect(holdersOf("/fastData/shared-test-data-sync", map)).toEqual([pool]);
    expect(holdersOf("/fastData/shared-test-data/sub", map)).toEqual([pool, dataset]);
    expect(holdersOf("/fastDataX/a", map)).toEqual([]);
  });
});
