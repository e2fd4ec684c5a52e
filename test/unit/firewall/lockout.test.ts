import { describe, expect, it } from "vitest";
import { tcpVerdict, type TcpEndpoint } from "../../../providers/firewall/lockout";
import { parseFirewallFile } from "../../../providers/firewall/parse";

const SSH: TcpEndpoint = { client: "192.0.2.7", server: "10.0.0.13", port: 22 };
const cluster = (options: string, rest = "") => `[OPTIONS]\n\n${options}\n\n${rest}`;
const verdict = (clusterText: string, opts: { host?: string; localNetwork?: string | null; ssh?: TcpEndpoint } = {}) =>
  tcpVerdict({ cluster: parseFirewallFile(clusterText), host: parseFirewallFile(opts.host ?? null), localNetwork: opts.localNetwork === undefined ? "10.0.0.0/24" : opts.localNetwork }, opts.ssh ?? SSH);

describe("tcpVerdict: what pve-firewall does to Phoenix's next SSH connection", () => {
  it.each([
    ["the firewall off", cluster("enable: 0\npolicy_in: DROP"), {}, false, "disabled (cluster.fw enable: 0)"],
    ["no enable option (PVE's default: off)", cluster("policy_in: DROP"), {}, false, "disabled"],
    ["policy_in DROP with nothing accepting", cluster("enable: 1\npolicy_in: DROP"), {}, true, "policy_in DROP with no rule accepting tcp/22 from 192.0.2.7"],
    ["the default policy_in (DROP)", cluster("enable: 1"), {}, true, "policy_in DROP (the default)"],
    ["policy_in REJECT", cluster("enable: 1\npolicy_in: REJECT"), {}, true, "policy_in REJECT"],
    ["policy_in ACCEPT", cluster("enable: 1\npolicy_in: ACCEPT"), {}, false, "policy_in ACCEPT"],
    ["a rule accepting the client's port", cluster("enable: 1", "[RULES]\n\nIN ACCEPT -source 192.0.2.0/24 -p tcp -dport 22\n"), {}, false, 'line 7 "IN ACCEPT -source 192.0.2.0/24 -p tcp -dport 22" accepts it'],
    ["the SSH macro", cluster("enable: 1", "[RULES]\n\nIN SSH(ACCEPT)\n"), {}, false, "accepts it"],
    ["a DROP before the ACCEPT (first match wins)", cluster("enable: 1\npolicy_in: ACCEPT", "[RULES]\n\nIN DROP -p tcp -dport 20:30\nIN SSH(ACCEPT)\n"), {}, true, 'cluster.fw line 8 "IN DROP -p tcp -dport 20:30"'],
    ["a DROP of another port", cluster("enable: 1\npolicy_in: ACCEPT", "[RULES]\n\nIN DROP -p tcp -dport 80,443\nIN DROP -p udp -dport 22\n"), {}, false, "policy_in ACCEPT"],
    ["a disabled DROP", cluster("enable: 1\npolicy_in: ACCEPT", "[RULES]\n\n|IN DROP -p tcp -dport 22\n"), {}, false, "policy_in ACCEPT"],
    ["an OUT DROP (replies are ESTABLISHED)", cluster("enable: 1\npolicy_in: ACCEPT\npolicy_out: DROP", "[RULES]\n\nOUT DROP\n"), {}, false, "policy_in ACCEPT"],
    ["a DROP on an interface (unknown: assumed to match)", cluster("enable: 1\npolicy_in: ACCEPT", "[RULES]\n\nIN DROP -i vmbr0 -p tcp -dport 22\n"), {}, true, "may match it"],
    ["an ACCEPT on an interface (not relied on)", cluster("enable: 1", "[RULES]\n\nIN ACCEPT -i vmbr0 -p tcp -dport 22\n"), {}, true, "policy_in DROP"],
    ["a source alias", cluster("enable: 1", "[ALIASES]\n\nadmin 192.0.2.7\n\n[RULES]\n\nIN ACCEPT -source admin -p tcp -dport ssh\n"), {}, false, "accepts it"],
    ["a source ipset", cluster("enable: 1", "[IPSET admins]\n\n192.0.2.0/24\n!192.0.2.8\n\n[RULES]\n\nIN ACCEPT -source +admins -p tcp -dport 22\n"), {}, false, "accepts it"],
    ["an ipset whose nomatch entry holds the client", cluster("enable: 1", "[IPSET admins]\n\n192.0.2.0/24\n!192.0.2.7\n\n[RULES]\n\nIN ACCEPT -source +admins -p tcp -dport 22\n"), {}, true, "policy_in DROP"],
    ["an unknown alias (pve-firewall skips the rule)", cluster("enable: 1\npolicy_in: ACCEPT", "[RULES]\n\nIN DROP -source nosuch\n"), {}, false, "policy_in ACCEPT"],
    ["a security group", cluster("enable: 1\npolicy_in: ACCEPT", "[RULES]\n\nGROUP locked\n\n[group locked]\n\nIN DROP -p tcp -dport 22\n"), {}, true, "[group locked] line 12"],
    ["the blacklist ipset", cluster("enable: 1\npolicy_in: ACCEPT", "[IPSET blacklist]\n\n192.0.2.0/24\n"), {}, true, "ipset blacklist"],
    ["the client in the local network (management ipset)", cluster("enable: 1"), { ssh: { ...SSH, client: "10.0.0.5" } }, false, "management ipset (10.0.0.0/24)"],
    ["the client in the management ipset of cluster.fw", cluster("enable: 1", "[IPSET management]\n\n192.0.2.0/24\n"), {}, false, "management ipset"],
    ["the management ipset on another sshd port", cluster("enable: 1"), { ssh: { ...SSH, client: "10.0.0.5", port: 2222 } }, true, "tcp/2222"],
    ["the local network unknown", cluster("enable: 1"), { ssh: { ...SSH, client: "10.0.0.5" }, localNetwork: null }, true, "policy_in DROP"],
    ["a host.fw DROP (host rules come first)", cluster("enable: 1\npolicy_in: ACCEPT", "[RULES]\n\nIN SSH(ACCEPT)\n"), { host: "[RULES]\n\nIN DROP -source 192.0.2.7\n" }, true, 'host.fw line 3 "IN DROP -source 192.0.2.7"'],
    ["host.fw enable: 0", cluster("enable: 1"), { host: "[OPTIONS]\n\nenable: 0\n" }, false, "host firewall is disabled"],
    ["a loopback client", cluster("enable: 1"), { ssh: { client: "127.0.0.1", server: "127.0.0.1", port: 22 } }, false, "lo"],
    ["an IPv6 client accepted by prefix", cluster("enable: 1", "[RULES]\n\nIN ACCEPT -source 2001:db8::/32 -p tcp -dport 22\n"), { ssh: { client: "2001:db8::7", server: "2001:db8::1", port: 22 } }, false, "accepts it"],
  ])("%s", (_name, text, opts, cut, by) => {
    const v = verdict(text, opts as never);
    expect(v.cut).toBe(cut);
    expect(v.by).toContain(by);
  });
});
