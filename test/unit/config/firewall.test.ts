// Firewall rules as pve-firewall takes them (parse_fw_rule): what it accepts is accepted, what it
// flags as "errors in rule parameters" is refused with the reason, at the rule's JSON path.
import { describe, expect, it } from "vitest";
import { errorsOf, variant, type Json } from "./shipped";

const withRule = (rule: Json) => errorsOf(variant((_hv, lxc) => (lxc.lxc_configs["950"].firewall.rules = [rule])));
const withGlobal = (rule: Json) =>
  errorsOf(variant((hv) => (hv.shared_volumes.firewall.global_firewall_rules = [rule])));
const at = (key: string, message: string) => `$.lxc_configs["950"].firewall.rules[0]${/^\w+$/.test(key) ? `.${key}` : `["${key}"]`}: ${message}`;

const ACCEPTED: [string, Json][] = [
  ["a CIDR source", { type: "in", action: "ACCEPT", source: "10.0.0.0/24", proto: "tcp", port: "22" }],
  ["an address range and a list", { type: "in", action: "ACCEPT", source: "10.0.0.1-10.0.0.9,10.0.1.0/24", proto: "udp", dport: 53 }],
  ["an ipset and an alias", { type: "out", action: "DROP", source: "+trusted", dest: "dc/backup_host", proto: "tcp", port: "443" }],
  ["IPv6 addresses", { type: "in", action: "ACCEPT", source: "2001:db8::/32,fe80::1", proto: "tcp", port: "22" }],
  ["a port list, a range and a service name", { type: "in", action: "ACCEPT", proto: "tcp", port: "80, 443,8000:8010,https", sport: "1024:65535" }],
  ["icmp without a port, with a type", { type: "in", action: "ACCEPT", proto: "icmp", "icmp-type": "echo-request", comment: "ping" }],
  ["a protocol number", { type: "in", action: "ACCEPT", proto: 6, port: 22 }],
  ["no protocol and no port", { type: "in", action: "ACCEPT", source: "172.16.100.10", comment: "all from nginx" }],
  ["a macro in PVE's action form", { type: "IN", action: "SSH(ACCEPT)", source: "10.0.0.0/24" }],
  ["a macro as the API's separate key", { type: "in", action: "accept", macro: "http", log: "info", iface: "net0", enable: 0 }],
  ["an ESP rule", { type: "out", action: "ACCEPT", proto: "esp" }],
];

const REFUSED: [string, Json, string[]][] = [
  ["a port without a protocol", { type: "in", action: "ACCEPT", port: "22" }, [at("port", "a port needs proto (pve-firewall: missing property - 'dport' requires this property)")]],
  ["a port on icmp", { type: "in", action: "ACCEPT", proto: "icmp", port: "8" }, [at("port", 'protocol "icmp" does not support ports')]],
  ["an icmp-type on tcp", { type: "in", action: "ACCEPT", proto: "tcp", "icmp-type": "echo-request" }, [at("icmp-type", "icmp-type needs proto icmp or icmpv6")]],
  ["port and dport together", { type: "in", action: "ACCEPT", proto: "tcp", port: "22", dport: "22" }, [at("dport", "port and dport both set the destination port; keep one")]],
  ["a reversed port range", { type: "in", action: "ACCEPT", proto: "tcp", port: "90:80" }, [at("port", 'invalid port range "90:80" (the first port is larger than the second)')]],
  ["a port above 65535", { type: "in", action: "ACCEPT", proto: "tcp", port: "70000" }, [at("port", 'invalid port "70000" (expected a number, a range such as 8000:8010 or a service name)')]],
  ["mixed IPv4 and IPv6", { type: "in", action: "ACCEPT", source: "10.0.0.1,::1" }, [at("source", 'address list "10.0.0.1,::1" mixes IPv4 and IPv6 (pve-firewall refuses that)')]],
  ["a bad CIDR", { type: "in", action: "ACCEPT", source: "10.0.0.0/33" }, [at("source", 'invalid IPv4 CIDR "10.0.0.0/33" (expected an address and prefix length, e.g. 10.0.0.13/24)')]],
  ["an unknown macro", { type: "in", action: "FOO(ACCEPT)" }, [at("action", 'unknown firewall macro "FOO"')]],
  ["an unknown protocol", { type: "in", action: "ACCEPT", proto: "tcpp" }, [at("proto", 'unknown protocol "tcpp" (expected a name such as tcp, udp, icmp or a number 0-255)')]],
  ["a comment over two lines", { type: "in", action: "ACCEPT", comment: "a\nb" }, [at("comment", "must be a single line")]],
  ["a forward rule on a container", { type: "forward", action: "ACCEPT" }, [at("type", 'invalid rule type "forward" (expected in or out)')]],
  ["a rule without a direction", { action: "ACCEPT" }, [at("type", "required key is missing")]],
];

describe("container firewall rules", () => {
  it.each(ACCEPTED)("accepts %s", (_name, rule) => expect(withRule(rule)).toEqual([]));
  it.each(REFUSED)("refuses %s", (_name, rule, errors) => expect(withRule(rule)).toEqual(errors));
});

describe("global firewall rules", () => {
  it("accepts forward rules and PVE syntax", () => {
    expect(withGlobal({ type: "forward", action: "ACCEPT", source: "172.16.100.0/24", dest: "0.0.0.0/0", comment: "NAT out" })).toEqual([]);
  });
  it("refuses a port without a protocol at its path", () => {
    expect(withGlobal({ type: "in", action: "ACCEPT", port: "53" })).toEqual([
      "$.shared_volumes.firewall.global_firewall_rules[0].port: a port needs proto (pve-firewall: missing property - 'dport' requires this property)",
    ]);
  });
});
