// HostName lifecycle on the host:
//   inspect: cat /etc/hostname /etc/hosts; uname -n; ls /etc/pve/local/{lxc,qemu-server};
//            test -e /etc/pve/corosync.conf
//   create/update: /etc/hostname (editHostFile) and `hostname <name>` when the config names
//            the node (refused with guests or in a cluster); /etc/hosts line (editHostFile)
//   delete:  nothing (the node keeps its name)
import type { Runner } from "../core/runner";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import { probe, readArgv } from "../core/apply";
import { testAnswer } from "../core/test-answer";
import * as inspect from "./inspect";
import { planDeleteHostName, planHostName } from "./plan";
import { HOSTNAME_FILE, HOSTS_FILE, HostNameInputsSchema, type HostNameInputs, type HostNameObserved } from "./schema";

async function inspectName(runner: Runner): Promise<HostNameObserved> {
  const [hostname, kernel, hosts, guests, cluster, pmxcfs] = await Promise.all([
    probe(runner, inspect.catCommand(HOSTNAME_FILE)),
    readArgv(runner, inspect.kernelNameCommand()),
    probe(runner, inspect.catCommand(HOSTS_FILE)),
    probe(runner, inspect.guestsCommand()),
    probe(runner, inspect.clusterCommand()),
    probe(runner, inspect.pmxcfsCommand()),
  ]);
  return {
    hostnameFile: inspect.parseHostnameFile(hostname),
    kernelName: kernel.trim(),
    hosts: inspect.parseHostsFile(hosts),
    guests: inspect.parseGuests(guests),
    clustered: testAnswer(cluster, `-e ${inspect.COROSYNC_CONF}`),
    pmxcfs: testAnswer(pmxcfs, `-e ${inspect.PMXCFS_VERSION_PATH}`),
  };
}

export const hostNameDefinition: ResourceDefinition<HostNameInputs, HostNameObserved> = {
  kind: "HostName",
  parseInputs: (raw) => parseWith(HostNameInputsSchema, raw),
  // One per host: the name is a setting of the node (a rename is planned, not a replace).
  id: () => "hostname",
  identity: [],
  label: (inputs) => (inputs.name === undefined ? "HostName (the node keeps its name)" : `HostName "${inputs.name}"`),
  inspect: (runner) => inspectName(runner),
  exists: () => true,
  plan: (desired, observed) => planHostName(desired, observed),
  planDelete: () => planDeleteHostName(),
  allowsDestroy: () => true,
};
