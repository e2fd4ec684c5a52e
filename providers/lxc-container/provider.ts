// LxcContainer lifecycle on the host:
//   inspect: cat /etc/pve/lxc/<id>.conf; pct status <id>; cat /proc/devices; the /dev/nvidia*
//            nodes; the loaded NVIDIA driver (GPU containers); stat of bind mount sources; cat /etc/pve/firewall/<id>.fw; the other confs'
//            disks (linked clones); for a clone not yet made, the source's conf
//   create:  pct create <id> <template> … | pct clone <src> <id> --full 1 …, then as update
//   update:  pct set / pct resize / mkdir+chown / raw lines and <id>.fw through editHostFile /
//            pct start|shutdown|template
//   delete:  pct stop + pct destroy, only when allowed and no linked clone depends on it
import type { Runner } from "../core/runner";
import { probe, readArgv } from "../core/apply";
import type { ResourceDefinition } from "../adapter/definition";
import { parseWith } from "../adapter/parse";
import { keptConfText, parsePctConf } from "./conf";
import * as inspect from "./inspect";
import { planLxcContainer } from "./plan";
import { parseLoadedVersion, versionFileCommand } from "../nvidia-driver/inspect";
import { containerReplacement, planDeleteContainer } from "./plan-delete";
import { LxcContainerInputsSchema, type LxcContainerInputs, type LxcContainerObserved } from "./schema";

async function readFile(runner: Runner, path: string): Promise<string | null> {
  return inspect.parseCat(await probe(runner, inspect.catCommand(path)), path);
}

async function inspectContainer(runner: Runner, desired: LxcContainerInputs): Promise<LxcContainerObserved> {
  const id = desired.ctid;
  const [confText, devices, nodes, firewallFile] = await Promise.all([
    readFile(runner, inspect.confPath(id)),
    readArgv(runner, inspect.procDevicesCommand()),
    readArgv(runner, inspect.gpuNodesCommand()),
    readFile(runner, inspect.firewallPath(id)),
  ]);
  const stats = await Promise.all(desired.bindMounts.map(async (b) => [b.hostPath, inspect.parseHostPath(await probe(runner, inspect.hostPathCommand(b.hostPath)), b.hostPath)] as const));
  const driver = desired.gpus.length > 0 && desired.gpuDriverVersion !== undefined ? { gpuDriverLoaded: parseLoadedVersion(await probe(runner, versionFileCommand())) } : {};
  const host = { majors: inspect.parseProcDevices(devices), gpuNodes: inspect.parseGpuNodes(nodes), hostPaths: Object.fromEntries(stats), firewallFile, ...driver };
  if (confText === null) {
    if (desired.source.kind !== "clone") return { exists: false, ...host };
    const source = await readFile(runner, inspect.confPath(desired.source.from));
    return { exists: false, ...host, source: source === null ? null : parsePctConf(source) };
  }
  const [status, volumes] = await Promise.all([readArgv(runner, inspect.statusCommand(id)), readArgv(runner, inspect.volumeLinesCommand())]);
  return { exists: true, confText, status: inspect.parsePctStatus(status), ...host, linkedClones: inspect.parseLinkedClones(volumes, id) };
}

/** State keeps the conf without snapshot sections and volatile keys, and NVIDIA majors only. */
export function snapshotContainer(observed: LxcContainerObserved): LxcContainerObserved {
  const majors = Object.fromEntries(Object.entries(observed.majors).filter(([name]) => name.startsWith("nvidia")));
  const { linkedClones: _live, ...rest } = observed;
  if (observed.confText === undefined) return { ...rest, majors };
  return { ...rest, majors, confText: keptConfText(observed.confText) };
}

/** LxcContainer for the generic adapter. */
export const lxcContainerDefinition: ResourceDefinition<LxcContainerInputs, LxcContainerObserved> = {
  kind: "LxcContainer",
  // A repair (a start, a changed setting) re-runs the container's health check (stack/applications.ts).
  countsApplies: true,
  parseInputs: (raw) => parseWith(LxcContainerInputsSchema, raw),
  id: (inputs) => inputs.ctid,
  identity: ["ctid"],
  label: (inputs) => `LxcContainer ${inputs.ctid}`,
  inspect: inspectContainer,
  snapshot: (observed) => snapshotContainer(observed),
  exists: (observed) => observed.exists,
  plan: (desired, observed, previous) => planLxcContainer(desired, observed, previous),
  replacement: containerReplacement,
  planDelete: planDeleteContainer,
  allowsDestroy: (inputs) => inputs.allowDestroy,
};
