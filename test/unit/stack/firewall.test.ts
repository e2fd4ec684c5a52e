import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigPair } from "../../../config/load";
import { FirewallInputsSchema } from "../../../providers/firewall/schema";
import { firewallArgs } from "../../../stack/firewall";

const CORPUS = path.join(__dirname, "..", "..", "fixtures", "config-corpus");
const LXC = path.join(__dirname, "..", "..", "fixtures", "e2e", "no-containers.lxc.json");
const args = (revision: string) => {
  const loaded = loadConfigPair(path.join(CORPUS, "hypervisor", `${revision}.json`), LXC);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return firewallArgs(loaded.hypervisor);
};

describe("firewallArgs over the real file's revisions", () => {
  it("reads the block under shared_volumes (2025-09-23): switch and policies, [RULES] not managed", () => {
    const smb = { name: "SMB", port: 445, server: "10.0.0.13", clients: ["10.0.0.0/24"] };
    expect(args("20250923-6963f366fc")).toEqual({ enabled: true, policyIn: "DROP", policyOut: "ACCEPT", services: [smb] });
  });

  it("names what the host serves for the rules to be checked against: NFS to every export's clients at nfs_server, SMB to the default subnet", () => {
    expect(args("20251125-76f56c66aa")!.services).toEqual([
      { name: "NFS", port: 2049, server: "10.0.0.13", clients: ["10.0.0.111", "10.0.0.102", "10.0.0.13"] },
      { name: "SMB", port: 445, server: "10.0.0.13", clients: ["10.0.0.0/24"] },
    ]);
    // An export to a whole network.
    expect(args("20250930-6f0b07fab2")!.services?.[0]).toEqual({ name: "NFS", port: 2049, server: "10.0.0.13", clients: ["10.0.0.0/24"] });
  });

  it("reads global_firewall_rules under shared_volumes (2025-10-10) and at the top level (2025-11-25)", () => {
    for (const revision of ["20251010-9b636b33a4", "20251125-76f56c66aa"]) {
      const fw = args(revision)!;
      expect(FirewallInputsSchema.safeParse(fw).success).toBe(true);
      expect(fw.rules?.[0]).toEqual({ direction: "in", action: "ACCEPT", proto: "tcp", dport: "80", enabled: true, comment: expect.stringContaining("HTTP") });
    }
    expect(args("20251125-76f56c66aa")!.rules).toHaveLength(27);
  });

  it("declares nothing for a file without a firewall block", () => {
    expect(args("20250907-3e6fbf07e8")).toBeUndefined();
  });
});
