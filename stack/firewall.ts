// Maps the hypervisor file's `firewall` block (top level, or under shared_volumes as the real
// file has it; config/normalize.ts resolves which) to the Firewall resource.
import type { HypervisorConfig } from "../config/load";
import { Firewall, type FirewallArgs } from "../providers/firewall";
import { nfsExports } from "./nfs";

type Services = NonNullable<FirewallArgs["services"]>;

/**
 * What the host serves that its own rules must let in: NFSv4 (tcp/2049) to every export's
 * clients at network.nfs_server, SMB (tcp/445) to network.default_subnet. Without a network
 * block the address is the one Phoenix's SSH reaches.
 */
export function servedPorts(hypervisor: HypervisorConfig): Services {
  const network = hypervisor.file.network;
  const address = network?.interfaces.address.split("/")[0];
  const nfsClients = [...new Set(nfsExports(hypervisor).flatMap((e) => e.clients.map((c) => c.host)))];
  const services: Services = [];
  const at = (server: string | undefined) => (server === undefined ? {} : { server });
  if (nfsClients.length > 0) services.push({ name: "NFS", port: 2049, ...at(network?.nfs_server ?? address), clients: nfsClients });
  if (hypervisor.file.samba?.shares.length && network?.default_subnet) services.push({ name: "SMB", port: 445, ...at(address), clients: [network.default_subnet] });
  return services;
}

/** The datacenter firewall as the file describes it; global_firewall_rules absent: [RULES] is kept. */
export function firewallArgs(hypervisor: HypervisorConfig): FirewallArgs | undefined {
  const fw = hypervisor.firewall;
  if (fw === undefined) return undefined;
  const services = servedPorts(hypervisor);
  const base = { enabled: fw.enabled, policyIn: fw.default_input_policy, policyOut: fw.default_output_policy, ...(services.length > 0 ? { services } : {}) };
  return fw.rules === undefined ? base : { ...base, rules: fw.rules.map((r) => ({ ...r })) };
}

/** Declares the firewall when the file has a block for it. */
export function declareFirewall(hypervisor: HypervisorConfig): Firewall | undefined {
  const args = firewallArgs(hypervisor);
  return args === undefined ? undefined : new Firewall("cluster", args);
}
