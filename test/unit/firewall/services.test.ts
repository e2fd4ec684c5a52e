import { describe, expect, it } from "vitest";
import { clientSamples } from "../../../providers/firewall/address";
import { parseFirewallFile } from "../../../providers/firewall/parse";
import { servedPortWarnings, type ServedPort } from "../../../providers/firewall/services";

const NFS: ServedPort = { name: "NFS", port: 2049, server: "10.0.0.13", clients: ["10.0.0.111", "10.0.0.102", "10.0.0.13"] };
const SMB: ServedPort = { name: "SMB", port: 445, server: "10.0.0.13", clients: ["10.0.0.0/24"] };
const on = (rules: string, policy = "DROP") => `[OPTIONS]\n\nenable: 1\npolicy_in: ${policy}\n\n[RULES]\n\n${rules}\n`;
const warnings = (cluster: string, services: ServedPort[], host: string | null = null) =>
  servedPortWarnings({ cluster: parseFirewallFile(cluster), host: parseFirewallFile(host), localNetwork: "10.0.0.0/24" }, services);

describe("clientSamples: the addresses that stand for an export's or share's client", () => {
  it.each([
    ["10.0.0.111", ["10.0.0.111"]],
    ["10.0.0.0/24", ["10.0.0.1", "10.0.0.254"]],
    ["10.0.0.77/24", ["10.0.0.1", "10.0.0.254"]],
    ["10.0.0.8/31", ["10.0.0.8", "10.0.0.9"]],
    ["10.0.0.8/32", ["10.0.0.8"]],
    ["fd00::5", ["fd00::5"]],
    ["*", undefined],
    ["nas.example.org", undefined],
    ["@trusted", undefined],
    ["10.0.0.0/33", undefined],
  ])("%s → %j", (client, want) => {
    expect(clientSamples(client)).toEqual(want);
  });
});

describe("servedPortWarnings: clients of the host's services the rule set would drop", () => {
  it("names every dropped client and the policy that drops them (the 2025-09 config: DROP, no rules); the host itself comes in over lo", () => {
    expect(warnings(on(""), [NFS])).toEqual([
      'NFS (tcp/2049 on 10.0.0.13) would be dropped for 10.0.0.111, 10.0.0.102: policy_in DROP with no rule accepting tcp/2049 from 10.0.0.111. Add a rule that accepts it, e.g. {"type":"in","action":"ACCEPT","source":"10.0.0.111","proto":"tcp","dport":"2049"}',
    ]);
  });

  it.each([
    ["the later revisions' rule (source 10.0.0.0/24, tcp/2049)", on("IN ACCEPT -source 10.0.0.0/24 -p tcp -dport 2049"), [NFS, SMB], ["SMB (tcp/445"]],
    ["the SMB macro (PVE has none for NFS) and a port range", on("IN SMB(ACCEPT) -source 10.0.0.0/24\nIN ACCEPT -source 10.0.0.0/16 -p tcp -dport 2000:2100"), [NFS, SMB], []],
    ["policy_in ACCEPT", on("", "ACCEPT"), [NFS, SMB], []],
    ["the firewall off", "[OPTIONS]\n\nenable: 0\npolicy_in: DROP\n", [NFS, SMB], []],
    ["a rule for one client of a network (the network is not all let in)", on("IN ACCEPT -source 10.0.0.1 -p tcp -dport 445"), [SMB], ["SMB (tcp/445 on 10.0.0.13) would be dropped for 10.0.0.0/24"]],
    ["a rule for another port", on("IN ACCEPT -source 10.0.0.0/24 -p tcp -dport 2048"), [NFS], ["NFS (tcp/2049"]],
    ["a rule for another destination", on("IN ACCEPT -dest 10.0.0.14 -p tcp -dport 2049"), [NFS], ["NFS (tcp/2049"]],
    ["a DROP ahead of the ACCEPT", on("IN DROP -source 10.0.0.102\nIN ACCEPT -p tcp -dport 2049"), [NFS], ["dropped for 10.0.0.102: cluster.fw line 8"]],
    ["a host.fw rule that lets them in", on(""), [NFS], []],
    ["clients that are no address (*, names)", on(""), [{ ...NFS, clients: ["*", "nas.example.org"] }], []],
  ])("%s", (_name, cluster, services, want) => {
    const host = _name.startsWith("a host.fw") ? "[RULES]\n\nIN ACCEPT -p tcp -dport 2049\n" : null;
    const got = warnings(cluster, services, host);
    expect(got).toHaveLength(want.length);
    want.forEach((w, i) => expect(got[i]).toContain(w));
  });
});
