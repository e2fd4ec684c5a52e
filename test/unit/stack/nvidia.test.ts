import { describe, expect, it } from "vitest";
import { nvidiaDriverArgs } from "../../../stack/nvidia";
import type { HypervisorConfig } from "../../../config/load";

const URL = "https://us.download.nvidia.com/XFree86/Linux-x86_64/580.76.05/NVIDIA-Linux-x86_64-580.76.05.run";
const hv = (nvidia_driver: unknown) => ({ file: { nvidia_driver } }) as unknown as HypervisorConfig;

describe("nvidiaDriverArgs", () => {
  it("maps an install block, the checksum in lower case", () => {
    expect(nvidiaDriverArgs(hv({ install: true, version: "580.76.05", runfile_url: URL, cuda_version: "12.8", install_vllm_libs: true, runfile_sha256: "AB".repeat(32) }))).toEqual({ version: "580.76.05", runfileUrl: URL, runfileSha256: "ab".repeat(32) });
  });
  it("declares no driver for install: false or no block", () => {
    expect(nvidiaDriverArgs(hv({ install: false, version: "580.76.05", runfile_url: URL, cuda_version: "12.8", install_vllm_libs: true }))).toBeUndefined();
    expect(nvidiaDriverArgs(hv(undefined))).toBeUndefined();
  });
});
