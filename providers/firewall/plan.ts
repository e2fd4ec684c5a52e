// Firewall planner: cluster.fw (Phoenix's options and rules, the rest kept) written through the
// shared file writer and checked by pve-firewall's parser before it is installed, the service
// started when the firewall is on; and, before any of it, the refusal of a rule set that would
// cut Phoenix's own SSH access (lockout.ts).
import { planSteps, refuse, type Plan } from "../core/plan";
import { firewallSections, rewriteFirewallFile } from "../core/firewall-file";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { CLUSTER_FW_CHECK } from "./check";
import { tcpVerdict, type FirewallView } from "./lockout";
import { servedPortWarnings } from "./services";
import { parseFirewallFile } from "./parse";
import { CLUSTER_FW, hostFwPath, type FirewallInputs, type FirewallObserved } from "./schema";

const LABEL = 'Firewall "cluster"';
const OWNED_OPTION = /^(enable|policy_in|policy_out)\s*:/i;

/** cluster.fw's parts Phoenix owns (what state keeps): its options and, when managed, [RULES]. */
export function ownedPart(text: string | null, manageRules: boolean): string | null {
  if (text === null) return null;
  const sections = firewallSections(text);
  const lines = (kind: string) => sections.filter((s) => s.kind === kind).flatMap((s) => s.body).map((l) => l.trim()).filter((l) => l !== "");
  const options = lines("OPTIONS").filter((l) => OWNED_OPTION.test(l));
  const rules = manageRules ? lines("RULES") : [];
  return `${["[OPTIONS]", "", ...options, "", "[RULES]", "", ...rules].join("\n")}\n\n`.replace(/\n\n\n$/, "\n\n");
}

const isOn = (text: string | null) => Number(parseFirewallFile(text).options.enable ?? "0") > 0;

/** The refusal when the candidate would cut Phoenix's SSH access, or undefined. */
function lockout(view: FirewallView, observed: FirewallObserved): string | undefined {
  if (observed.ssh === null) return `${LABEL}: the host did not report $SSH_CONNECTION, so Phoenix cannot tell whether this rule set keeps its SSH access; nothing is changed`;
  const verdict = tcpVerdict(view, observed.ssh);
  if (!verdict.cut) return undefined;
  const { client, port } = observed.ssh;
  return `${LABEL}: this rule set would cut Phoenix's SSH access (tcp/${port} from ${client}): ${verdict.by}. Add a rule that accepts it (e.g. {"type":"in","action":"ACCEPT","source":"${client}","proto":"tcp","dport":"${port}"}) or set default_input_policy ACCEPT; nothing is changed`;
}

/** What the rule set means for the host and its services: said whenever the firewall is planned. */
function warningsFor(desired: FirewallInputs, observed: FirewallObserved, view: FirewallView): string[] {
  if (!desired.enabled) return [];
  if (view.host.options.enable === "0") {
    return [`${LABEL}: ${hostFwPath(observed.node)} has enable: 0, so no firewall rule applies to this host itself (guests still filtered)`];
  }
  const services = (desired.services ?? []).flatMap((s) => {
    const server = s.server ?? observed.ssh?.server;
    return server === undefined ? [] : [{ ...s, server }];
  });
  return servedPortWarnings(view, services).map((w) => `${LABEL}: ${w}`);
}

export function planFirewall(desired: FirewallInputs, observed: FirewallObserved): Plan {
  if (observed.service === null) return refuse(`${LABEL}: the host has no pve-firewall (is it a Proxmox VE host?)`);
  const edit = planFileEdit(CLUSTER_FW, observed.cluster, (current) => rewriteFirewallFile(current, desired), { createDirectory: true, ...CLUSTER_FW_CHECK });
  const start = desired.enabled && observed.service === "stopped";
  // The rule set as it will be: cluster.fw after this plan, host.fw as it is.
  const view = { cluster: parseFirewallFile(rewriteFirewallFile(observed.cluster, desired)), host: parseFirewallFile(observed.host), localNetwork: observed.localNetwork };
  const warnings = warningsFor(desired, observed, view);
  if (!edit && !start) return planSteps([], warnings);
  const blocked = desired.enabled ? lockout(view, observed) : undefined;
  if (blocked !== undefined) return refuse(blocked);
  const steps: Step[] = [];
  if (edit) {
    const rules = desired.rules === undefined ? "[RULES] kept" : `${desired.rules.length} rule${desired.rules.length === 1 ? "" : "s"}`;
    steps.push(fileEditStep(`datacenter firewall ${desired.enabled ? "on" : "off"}, policy_in ${desired.policyIn}, policy_out ${desired.policyOut}, ${rules}; other options and sections kept`, edit));
  }
  if (start) steps.push(step("start the firewall service (pve-firewall is stopped)", ["pve-firewall", "start"]));
  return planSteps(steps, warnings);
}

/**
 * Removing the resource turns the datacenter firewall off (enable: 0) and drops Phoenix's
 * policies and rules; other options and sections stay. Turning it off never cuts access, but it
 * stops protecting the host and every guest: refused while it is on, unless allowed.
 */
export function planDeleteFirewall(inputs: FirewallInputs, observed: FirewallObserved, allowed: boolean): Plan {
  if (isOn(observed.cluster) && !allowed) {
    return refuse(`${LABEL}: deleting it turns the Proxmox VE firewall off (cluster.fw enable: 0), so its rules stop protecting the host and every guest. Allow it with phoenix:allowDestroy "Firewall:cluster", set enabled to false first, or stop managing it with pulumi state delete`);
  }
  const off = { enabled: false, ...(inputs.rules === undefined ? {} : { rules: [] }) };
  const edit = planFileEdit(CLUSTER_FW, observed.cluster, (current) => (current === null ? null : rewriteFirewallFile(current, off)), { ...CLUSTER_FW_CHECK });
  return planSteps(edit ? [fileEditStep(`datacenter firewall off; Phoenix's policies${inputs.rules === undefined ? "" : " and rules"} removed, other options and sections kept`, edit)] : []);
}
