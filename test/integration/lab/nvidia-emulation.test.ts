// The lab's NVIDIA stand-ins on a lab host: the runfile installs what the real one leaves for
// Phoenix to read, nvidia-smi and /proc/driver/nvidia/version follow the real formats (PVE CLI
// reference §5: nv-procfs.c, the nvidia-smi manual), dkms prints dkms 3.0's status lines, and the
// module loads only at the next boot.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labReboot, labSsh, labSshOk, labUp, PROJECT } from "../../helpers/lab";

const LAB = "nv-lab";
const runfile = (version: string) => execFileSync("bash", [path.join(PROJECT, "lab", "emulators", "nvidia_lib", "make-runfile"), version]);
const install = (version: string, flags: string) =>
  execFileSync("bash", [path.join(PROJECT, "lab", "lab.sh"), "ssh", LAB, "--", `cat > /root/d.run && sh /root/d.run ${flags}`], { input: runfile(version) });

beforeAll(() => {
  labUp(LAB, ["--gpus", "2"]);
});
afterAll(() => labDown(LAB));

describe("NVIDIA stand-ins", () => {
  it("before any install: no nvidia-smi, no /proc/driver/nvidia, empty dkms status; headers present", () => {
    expect(labSsh(LAB, "nvidia-smi").code).toBe(127);
    expect(labSsh(LAB, "cat /proc/driver/nvidia/version").stderr).toMatch(/No such file or directory/);
    expect(labSshOk(LAB, "dkms status")).toBe("");
    expect(labSshOk(LAB, "test -d /lib/modules/$(uname -r)/build && echo yes").trim()).toBe("yes");
  });

  it("installs with DKMS without loading; nvidia-smi then says the driver is not loaded (exit 9)", () => {
    install("580.76.05", "--silent --dkms --skip-module-load");
    expect(labSshOk(LAB, "dkms status -m nvidia")).toMatch(/^nvidia\/580\.76\.05, \S+, x86_64: installed\n$/);
    const smi = labSsh(LAB, "nvidia-smi --query-gpu=driver_version --format=csv,noheader");
    expect(smi.code).toBe(9);
    expect(smi.stdout).toBe("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n");
  });

  it("loads at the next boot: /proc/driver/nvidia/version and nvidia-smi's CSV", () => {
    labReboot(LAB);
    expect(labSshOk(LAB, "cat /proc/driver/nvidia/version")).toMatch(/^NVRM version: NVIDIA UNIX x86_64 Kernel Module {2}580\.76\.05 {2}.*\nGCC version: {2}gcc version .*\n$/);
    expect(labSshOk(LAB, "nvidia-smi --query-gpu=name,driver_version --format=csv")).toBe("name, driver_version\nNVIDIA Phoenix Lab GPU, 580.76.05\nNVIDIA Phoenix Lab GPU, 580.76.05\n");
    expect(labSshOk(LAB, "nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits")).toBe("24576\n24576\n");
    expect(labSshOk(LAB, "nvidia-smi -L")).toMatch(/^GPU 0: NVIDIA Phoenix Lab GPU \(UUID: GPU-[0-9a-f-]+\)\nGPU 1: /);
  });

  it("an upgrade under the loaded driver: refused without the flag, then a version mismatch until the reboot", () => {
    const refused = labSsh(LAB, "sh /root/d.run --silent --dkms");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ERROR: An NVIDIA kernel module 'nvidia' appears to be already loaded in your kernel/);
    install("590.1.2", "--silent --dkms --skip-module-load --allow-installation-with-running-driver");
    expect(labSshOk(LAB, "dkms status")).toMatch(/^nvidia\/590\.1\.2, \S+, x86_64: installed\n$/);
    expect(labSsh(LAB, "nvidia-smi --query-gpu=driver_version --format=csv,noheader").stdout).toMatch(/^Failed to initialize NVML: Driver\/library version mismatch/);
    expect(labSshOk(LAB, "cat /proc/driver/nvidia/version")).toContain(" 580.76.05 ");
  });

  it("uninstalls through nvidia-installer; update-initramfs writes the initramfs with modprobe.d", () => {
    labSshOk(LAB, "nvidia-installer --uninstall --silent --skip-module-unload");
    expect(labSshOk(LAB, "dkms status")).toBe("");
    labSshOk(LAB, "echo 'blacklist nouveau' > /etc/modprobe.d/blacklist-nouveau.conf");
    expect(labSshOk(LAB, "update-initramfs -u -k all")).toMatch(/^update-initramfs: Generating \/boot\/initrd\.img-\S+\n/);
    expect(labSshOk(LAB, "cat /boot/initrd.img-$(uname -r)")).toContain("blacklist nouveau");
  });
});
