import { describe, expect, it } from "vitest";
import { checkNvidia } from "../../../config/checks/nvidia";
import { ProblemSink } from "../../../config/problems";

const URL = "https://us.download.nvidia.com/XFree86/Linux-x86_64/580.76.05/NVIDIA-Linux-x86_64-580.76.05.run";
const driver = { install: true, version: "580.76.05", runfile_url: URL, cuda_version: "12.8", install_vllm_libs: false, runfile_sha256: "a".repeat(64) };

function run(hv: object, lxc: object) {
  const hvSink = new ProblemSink("phoenix_hypervisor_config.json");
  const lxcSink = new ProblemSink("phoenix_lxc_configs.json");
  checkNvidia({ nvidia_driver: hv } as never, lxc, hvSink, lxcSink);
  return [...hvSink.problems, ...lxcSink.problems].map((p) => `${p.severity} ${p.file} ${p.path}: ${p.message}`);
}

describe("checkNvidia: the host driver and the LXC file's root nvidia_* keys", () => {
  it("accepts agreeing keys (cuda_version and nvidia_repo_url reach the nvidia feature)", () => {
    expect(run(driver, { nvidia_driver_version: "580.76.05", nvidia_runfile_url: URL, nvidia_repo_url: "https://example.invalid/repos/ubuntu2404/x86_64/" })).toEqual([]);
  });
  it("refuses a container driver version other than the host's, with both paths", () => {
    expect(run(driver, { nvidia_driver_version: "570.1.2" })).toContainEqual(
      "error phoenix_lxc_configs.json $.nvidia_driver_version: is 570.1.2, but the host driver (phoenix_hypervisor_config.json $.nvidia_driver.version) is 580.76.05; the userspace in containers must match the host's kernel module",
    );
  });
  it("refuses another runfile, a runfile URL of another version, and warns without a checksum", () => {
    const other = URL.replace(/580\.76\.05/g, "570.1.2");
    expect(run(driver, { nvidia_runfile_url: other }).some((p) => p.startsWith("error phoenix_lxc_configs.json $.nvidia_runfile_url: differs"))).toBe(true);
    expect(run({ ...driver, runfile_url: other }, {})).toContainEqual("error phoenix_hypervisor_config.json $.nvidia_driver.runfile_url: is the runfile of driver 570.1.2, but nvidia_driver.version is 580.76.05");
    expect(run({ ...driver, runfile_sha256: undefined }, {}).some((p) => p.startsWith("warning phoenix_hypervisor_config.json $.nvidia_driver: no runfile_sha256"))).toBe(true);
  });
  it("leaves the container keys unconstrained when the host installs no driver", () => {
    expect(run({ ...driver, install: false }, { nvidia_driver_version: "570.1.2", nvidia_repo_url: "https://x/" })).toEqual([]);
  });
});
