import { describe, expect, it } from "vitest";
import { parseFirewallFile, parseRuleLine } from "../../../providers/firewall/parse";
import { ipInside } from "../../../providers/firewall/address";

describe("parseRuleLine (parse_fw_rule)", () => {
  it.each([
    ["IN ACCEPT -source 10.0.0.0/24 -p tcp -dport 22 # admins", { type: "in", action: "ACCEPT", source: "10.0.0.0/24", proto: "tcp", dport: "22", enabled: true }],
    ["|out SSH(DROP) --dest 10.0.0.1 -log nolog", { type: "out", action: "DROP", macro: "SSH", dest: "10.0.0.1", enabled: false }],
    ["GROUP admins -i vmbr0", { type: "group", action: "admins", iface: "vmbr0" }],
    ["IN ACCEPT -proto udp --sport 53 -icmp-type any", { proto: "udp", sport: "53" }],
  ])("%s", (line, want) => {
    expect(parseRuleLine(line, 1)).toMatchObject(want);
  });

  it("refuses what pve-firewall cannot parse", () => {
    expect(parseRuleLine("IN", 1)).toBeUndefined();
    expect(parseRuleLine("IN ACCEPT -bogus 1", 1)).toBeUndefined();
    expect(parseRuleLine("GROUP admins -p tcp", 1)).toBeUndefined();
  });
});

describe("parseFirewallFile", () => {
  const file = [
    "# a comment", "[options]", "", "Enable: 1", "policy_in:DROP", "", "[ALIASES]", "admin 192.0.2.7 # me",
    "[IPSET Mgmt] # admins", "10.0.0.0/24", "! 10.0.0.9", "", "[RULES]", "IN SSH(ACCEPT)", "  IN DROP  ", "", "[group Web]", "IN HTTP(ACCEPT)",
  ].join("\n");
  const fw = parseFirewallFile(file);

  it("reads headers and option keys in any case, names lower-cased", () => {
    expect(fw.options).toEqual({ enable: "1", policy_in: "DROP" });
    expect([...fw.aliases]).toEqual([["admin", "192.0.2.7"]]);
    expect(fw.ipsets.get("mgmt")).toEqual([{ cidr: "10.0.0.0/24", nomatch: false }, { cidr: "10.0.0.9", nomatch: true }]);
    expect(fw.rules.map((r) => [r.line, r.text])).toEqual([[14, "IN SSH(ACCEPT)"], [15, "IN DROP"]]);
    expect(fw.groups.get("web")?.map((r) => r.macro)).toEqual(["HTTP"]);
  });

  it("reads no file as an empty one", () => {
    expect(parseFirewallFile(null).rules).toEqual([]);
  });
});

describe("ipInside", () => {
  it.each([
    ["10.0.0.5", "10.0.0.0/24", true],
    ["10.0.1.5", "10.0.0.0/24", false],
    ["10.0.0.5", "10.0.0.1-10.0.0.9", true],
    ["10.0.0.5", "10.0.0.5", true],
    ["10.0.0.5", "0.0.0.0/0", true],
    ["2001:db8::1", "2001:db8::/32", true],
    ["::ffff:10.0.0.5", "::ffff:10.0.0.0/120", true],
    ["10.0.0.5", "2001:db8::/32", false],
    ["10.0.0.5", "admin", undefined],
  ])("%s in %s: %s", (ip, spec, want) => {
    expect(ipInside(ip, spec)).toBe(want);
  });
});
