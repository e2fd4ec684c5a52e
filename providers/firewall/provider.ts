// Firewall lifecycle on the host:
//   inspect: cat cluster.fw; uname -n; cat /etc/pve/nodes/<node>/host.fw; pve-firewall status;
//            pve-firewall localnet; printenv SSH_CONNECTION
//   create/update: refuse a rule set that cuts Phoenix's SSH access; cluster.fw through
//            editHostFile (checked by PVE::Firewall's parser before the rename); pve-firewall
//            start when on and stopped (the daemon reads the files every few seconds itself)
//   delete:  enable: 0 and Phoenix's policies/rules removed, refused while on unless allowed
import type { Runner } from "../core/runner";
import { probe, readArgv } from "../core/apply";
import { fileContent } from "../core/file-content";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import * as inspect from "./inspect";
import { ownedPart, planDeleteFirewall, planFirewall } from "./plan";
import { CLUSTER_FW, FirewallInputsSchema, hostFwPath, type FirewallInputs, type FirewallObserved } from "./schema";

async function inspectFirewall(runner: Runner): Promise<FirewallObserved> {
  const [cluster, node, status, localnet, ssh] = await Promise.all([
    probe(runner, inspect.catCommand(CLUSTER_FW)),
    readArgv(runner, inspect.nodeCommand()),
    probe(runner, inspect.statusCommand()),
    probe(runner, inspect.localnetCommand()),
    probe(runner, inspect.sshConnectionCommand()),
  ]);
  const name = node.trim();
  const host = await probe(runner, inspect.catCommand(hostFwPath(name)));
  return {
    cluster: fileContent(cluster, CLUSTER_FW),
    node: name,
    host: fileContent(host, hostFwPath(name)),
    service: inspect.parseStatus(status),
    localNetwork: inspect.parseLocalnet(localnet),
    ssh: inspect.parseSshConnection(ssh),
  };
}

export const firewallDefinition: ResourceDefinition<FirewallInputs, FirewallObserved> = {
  kind: "Firewall",
  parseInputs: (raw) => parseWith(FirewallInputsSchema, raw),
  id: () => "cluster",
  identity: [],
  label: () => 'Firewall "cluster"',
  inspect: (runner) => inspectFirewall(runner),
  // State keeps what Phoenix owns and the service state: hand-made sections, host.fw, the
  // local network and the client's address change without being drift of this resource.
  snapshot: (observed, desired) => ({ ...observed, cluster: ownedPart(observed.cluster, desired.rules !== undefined), host: null, localNetwork: null, ssh: null }),
  exists: (observed) => observed.cluster !== null,
  plan: (desired, observed) => planFirewall(desired, observed),
  planDelete: (inputs, observed, allowed) => planDeleteFirewall(inputs, observed, allowed),
  allowsDestroy: () => false,
};
