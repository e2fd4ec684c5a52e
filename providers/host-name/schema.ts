// HostName inputs: the node's name (/etc/hostname and the kernel's) and the /etc/hosts line that
// makes it resolve to the node's own address. Proxmox VE needs that: pve-cluster and pveproxy
// look the node name up and refuse to work when it resolves to a loopback address, which is
// what the original's appended `127.0.1.1 <hostname>` line does.
import { z } from "zod";
import { hostnameProblem, ipv4Problem } from "../../config/schema/names";
import { checkedString } from "../core/checked-string";

export const HOSTNAME_FILE = "/etc/hostname";
export const HOSTS_FILE = "/etc/hosts";

/** Why `name` cannot be a Proxmox VE node name (one DNS label, not localhost), or undefined. */
export function nodeNameProblem(name: string): string | undefined {
  const problem = hostnameProblem(name);
  if (problem !== undefined) return problem;
  if (name.includes(".")) return `node name "${name}" holds a dot; a Proxmox VE node name is one label (the domain goes in domain_name)`;
  if (name.toLowerCase() === "localhost") return `node name "${name}" is reserved for the loopback address`;
  return undefined;
}

/** Why `address` cannot be the node's address in /etc/hosts (loopback is what PVE refuses). */
export function nodeAddressProblem(address: string): string | undefined {
  const problem = ipv4Problem(address);
  if (problem !== undefined) return problem;
  if (address.startsWith("127.")) return `node address ${address} is a loopback address; Proxmox VE needs the node name to resolve to the address its cluster and web interface use`;
  return undefined;
}

export const HostNameInputsSchema = z.object({
  /** Absent: the host keeps the name it has; only /etc/hosts is managed. */
  name: checkedString(nodeNameProblem).optional(),
  address: checkedString(nodeAddressProblem),
  /** Adds `<name>.<domain>` before the short name, as the PVE installer writes the line. */
  domain: checkedString(hostnameProblem).optional(),
});
export type HostNameInputs = z.output<typeof HostNameInputsSchema>;

export interface HostNameObserved {
  readonly hostnameFile: string | null;
  /** The kernel's node name (`hostname`). */
  readonly kernelName: string;
  readonly hosts: string | null;
  /** Guest configs (`<vmid>.conf`) of this node below /etc/pve/local/{lxc,qemu-server}. */
  readonly guests: readonly string[];
  /** /etc/pve/corosync.conf exists: the node is part of a cluster. */
  readonly clustered: boolean;
  /** /etc/pve is the mounted cluster filesystem; without it guests and cluster cannot be seen. */
  readonly pmxcfs: boolean;
}

/** The name the node has now: /etc/hostname's, else the kernel's. */
export function currentName(observed: HostNameObserved): string {
  return observed.hostnameFile?.trim() || observed.kernelName;
}
