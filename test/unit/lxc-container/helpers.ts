// Builders for planner tests: inputs through the real schema, observations from conf text.
import { parseGpuNodes, parseProcDevices } from "../../../providers/lxc-container/inspect";
import { LxcContainerInputsSchema, type LxcContainerInputs, type LxcContainerObserved, type LxcContainerRawInputs } from "../../../providers/lxc-container/schema";
import { renderStep, type Step } from "../../../providers/core/step";
import type { Plan } from "../../../providers/core/plan";
import { fixture } from "./fixtures";

export const BASE: LxcContainerRawInputs = {
  ctid: "950",
  hostname: "vllm",
  source: { kind: "template", template: "/fastData/shared-iso/template/cache/ubuntu-24.04-standard_24.04-2_amd64.tar.zst" },
  unprivileged: true,
  memoryMb: 4096,
  cores: 2,
  rootfs: { storage: "quickOS-lxc-disks", sizeGb: 32 },
  nics: [{ index: 0, name: "eth0", bridge: "vmbr0", ip: "10.0.0.150/24", gw: "10.0.0.1", hwaddr: "52:54:00:67:89:B0" }],
  nameservers: ["8.8.8.8"],
};

export function inputs(over: Partial<LxcContainerRawInputs> = {}): LxcContainerInputs {
  return LxcContainerInputsSchema.parse({ ...BASE, ...over });
}

/** The conf pct create leaves for BASE (and what converge keeps comparing against). */
export const BASE_CONF = `arch: amd64
cores: 2
hostname: vllm
memory: 4096
nameserver: 8.8.8.8
net0: name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:67:89:B0,ip=10.0.0.150/24,type=veth
onboot: 0
ostype: ubuntu
rootfs: quickOS-lxc-disks:subvol-950-disk-0,size=32G
swap: 512
unprivileged: 1
`;

export const HOST = {
  majors: parseProcDevices(fixture("proc-devices.txt")),
  gpuNodes: parseGpuNodes(fixture("gpu-nodes.txt")),
  hostPaths: {},
  firewallFile: null,
};

export function existing(confText: string, status: "running" | "stopped" = "running", over: Partial<LxcContainerObserved> = {}): LxcContainerObserved {
  return { exists: true, confText, status, ...HOST, linkedClones: [], ...over };
}

export const absent = (over: Partial<LxcContainerObserved> = {}): LxcContainerObserved => ({ exists: false, ...HOST, ...over });

/** Commands of a plan as the preview prints them, or the refusal. */
export function commands(plan: Plan): string[] | string {
  return plan.kind === "refuse" ? plan.reason : plan.steps.map((s: Step) => renderStep(s));
}
