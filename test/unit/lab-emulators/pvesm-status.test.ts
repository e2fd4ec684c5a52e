import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { observeStorage, parseStorageCfg } from "../../../providers/proxmox-storage/inspect";
import { planProxmoxStorage } from "../../../providers/proxmox-storage/plan";
import { ProxmoxStorageInputsSchema } from "../../../providers/proxmox-storage/schema";
import { PvesmLab, SEED } from "./pvesm-harness";

let lab: PvesmLab;
const GIB = 1024 ** 3;
const FIXTURES = join(__dirname, "../../fixtures/proxmox-storage");

// What `pvesm add zfspool` writes for both datasets (pinned in pvesm.test.ts); seeding it directly
// saves four emulator runs per test.
const TWO_POOLS =
  SEED +
  "zfspool: quickOS-vm-disks\n\tpool quickOS/vm-disks\n\tcontent images,rootdir\n\tmountpoint /quickOS/vm-disks\n\n" +
  "zfspool: quickOS-lxc-disks\n\tpool quickOS/lxc-disks\n\tcontent rootdir\n\tmountpoint /quickOS/lxc-disks\n\n";

beforeEach(() => {
  lab = new PvesmLab(TWO_POOLS);
  lab.datasets({
    "quickOS/vm-disks": { mountpoint: "/quickOS/vm-disks", available: GIB, used: GIB / 2 },
    "quickOS/lxc-disks": { mountpoint: "/quickOS/lxc-disks", available: 3 * GIB, used: 123456789 },
  });
});
// Each test gets a fresh /etc/pve and fake PATH; nothing may leak into the next one.
afterEach(() => lab.cleanup());

const HEADER = "Name                     Type     Status           Total            Used       Available        %\n";

describe("pvesm status", () => {
  it("prints PVE's table: KiB columns, sorted ids, disabled rows with N/A", () => {
    expect(lab.run("status")).toEqual({
      code: 0,
      stderr: "",
      stdout:
        HEADER +
        "local                     dir   disabled               0               0               0      N/A\n" +
        "quickOS-lxc-disks     zfspool     active         3266291          120563         3145728    3.69%\n" +
        "quickOS-vm-disks      zfspool     active         1572864          524288         1048576   33.33%\n",
    });
  });

  it("shows a zfspool whose dataset vanished as inactive, with the zfs error as a warning", () => {
    lab.datasets({ "quickOS/vm-disks": { mountpoint: "/quickOS/vm-disks", available: GIB, used: 0 } });
    expect(lab.run("status", "--storage", "quickOS-lxc-disks")).toEqual({
      code: 0,
      stderr: "zfs error: cannot open 'quickOS/lxc-disks': dataset does not exist\n",
      stdout:
        HEADER +
        "quickOS-lxc-disks     zfspool   inactive               0               0               0    0.00%\n",
    });
  });

  it("filters with --enabled 1 and --content", () => {
    expect(lab.run("status", "--enabled", "1").stdout.split("\n").map((l) => l.split(" ")[0])).toEqual(["Name", "quickOS-lxc-disks", "quickOS-vm-disks", ""]);
    expect(lab.run("status", "--content", "images").stdout.split("\n").map((l) => l.split(" ")[0])).toEqual(["Name", "quickOS-vm-disks", ""]);
  });

  it("rejects an unknown --storage as a parameter error", () => {
    expect(lab.run("status", "--storage", "nope1")).toEqual({
      code: 255,
      stdout: "",
      stderr: "400 Parameter verification failed.\nstorage: No such storage.\npvesm status  [OPTIONS]\n",
    });
  });

  it("reports a dir storage from statvfs, and an unmounted one as inactive", () => {
    const iso = join(lab.data, "iso");
    lab.mount(iso);
    lab.run("add", "dir", "fastData-shared-iso", "--path", iso, "--content", "iso", "--is_mountpoint", "yes");
    expect(lab.run("status", "--storage", "fastData-shared-iso").stdout).toMatch(
      /\nfastData-shared-iso +dir +active +[1-9]\d* +\d+ +\d+ +\d+\.\d\d%\n$/,
    );
    lab.mount();
    expect(lab.run("status", "--storage", "fastData-shared-iso")).toMatchObject({
      stderr: `unable to activate storage 'fastData-shared-iso' - directory is expected to be a mount point but is not mounted: '${iso}'\n`,
      stdout: expect.stringMatching(/\nfastData-shared-iso +dir +inactive +0 +0 +0 +0\.00%\n$/),
    });
  });
});

describe("pvesm list (minimal)", () => {
  it("lists guest volumes of a zfspool, rootdir for containers and images for VMs", () => {
    lab.datasets({
      "quickOS/vm-disks": {
        mountpoint: "/quickOS/vm-disks",
        available: GIB,
        used: 0,
        volumes: [
          ["quickOS/vm-disks/subvol-100-disk-0", "-", "-", "filesystem", "8589934592"],
          ["quickOS/vm-disks/vm-101-disk-0", "34359738368", "-", "volume", "-"],
          ["quickOS/vm-disks/other", "-", "-", "filesystem", "none"],
        ],
      },
    });
    mkdirSync(join(lab.root, "lxc"));
    writeFileSync(join(lab.root, "lxc", "100.conf"), "hostname: ct100\n");
    expect(lab.run("list", "quickOS-vm-disks")).toEqual({
      code: 0,
      stderr: "",
      stdout:
        "Volid                              Format  Type             Size VMID\n" +
        "quickOS-vm-disks:subvol-100-disk-0 subvol  rootdir    8589934592 100\n" +
        "quickOS-vm-disks:vm-101-disk-0     raw     images    34359738368 101\n",
    });
  });

  it("lists ISO images and templates of a dir storage", () => {
    const iso = join(lab.data, "iso");
    lab.run("add", "dir", "fastData-shared-iso", "--path", iso, "--content", "iso,vztmpl");
    writeFileSync(join(iso, "template/iso/debian-12.iso"), "x".repeat(10));
    writeFileSync(join(iso, "template/cache/debian-12-standard_12.7-1_amd64.tar.zst"), "x".repeat(100));
    expect(lab.run("list", "fastData-shared-iso").stdout).toBe(
      "Volid                                                              Format  Type      Size VMID\n" +
        "fastData-shared-iso:iso/debian-12.iso                              iso     iso        10\n" +
        "fastData-shared-iso:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst tzst    vztmpl    100\n",
    );
  });
});

describe("storage.cfg written back by the emulator", () => {
  it("rewrites a hand-edited file the way PVE would, with PVE's warnings", () => {
    copyFileSync(join(FIXTURES, "odd-spacing.cfg"), lab.cfgPath);
    const res = lab.run("set", "quickOS-lxc-disks", "--content", "rootdir,images");
    expect(res.code).toBe(0);
    expect(lab.cfg()).toBe(readFileSync(join(FIXTURES, "odd-spacing.rewritten.cfg"), "utf8"));
    expect(res.stderr).toBe(readFileSync(join(FIXTURES, "odd-spacing.warnings.txt"), "utf8"));
  });
});

describe("the ProxmoxStorage planner converges through the emulator", () => {
  const observe = (id: string) => observeStorage(parseStorageCfg(lab.cfg()), id);
  const apply = (desired: ReturnType<typeof ProxmoxStorageInputsSchema.parse>) => {
    const steps = planProxmoxStorage(desired, observe(desired.storageId));
    for (const step of steps) {
      expect(lab.run(...step.argv.slice(1))).toEqual({ code: 0, stdout: "", stderr: "" });
    }
    return { ran: steps.length, left: planProxmoxStorage(desired, observe(desired.storageId)) };
  };

  it.each([
    ["content drift", 1, { storageId: "quickOS-vm-disks", type: "zfspool", pool: "quickOS/vm-disks", content: ["images"], sparse: true }],
    ["a pool change (replace)", 2, { storageId: "quickOS-vm-disks", type: "zfspool", pool: "quickOS/lxc-disks", content: ["rootdir"] }],
    ["a new dir storage", 1, { storageId: "fastData-shared-backups", type: "dir", path: "/MOUNTED", content: ["backup"] }],
    ["a type change (replace)", 2, { storageId: "quickOS-lxc-disks", type: "dir", path: "/MOUNTED", content: ["iso"], isMountpoint: false }],
  ])("leaves nothing to do after %s", (_what, ran, raw) => {
    const mounted = join(lab.data, "backups");
    lab.mount(mounted);
    const desired = ProxmoxStorageInputsSchema.parse(JSON.parse(JSON.stringify(raw).replace("/MOUNTED", mounted)));
    expect(apply(desired)).toEqual({ ran, left: [] });
  });
});
