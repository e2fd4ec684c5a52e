// Maps the hypervisor file's `firewall` block (top level, or under shared_volumes as the real
// file has it; config/normalize.ts resolves which) to the Firewall resource.
import type { HypervisorConfig } from "../config/load";
import { Firewall, type FirewallArgs } from "../providers/firewall";

/** The datacenter firewall as the file describes it; global_firewall_rules absent: [RULES] is kept. */
export function firewallArgs(hypervisor: HypervisorConfig): FirewallArgs | undefined {
  const fw = hypervisor.firewall;
  if (fw === undefined) return undefined;
  const base = { enabled: fw.enabled, policyIn: fw.default_input_policy, policyOut: fw.default_output_policy };
  return fw.rules === undefined ? base : { ...base, rules: fw.rules.map((r) => ({ ...r })) };
}

/** Declares the firewall when the file has a block for it. */
export function declareFirewall(hypervisor: HypervisorConfig): Firewall | undefined {
  const args = firewallArgs(hypervisor);
  return args === undefined ? undefined : new Firewall("cluster", args);
}
