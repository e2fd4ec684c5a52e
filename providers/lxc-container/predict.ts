// The create step of a container that does not exist yet, and the conf that step leaves, so the
// rest is planned by the same converge as for an existing container. pct create writes what its
// arguments say (plus memory/swap 512 defaults, a generated MAC); pct clone copies the source's
// conf (or the snapshot's section) with a new hostname, new MACs, the disks on --storage, and
// without template/parent/snapshot keys (pve-container API2/LXC.pm clone_vm).
import { step, type Step } from "../core/step";
import type { PctConf, PctSection } from "./conf";
import type { ContainerView } from "./plan";
import { parseMount, renderFeatures, renderNet, renderStartup } from "./props";
import type { LxcContainerInputs, LxcContainerObserved } from "./schema";

type Predicted = { steps: Step[]; view: ContainerView; warnings: string[] } | { problem: string };

/** Renders keys and raw lines the way write_pct_config lays out a main section. */
export function renderConfText(keys: Readonly<Record<string, string>>, raw: PctSection["raw"] = []): string {
  const lines = Object.keys(keys).sort().map((k) => `${k}: ${keys[k]}`);
  return `${[...lines, ...raw.map((e) => `${e.key}: ${e.value}`)].join("\n")}\n`;
}

const viewOf = (keys: Record<string, string>, raw: PctSection["raw"] = []): ContainerView => {
  const conf: PctConf = { main: { keys, raw }, snapshots: {}, unparsed: [] };
  return { conf, confText: renderConfText(keys, raw), status: "stopped" };
};

/** `pct create` with everything it takes; mounts follow with pct set (one index rule for all). */
function predictTemplate(desired: LxcContainerInputs, template: string): Predicted {
  const id = desired.ctid;
  const keys: Record<string, string> = {
    hostname: desired.hostname,
    memory: String(desired.memoryMb),
    swap: String(desired.swapMb ?? 512),
    cores: String(desired.cores),
    onboot: desired.onboot ? "1" : "0",
  };
  const args: string[] = ["--hostname", desired.hostname, "--memory", keys.memory];
  if (desired.swapMb !== undefined) args.push("--swap", keys.swap);
  args.push("--cores", keys.cores, "--rootfs", `${desired.rootfs.storage}:${desired.rootfs.sizeGb}`);
  keys.rootfs = `${desired.rootfs.storage}:subvol-${id}-disk-0,size=${desired.rootfs.sizeGb}G`;
  if (desired.unprivileged !== undefined) {
    args.push("--unprivileged", desired.unprivileged ? "1" : "0");
    if (desired.unprivileged) keys.unprivileged = "1";
  }
  for (const nic of desired.nics) {
    keys[`net${nic.index}`] = renderNet(nic, nic.hwaddr);
    args.push(`--net${nic.index}`, keys[`net${nic.index}`]);
  }
  if (desired.nameservers.length > 0) args.push("--nameserver", (keys.nameserver = desired.nameservers.join(" ")));
  if (Object.keys(desired.features).length > 0) args.push("--features", (keys.features = renderFeatures(desired.features)));
  args.push("--onboot", keys.onboot);
  const startup = renderStartup(desired.startup);
  if (startup !== undefined) args.push("--startup", (keys.startup = startup));
  const create = step(`create CT ${id} from ${template}`, ["pct", "create", id, template, ...args]);
  return { steps: [create], view: viewOf(keys), warnings: [] };
}

// Keys a clone never gets from its source.
const NOT_CLONED = /^(template|parent|snaptime|snapstate|vmstate|lock|unused\d+)$/;

function predictClone(desired: LxcContainerInputs, from: string, snapshot: string | undefined, source: PctConf | null | undefined): Predicted {
  const id = desired.ctid;
  const argv = ["pct", "clone", from, id, ...(snapshot === undefined ? [] : ["--snapname", snapshot]), "--hostname", desired.hostname, "--storage", desired.rootfs.storage, "--full", "1"];
  const clone = step(`clone CT ${id} from CT ${from}${snapshot === undefined ? "" : ` at snapshot ${snapshot}`} (full copy on ${desired.rootfs.storage})`, argv, { serialize: `lxc-source:${from}` });
  if (source === null || source === undefined) {
    // Only a preview of a fresh host gets here: the source is created earlier in the same run.
    const keys: Record<string, string> = { hostname: desired.hostname, ...(desired.unprivileged ? { unprivileged: "1" } : {}) };
    return { steps: [clone], view: viewOf(keys), warnings: [`clone source CT ${from} does not exist on the host yet; the plan after the clone is decided when it does`] };
  }
  const section = snapshot === undefined ? source.main : source.snapshots[snapshot];
  if (section === undefined) {
    const have = Object.keys(source.snapshots);
    return { problem: `clone source CT ${from} has no snapshot "${snapshot}" (it has ${have.length === 0 ? "none" : have.join(", ")}); the source's template snapshot must be taken first` };
  }
  const keys: Record<string, string> = {};
  let disk = 0;
  const onTarget = (volumeKey: string, value: string) => {
    const m = parseMount(volumeKey, value);
    const rest = value.split(",").slice(1).filter((p) => !p.startsWith("size="));
    const size = m.sizeBytes === undefined ? [] : [`size=${m.sizeBytes / 2 ** 30}G`];
    return [`${desired.rootfs.storage}:subvol-${id}-disk-${disk++}`, ...rest, ...size].join(",");
  };
  for (const [k, v] of Object.entries(section.keys)) {
    if (NOT_CLONED.test(k)) continue;
    if (/^mp\d+$/.test(k) && parseMount(k, v).bind) return { problem: `clone source CT ${from} has a bind mount (${k}: ${v}); PVE cannot clone it` };
    if (k === "rootfs" || /^mp\d+$/.test(k)) keys[k] = onTarget(k, v);
    else if (/^net\d+$/.test(k)) keys[k] = v.split(",").filter((p) => !p.startsWith("hwaddr=")).join(",");
    else keys[k] = v;
  }
  keys.hostname = desired.hostname;
  return { steps: [clone], view: viewOf(keys, section.raw), warnings: [] };
}

/** The create step and the predicted result, or why the container cannot be created. */
export function predictCreate(desired: LxcContainerInputs, observed: LxcContainerObserved): Predicted {
  if (desired.source.kind === "template") return predictTemplate(desired, desired.source.template);
  return predictClone(desired, desired.source.from, desired.source.snapshot, observed.source);
}
