// The Firewall resource as the Pulumi program uses it.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";
import type { FirewallRuleInputs } from "../core/firewall-file";

/** The datacenter firewall (/etc/pve/firewall/cluster.fw): the hypervisor file's `firewall` block. */
export interface FirewallArgs {
  enabled: boolean;
  policyIn: "ACCEPT" | "DROP" | "REJECT";
  policyOut: "ACCEPT" | "DROP" | "REJECT";
  /** Cluster-wide rules, exactly; omit to leave [RULES] as it is. */
  rules?: FirewallRuleInputs[];
  /** What the host serves (NFS, SMB): a warning when the rule set would drop its clients. */
  services?: { name: string; port: number; server?: string; clients: string[] }[];
}

export class Firewall extends PhoenixResource<FirewallArgs> {
  constructor(name: string, args: FirewallArgs, opts?: pulumi.CustomResourceOptions) {
    super("Firewall", name, args, opts);
  }
}
