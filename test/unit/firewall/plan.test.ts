import { describe, expect, it } from "vitest";
import { renderStep } from "../../../providers/core/step";
import { CLUSTER_FW_CHECK, containerFwCheck, firewallCheckName } from "../../../providers/firewall/check";
import type { Plan } from "../../../providers/core/plan";
import { ownedPart, planDeleteFirewall, planFirewall } from "../../../providers/firewall/plan";
import { FirewallInputsSchema, type FirewallObserved } from "../../../providers/firewall/schema";

const desired = (raw: object = {}) => FirewallInputsSchema.parse({ enabled: true, policyIn: "DROP", policyOut: "ACCEPT", ...raw });
const SSH_RULE = { direction: "in", action: "ACCEPT", source: "192.0.2.0/24", proto: "tcp", dport: "22", comment: "phoenix" };
const host = (o: Partial<FirewallObserved> = {}): FirewallObserved => ({
  cluster: null, node: "pve", host: null, service: "running", localNetwork: "10.0.0.0/24", ssh: { client: "192.0.2.7", server: "10.0.0.13", port: 22 }, ...o,
});
const commands = (plan: Plan) => (plan.kind === "refuse" ? [`refused: ${plan.reason}`] : plan.steps.map(renderStep));
const written = (plan: Plan) => (plan.kind === "steps" ? plan.steps[0]?.fileEdit?.after : undefined);
const CHECK = "checked with PVE::Firewall's parser";

describe("planFirewall", () => {
  it("writes cluster.fw from nothing, checked by PVE::Firewall's parser", () => {
    const plan = planFirewall(desired({ rules: [SSH_RULE] }), host());
    expect(commands(plan)).toEqual([`write /etc/pve/firewall/cluster.fw (10 lines, sha256 e02eeba1da5f, ${CHECK})`]);
    expect(written(plan)).toBe("[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n\nIN ACCEPT -source 192.0.2.0/24 -p tcp -dport 22 # phoenix\n\n");
    // The plan names the check; the step still runs the parser's program on the candidate.
    expect(plan.kind === "steps" ? plan.steps[0].fileEdit?.verify : undefined).toEqual(CLUSTER_FW_CHECK.verify);
  });

  it("changes nothing once the file says what the config says (hand-made sections kept)", () => {
    const file = "[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\nlog_ratelimit: enable=0\n\n[IPSET management]\n\n192.0.2.0/24\n\n[RULES]\n\nIN ACCEPT -p tcp -dport 80\n\n";
    expect(commands(planFirewall(desired(), host({ cluster: file })))).toEqual([]);
  });

  it("replaces [RULES] when the config has rules, keeping other sections; the diff shows the lines", () => {
    const file = "[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[ALIASES]\n\nme 192.0.2.7\n\n[RULES]\n\nIN ACCEPT -p tcp -dport 80 # by hand\n\n";
    const plan = planFirewall(desired({ rules: [SSH_RULE] }), host({ cluster: file }));
    expect(written(plan)).toBe("[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[ALIASES]\n\nme 192.0.2.7\n\n[RULES]\n\nIN ACCEPT -source 192.0.2.0/24 -p tcp -dport 22 # phoenix\n\n");
    expect(plan.kind === "steps" && plan.steps[0].description).toContain("- IN ACCEPT -p tcp -dport 80 # by hand\n+ IN ACCEPT -source 192.0.2.0/24 -p tcp -dport 22 # phoenix");
  });

  it("starts a stopped service when the firewall is on", () => {
    const file = "[OPTIONS]\n\nenable: 1\npolicy_in: ACCEPT\npolicy_out: ACCEPT\n\n[RULES]\n\n";
    expect(commands(planFirewall(desired({ policyIn: "ACCEPT" }), host({ cluster: file, service: "stopped" })))).toEqual(["pve-firewall start"]);
    expect(commands(planFirewall(desired({ enabled: false, policyIn: "ACCEPT" }), host({ cluster: file.replace("enable: 1", "enable: 0"), service: "stopped" })))).toEqual([]);
  });

  it.each([
    ["policy_in DROP and no rule for the client", desired(), "this rule set would cut Phoenix's SSH access (tcp/22 from 192.0.2.7): policy_in DROP with no rule accepting tcp/22 from 192.0.2.7"],
    ["a rule dropping SSH", desired({ policyIn: "ACCEPT", rules: [{ direction: "in", action: "DROP", macro: "SSH" }] }), 'cluster.fw line 9 "IN SSH(DROP)"'],
  ])("refuses %s, naming it, before any command", (_name, want, reason) => {
    const plan = planFirewall(want, host());
    expect(plan.kind).toBe("refuse");
    expect(commands(plan)[0]).toContain(reason);
    expect(commands(plan)[0]).toContain('{"type":"in","action":"ACCEPT","source":"192.0.2.7","proto":"tcp","dport":"22"}');
  });

  it("refuses a stopped service's start when its rules would cut SSH", () => {
    const file = "[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n\n";
    expect(commands(planFirewall(desired(), host({ cluster: file, service: "stopped" })))[0]).toMatch(/^refused: .*policy_in DROP/);
  });

  it("turning the firewall off is never a lockout", () => {
    expect(commands(planFirewall(desired({ enabled: false }), host()))).toEqual([expect.stringContaining(CHECK)]);
  });

  it("refuses when the host does not say who Phoenix is, or has no pve-firewall", () => {
    expect(commands(planFirewall(desired({ rules: [SSH_RULE] }), host({ ssh: null })))[0]).toContain("did not report $SSH_CONNECTION");
    expect(commands(planFirewall(desired(), host({ service: null })))[0]).toContain("has no pve-firewall");
  });

  it("warns when host.fw turns the host firewall off", () => {
    const plan = planFirewall(desired({ rules: [SSH_RULE] }), host({ host: "[OPTIONS]\n\nenable: 0\n" }));
    expect(plan.kind === "steps" && plan.warnings).toEqual(['Firewall "cluster": /etc/pve/nodes/pve/host.fw has enable: 0, so no firewall rule applies to this host itself (guests still filtered)']);
  });
});

describe("planFirewall: the clients of what the host serves", () => {
  const NFS = { name: "NFS", port: 2049, clients: ["10.0.0.111"] };
  const file = "[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n\nIN ACCEPT -source 192.0.2.0/24 -p tcp -dport 22 # phoenix\n\n";
  const warnings = (plan: Plan) => (plan.kind === "steps" ? plan.warnings : [`refused: ${plan.reason}`]);

  it("warns, with the commands unchanged, when the rule set would drop them (at the address Phoenix reaches when none is given)", () => {
    const plan = planFirewall(desired({ rules: [SSH_RULE], services: [NFS] }), host());
    expect(commands(plan)).toEqual(commands(planFirewall(desired({ rules: [SSH_RULE] }), host())));
    expect(warnings(plan)).toEqual([expect.stringMatching(/^Firewall "cluster": NFS \(tcp\/2049 on 10\.0\.0\.13\) would be dropped for 10\.0\.0\.111: policy_in DROP/)]);
  });

  it("warns on a converged host too (a changed list of clients is an update with no commands)", () => {
    const plan = planFirewall(desired({ rules: [SSH_RULE], services: [{ ...NFS, server: "10.0.0.20" }] }), host({ cluster: file }));
    expect(commands(plan)).toEqual([]);
    expect(warnings(plan)).toEqual([expect.stringContaining("NFS (tcp/2049 on 10.0.0.20) would be dropped for 10.0.0.111")]);
  });

  it("judges the file as it will be: a managed rule for them silences it; the firewall off says nothing", () => {
    const nfsRule = { direction: "in", action: "ACCEPT", source: "10.0.0.0/24", proto: "tcp", dport: "2049" };
    expect(warnings(planFirewall(desired({ rules: [SSH_RULE, nfsRule], services: [NFS] }), host({ cluster: file })))).toEqual([]);
    expect(warnings(planFirewall(desired({ enabled: false, services: [NFS] }), host({ cluster: file })))).toEqual([]);
  });
});

describe("ownedPart (what state keeps)", () => {
  it("keeps Phoenix's options and, when managed, the rules; plans on it agree with plans on the file", () => {
    const file = "[OPTIONS]\n\nebtables: 0\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[IPSET x]\n\n10.0.0.1\n\n[RULES]\n\nIN SSH(ACCEPT)\n\n";
    expect(ownedPart(file, false)).toBe("[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n\n");
    expect(ownedPart(file, true)).toBe("[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n\nIN SSH(ACCEPT)\n\n");
    expect(commands(planFirewall(desired(), host({ cluster: ownedPart(file, false) })))).toEqual([]);
    expect(commands(planFirewall(desired({ rules: [{ direction: "in", action: "ACCEPT", macro: "SSH" }] }), host({ cluster: ownedPart(file, true) })))).toEqual([]);
  });
});

describe("planDeleteFirewall", () => {
  const on = "[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\nebtables: 0\n\n[RULES]\n\nIN SSH(ACCEPT)\n\n";

  it("refuses to turn an active firewall off unless allowed", () => {
    expect(commands(planDeleteFirewall(desired(), host({ cluster: on }), false))[0]).toContain('turns the Proxmox VE firewall off (cluster.fw enable: 0), so its rules stop protecting the host and every guest. Allow it with phoenix:allowDestroy "Firewall:cluster"');
  });

  it("when allowed (or already off): enable 0, Phoenix's policies and rules gone, the rest kept", () => {
    const plan = planDeleteFirewall(desired({ rules: [] }), host({ cluster: on }), true);
    expect(written(plan)).toBe("[OPTIONS]\n\nenable: 0\nebtables: 0\n\n[RULES]\n\n");
    const kept = planDeleteFirewall(desired(), host({ cluster: on.replace("enable: 1", "enable: 0") }), false);
    expect(written(kept)).toBe("[OPTIONS]\n\nenable: 0\nebtables: 0\n\n[RULES]\n\nIN SSH(ACCEPT)\n\n");
    expect(commands(planDeleteFirewall(desired(), host({ cluster: null }), false))).toEqual([]);
  });
});

describe("firewallCheckName", () => {
  it("names exactly the checks Phoenix runs, from their argv", () => {
    expect(firewallCheckName(CLUSTER_FW_CHECK.verify)).toBe("PVE::Firewall's parser");
    expect(firewallCheckName(containerFwCheck("950").verify)).toBe("PVE::Firewall's parser (as CT 950's file)");
    expect(firewallCheckName(["perl", "-e", `${CLUSTER_FW_CHECK.verify[2]} exit 0;`])).toBeUndefined();
    expect(firewallCheckName([...CLUSTER_FW_CHECK.verify, "extra"])).toBeUndefined();
    expect(firewallCheckName(["visudo", "-cf"])).toBeUndefined();
  });
});
