import { describe, expect, it } from "vitest";
import { renderRule, rewriteFirewallFile } from "../../../providers/core/firewall-file";
import { FirewallSchema } from "../../../providers/lxc-container/schema";

const fw = (raw: object) => FirewallSchema.parse(raw);

describe("renderRule (pve-firewall rule_to_string order)", () => {
  it.each([
    [{ direction: "in", action: "ACCEPT", source: "10.0.0.153", proto: "tcp", dport: "9443" }, "IN ACCEPT -source 10.0.0.153 -p tcp -dport 9443"],
    [{ direction: "out", action: "DROP", macro: "SSH", iface: "net0", log: "info", comment: "no ssh out" }, "OUT SSH(DROP) -i net0 -log info # no ssh out"],
    [{ direction: "in", action: "ACCEPT", proto: "icmp", icmpType: "echo-request", enabled: false }, "|IN ACCEPT -p icmp -icmp-type echo-request"],
  ])("%j", (rule, line) => {
    expect(renderRule(fw({ enabled: true, rules: [rule] }).rules[0])).toBe(line);
  });
});

describe("rewriteFirewallFile", () => {
  const mine = fw({ enabled: true, policyIn: "DROP", rules: [{ direction: "in", action: "ACCEPT", proto: "tcp", dport: "22" }] });

  it("owns enable, the policies and [RULES]; keeps other options and sections", () => {
    const current = "[OPTIONS]\n\nenable: 0\nmacfilter: 0\n\n[IPSET trusted] # admins\n\n10.0.0.0/24\n\n[RULES]\n\nIN ACCEPT -p tcp -dport 80\n";
    const out = rewriteFirewallFile(current, mine);
    expect(out).toBe("[OPTIONS]\n\nenable: 1\npolicy_in: DROP\nmacfilter: 0\n\n[IPSET trusted] # admins\n\n10.0.0.0/24\n\n[RULES]\n\nIN ACCEPT -p tcp -dport 22\n\n");
    expect(rewriteFirewallFile(out, mine)).toBe(out);
  });

  it("writes a new file, also with no rules", () => {
    expect(rewriteFirewallFile(null, fw({ enabled: false }))).toBe("[OPTIONS]\n\nenable: 0\n\n[RULES]\n\n");
  });

  it("keeps [RULES] when given no rules, and writes [group] sections after [RULES] as PVE's writer does", () => {
    const current = "[OPTIONS]\nenable: 1\n[group web]\nIN HTTP(ACCEPT)\n[RULES]\nIN SSH(ACCEPT)\n[ALIASES]\nme 10.0.0.1\n";
    const out = rewriteFirewallFile(current, { enabled: true, policyIn: "DROP" });
    expect(out).toBe("[OPTIONS]\n\nenable: 1\npolicy_in: DROP\n\n[ALIASES]\n\nme 10.0.0.1\n\n[RULES]\n\nIN SSH(ACCEPT)\n\n[group web]\n\nIN HTTP(ACCEPT)\n\n");
    expect(rewriteFirewallFile(out, { enabled: true, policyIn: "DROP" })).toBe(out);
  });
});
