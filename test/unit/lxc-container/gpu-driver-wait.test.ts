import { describe, expect, it } from "vitest";
import { gpuDriverWait } from "../../../providers/lxc-container/gpu";
import { planLxcContainer } from "../../../providers/lxc-container/plan";
import { LxcContainerInputsSchema } from "../../../providers/lxc-container/schema";

const desired = LxcContainerInputsSchema.parse({
  ctid: "960", hostname: "gpu", source: { kind: "template", template: "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst" },
  memoryMb: 512, cores: 1, rootfs: { storage: "local-zfs", sizeGb: 1 }, gpus: [0], gpuDriverVersion: "580.76.05",
});
const host = { exists: false, majors: { "nvidia-frontend": 195 }, gpuNodes: [{ path: "/dev/nvidia0", major: 195, minor: 0 }], hostPaths: {}, firewallFile: null };

describe("a GPU container waits for the host's NVIDIA driver", () => {
  it.each([
    [[0], "580.76.05", null, /^GPU 0 assigned, but reboot required: NVIDIA driver 580\.76\.05 is installed but no NVIDIA driver is loaded/],
    [[0, 1], "580.76.05", "570.1.2", /^GPU 0,1 assigned, but reboot required: .* the loaded driver is 570\.1\.2/],
    [[0], "580.76.05", "580.76.05", undefined],
    [[], "580.76.05", null, undefined],
    [[0], undefined, null, undefined],
    [[0], "580.76.05", undefined, undefined],
  ] as const)("gpus %j, wanted %s, loaded %s", (gpus, wanted, loaded, expected) => {
    const wait = gpuDriverWait(gpus, wanted, loaded);
    if (expected === undefined) expect(wait).toBeUndefined();
    else expect(wait).toMatch(expected);
  });

  it("refuses to create it while the driver waits for a reboot, naming the reboot", () => {
    const plan = planLxcContainer(desired, { ...host, gpuDriverLoaded: null });
    expect(plan).toMatchObject({ kind: "refuse", reason: expect.stringMatching(/^LxcContainer 960: GPU 0 assigned, but reboot required: .*reboot it, then run up again\)$/) });
  });

  it("plans the create once the driver is loaded", () => {
    const plan = planLxcContainer(desired, { ...host, gpuDriverLoaded: "580.76.05" });
    expect(plan.kind).toBe("steps");
  });
});
