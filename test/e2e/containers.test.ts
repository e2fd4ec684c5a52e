// End to end through the real pulumi CLI against a lab host: the real 2025-09-23 config (ZFS and
// its 15 containers, clone tree included) converges from empty, a second up changes nothing,
// out-of-band changes are found and repaired, volume data survives updates, and removing a
// container is refused until the stack allows it.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSsh, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { TestStack } from "../helpers/pulumi-cli";
import { exampleHypervisorWithoutDriver } from "../helpers/configs";

const LAB = "e2e-ct";
const REAL_HV = exampleHypervisorWithoutDriver();
const REAL_LXC = path.join(PROJECT, "config", "examples", "phoenix_lxc_configs.json");
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-ct-"));
const IDS = ["900", "901", "902", "903", "910", "920", "950", "951", "952", "953", "954", "955", "956", "957", "960"];

let lab: LabConnection;
let stack: TestStack;

function stackConfig(lxcConfig: string, extra: Record<string, string> = {}): Record<string, string> {
  // The real file's features run as the lab's network-free stand-ins (docs/lab.md).
  return { hypervisorConfig: REAL_HV, lxcConfig, featureDirs: "lab/features", applicationDirs: "lab/applications", host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath, ...extra };
}

/** A copy of the real LXC file with `edit` applied (in a directory without features/: the shipped ones are used). */
function editedLxc(name: string, edit: (cfg: any) => void): string {
  const cfg = JSON.parse(readFileSync(REAL_LXC, "utf8"));
  edit(cfg);
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}

const pctList = () =>
  labSshOk(LAB, "pct list")
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((l) => l.trim().split(/\s+/).slice(0, 2));
const conf = (id: string) => labSshOk(LAB, `pct config ${id}`);
const confLine = (id: string, key: string) => conf(id).split("\n").find((l) => l.startsWith(`${key}: `))?.slice(key.length + 2);

beforeAll(() => {
  lab = labUp(LAB, ["--memory", "128G", "--gpus", "2"]);
  stack = new TestStack("e2e-ct", stackConfig(REAL_LXC));
}, 120_000);

afterAll(() => labDown(LAB));

describe("the real config's 15 containers on a lab host", () => {
  it("converge from empty: every container exists and runs, clones made from their source's snapshot", { timeout: 1_500_000 }, () => {
    // The demo's first up (scripts/demo.sh): each plan is printed once, whole, in the summary;
    // the progress rows carry only its first line. About 6.3 lines per resource today (Pulumi's
    // own two rows per resource included); 8 is the budget.
    const first = stack.ok(["up", "--yes", "--skip-preview", "--suppress-progress"], 1_500_000);
    const created = Number(/^ +\+ (\d+) created$/m.exec(first.output)?.[1]);
    expect(first.output.split("\n").length).toBeLessThan(8 * created);
    expect(first.output.match(/^ +1\. pct create 900 /gm)).toHaveLength(1);
    expect(first.output).toMatch(/^ \+ +pulumi:pulumi:Stack \S+ creating \(\d+s\) LxcContainer 900: would run$/m);
    expect(first.output).not.toMatch(/pulumi:pulumi:Stack \S+ creating \(\d+s\) +\d+\. /);
    expect(pctList()).toEqual(IDS.map((id) => [id, "running"]));
    expect(confLine("950", "hostname")).toBe("vllm-qwen2.5-7b-awq");
    expect(confLine("951", "memory")).toBe("72000");
    expect(confLine("951", "net0")).toMatch(/^name=eth0,bridge=vmbr0,firewall=1,gw=10\.0\.0\.1,hwaddr=52:54:00:67:89:B1,ip=10\.0\.0\.151\/24,type=veth$/);
    expect(confLine("951", "unprivileged")).toBe("1");
    // Template snapshots exist where the config names them.
    for (const id of ["900", "901", "902", "903", "920"]) expect(labSshOk(LAB, `pct listsnapshot ${id}`)).toContain("pre-configured");
    // A clone's rootfs is its own dataset, holding its source's files.
    expect(labSshOk(LAB, "pct exec 960 -- cat /etc/os-release")).toContain("Ubuntu");
    expect(labSshOk(LAB, "zfs list -H -o name quickOS/lxc-disks/subvol-960-disk-0").trim()).toBe("quickOS/lxc-disks/subvol-960-disk-0");
    // GPU passthrough uses the host's real device majors.
    const majors = labSshOk(LAB, "cat /proc/devices");
    const uvm = /^\s*(\d+) nvidia-uvm$/m.exec(majors)![1];
    expect(conf("950")).toContain("/dev/nvidia0");
    expect(conf("950")).toMatch(new RegExp(`c (195|${uvm}):`));
  });

  it("change nothing on a second up, a preview or a refresh", () => {
    stack.ok(["up", "--yes", "--expect-no-changes"]);
    stack.ok(["preview", "--expect-no-changes"]);
    stack.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("find out-of-band changes with refresh and repair them", () => {
    const real = JSON.parse(readFileSync(REAL_LXC, "utf8")).lxc_configs;
    labSshOk(LAB, "pct exec 910 -- sh -c 'echo keep > /data/marker'");
    labSshOk(LAB, "pct set 952 --memory 1024 --cores 1");
    labSshOk(LAB, "pct set 951 --net0 name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=52:54:00:67:89:B1,ip=10.0.0.199/24");
    labSshOk(LAB, "sed -i 's/^onboot: 1$/onboot: 0/' /etc/pve/lxc/953.conf");
    // A stopped container whose volume mount was removed: the volume is parked as unusedN.
    const dataKey = conf("910").split("\n").find((l) => l.includes("mp=/data"))!.split(":")[0];
    labSshOk(LAB, `pct stop 910 && pct set 910 --delete ${dataKey}`);
    expect(confLine("910", "unused0")).toMatch(/subvol-910-disk-/);
    const drift = stack.run(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(drift.code).not.toBe(0);
    stack.ok(["refresh", "--yes"]);
    stack.ok(["up", "--yes"]);
    expect(confLine("952", "memory")).toBe(String(real["952"].memory_mb));
    expect(confLine("952", "cores")).toBe(String(real["952"].cores));
    expect(confLine("951", "net0")).toContain("ip=10.0.0.151/24");
    expect(confLine("953", "onboot")).toBe("1");
    expect(labSshOk(LAB, "pct status 910").trim()).toBe("status: running");
    // The same volume is back at /data, with its data.
    expect(labSshOk(LAB, "pct exec 910 -- cat /data/marker").trim()).toBe("keep");
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("keep a volume's data through an update of its container", () => {
    labSshOk(LAB, "pct exec 910 -- sh -c 'echo again > /data/marker'");
    const file = editedLxc("more-memory", (cfg) => (cfg.lxc_configs["910"].memory_mb += 512));
    stack.writeConfig(stackConfig(file));
    stack.ok(["up", "--yes"]);
    expect(labSshOk(LAB, "pct exec 910 -- cat /data/marker").trim()).toBe("again");
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("refuse to destroy a container removed from the config until the stack allows it", () => {
    const file = editedLxc("no-960", (cfg) => delete cfg.lxc_configs["960"]);
    stack.writeConfig(stackConfig(file));
    const refused = stack.run(["up", "--yes"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/LxcContainer "960"[^\n]*destroy refused|LxcContainer:960/);
    expect(labSshOk(LAB, "pct status 960").trim()).toBe("status: running");
    stack.writeConfig(stackConfig(file, { allowDestroy: '["LxcContainer:960"]' }));
    stack.ok(["up", "--yes"]);
    expect(labSsh(LAB, "pct status 960").code).not.toBe(0);
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });
});
