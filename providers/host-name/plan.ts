// HostName planner: /etc/hosts maps the node's name to its address; when the config names the
// node, /etc/hostname and the kernel's name follow. A rename is refused while the node has
// guests or is in a cluster: their configs live below /etc/pve/nodes/<old name>, and
// pmxcfs would show the node without them (PVE's docs: rename only an empty, standalone node).
import { listSome, planSteps, refuse, type Plan } from "../core/plan";
import { fileEditStep, step, type Step } from "../core/step";
import { planFileEdit } from "../ssh/host-file-plan";
import { hostsWith } from "./hosts-file";
import { COROSYNC_CONF } from "./inspect";
import { currentName, HOSTNAME_FILE, HOSTS_FILE, type HostNameInputs, type HostNameObserved } from "./schema";

const FILE = { mode: 0o644, owner: "root:root" } as const;

function renameProblem(from: string, to: string, observed: HostNameObserved): string | undefined {
  if (!observed.pmxcfs) return `/etc/pve is not the mounted cluster filesystem (no /etc/pve/.version; is pve-cluster running?), so the node's guests and cluster membership cannot be seen; start pve-cluster before a rename`;
  if (observed.clustered) return `the node is in a cluster (${COROSYNC_CONF} exists); a cluster node cannot be renamed in place (remove it from the cluster first, or set network.hostname to "${from}")`;
  if (observed.guests.length > 0) {
    return `the node has guests (${listSome(observed.guests)} below /etc/pve/nodes/${from}); renaming it to "${to}" would hide them from Proxmox VE. Move or remove them first, or set network.hostname to "${from}"`;
  }
  return undefined;
}

export function planHostName(desired: HostNameInputs, observed: HostNameObserved): Plan {
  const from = currentName(observed);
  const name = desired.name ?? from;
  const label = `HostName "${name}"`;
  const renaming = desired.name !== undefined && (from !== name || observed.kernelName !== name);
  const steps: Step[] = [];
  const warnings: string[] = [];
  if (renaming) {
    const problem = from !== name ? renameProblem(from, name, observed) : undefined;
    if (problem !== undefined) return refuse(`${label}: ${problem}`);
    const edit = planFileEdit(HOSTNAME_FILE, observed.hostnameFile, () => `${name}\n`, FILE);
    if (edit) steps.push(fileEditStep(`the node is named ${name} (was ${from})`, edit));
    if (observed.kernelName !== name) steps.push(step(`the running kernel's node name is ${name} (was ${observed.kernelName})`, ["hostname", name]));
    if (from !== name) warnings.push(`${label}: Proxmox VE services (pve-cluster, pveproxy) take the new name at the next reboot`);
  }
  const names = desired.domain ? [`${name}.${desired.domain}`, name] : [name];
  const drop = [...new Set([...names, ...(renaming && from !== name ? [from, ...(desired.domain ? [`${from}.${desired.domain}`] : [])] : [])])];
  const hosts = planFileEdit(HOSTS_FILE, observed.hosts, (current) => hostsWith(current, desired.address, names, drop), FILE);
  if (hosts) steps.push(fileEditStep(`${name} resolves to ${desired.address}`, hosts));
  return planSteps(steps, warnings);
}

/** Removing the resource leaves name and /etc/hosts as they are (a node always has a name). */
export function planDeleteHostName(): Plan {
  return planSteps([], ["HostName: the node keeps its name and /etc/hosts; Phoenix only stops managing them"]);
}
