// Firewall inputs: the datacenter firewall of /etc/pve/firewall/cluster.fw as the hypervisor
// file's `firewall` block sets it (enable, policy_in, policy_out and, when the block has
// global_firewall_rules, the whole [RULES] section), and what the host reports around it.
import { z } from "zod";
import { firewallPolicySchema, firewallRuleSchema } from "../core/firewall-file";
import { parseIp } from "./address";
import type { TcpEndpoint } from "./lockout";

export const CLUSTER_FW = "/etc/pve/firewall/cluster.fw";
/** host.fw of a node (/etc/pve/local/host.fw is a link to the local node's). */
export const hostFwPath = (node: string) => `/etc/pve/nodes/${node}/host.fw`;

const ServedPortSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9 ._-]{1,32}$/),
  port: z.number().int().min(1).max(65535),
  /** The address clients reach the host at; absent: the one Phoenix's SSH reaches. */
  server: z.string().refine((v) => parseIp(v) !== undefined, "not an IP address").optional(),
  clients: z.array(z.string().min(1)),
});

export const FirewallInputsSchema = z.strictObject({
  enabled: z.boolean(),
  policyIn: firewallPolicySchema,
  policyOut: firewallPolicySchema,
  /** Cluster-wide rules, exactly; absent: [RULES] is not Phoenix's and is kept as it is. */
  rules: z.array(firewallRuleSchema(["in", "out", "forward"] as const)).optional(),
  /** What the host serves (NFS, SMB): checked against the rule set and warned about, never written. */
  services: z.array(ServedPortSchema).optional(),
});

export type FirewallInputs = z.output<typeof FirewallInputsSchema>;

/** What the host reported. */
export interface FirewallObserved {
  /** cluster.fw (null: no such file, the firewall is off). */
  readonly cluster: string | null;
  /** The node name (`uname -n`), whose host.fw holds the host's own rules. */
  readonly node: string;
  /** That node's host.fw (null: none, the host firewall is on with no rules of its own). */
  readonly host: string | null;
  /** The pve-firewall service (`pve-firewall status`); null when the host has no pve-firewall. */
  readonly service: "running" | "stopped" | null;
  /** `pve-firewall localnet`: the network the management ipset holds (null: not reported). */
  readonly localNetwork: string | null;
  /** Phoenix's own SSH connection as the host sees it (null: not reported). */
  readonly ssh: TcpEndpoint | null;
}
