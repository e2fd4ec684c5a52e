// End to end through the real pulumi CLI against a lab host: the ZFS part of the real
// 2025-09-23 config is created, re-applied without changes, drift is found and repaired, and
// removals and destroy follow the data-safety rules.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSsh, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { exampleHypervisorWithoutDriver } from "../helpers/configs";
import { TestStack } from "../helpers/pulumi-cli";

const LAB = "e2e-zfs";
const REAL_HV = exampleHypervisorWithoutDriver();
const NO_CONTAINERS = path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json");
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-config-"));

let lab: LabConnection;
let stack: TestStack;

function stackConfig(hypervisorConfig: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    hypervisorConfig,
    lxcConfig: NO_CONTAINERS,
    host: lab.host,
    port: String(lab.port),
    user: lab.user,
    hostKeyPath: lab.hostKeyPath,
    privateKeyPath: lab.privateKeyPath,
    ...extra,
  };
}

/** Writes a copy of the real hypervisor config with `edit` applied and returns its path. */
function editedConfig(name: string, edit: (cfg: any) => void): string {
  const cfg = JSON.parse(readFileSync(REAL_HV, "utf8"));
  edit(cfg);
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}

const zfsGet = (prop: string, ds: string) => labSshOk(LAB, `zfs get -H -o value,source ${prop} ${ds}`).trim();
const storageIds = () =>
  labSshOk(LAB, "cat /etc/pve/storage.cfg")
    .split("\n")
    .filter((l) => /^\w+: /.test(l))
    .map((l) => l.split(": ")[1])
    .sort();

beforeAll(() => {
  lab = labUp(LAB, ["--memory", "128G"]);
  stack = new TestStack("e2e-zfs", stackConfig(REAL_HV));
});

afterAll(() => {
  labDown(LAB);
});

describe("the ZFS part of the real config on a lab host", () => {
  it("creates both pools, all datasets and storages, and the ARC limit", () => {
    stack.ok(["up", "--yes", "--skip-preview"]);
    expect(labSshOk(LAB, "zpool list -H -o name").trim().split("\n").sort()).toEqual(["fastData", "quickOS"]);
    expect(labSshOk(LAB, "zpool status -P quickOS")).toMatch(/mirror-0[\s\S]*S7U6NJ0Y320880M[\s\S]*S7U6NJ0Y310536X/);
    expect(zfsGet("recordsize", "fastData/shared-backups")).toBe("1M\tlocal");
    expect(zfsGet("compression", "fastData/shared-backups")).toBe("zstd\tlocal");
    expect(zfsGet("sync", "quickOS/shared-prod-data-sync")).toBe("always\tlocal");
    expect(zfsGet("quota", "fastData/shared-bulk-data")).toBe("1.40T\tlocal");
    expect(storageIds()).toEqual([
      "fastData-shared-backups", "fastData-shared-bulk-data", "fastData-shared-iso", "fastData-shared-test-data",
      "local", "quickOS-lxc-disks", "quickOS-shared-prod-data", "quickOS-shared-prod-data-sync",
      "quickOS-shared-prod-data-volumes", "quickOS-vm-disks",
    ]);
    expect(labSshOk(LAB, "cat /sys/module/zfs/parameters/zfs_arc_max").trim()).toBe(String(32 * 1024 ** 3));
    expect(labSshOk(LAB, "cat /etc/modprobe.d/zfs.conf")).toContain(`options zfs zfs_arc_max=${32 * 1024 ** 3}`);
  });

  it("records each dataset as depending on its pool and each storage on its dataset", () => {
    const resources: { urn: string; type: string; dependencies?: string[] }[] = JSON.parse(stack.stateText()).checkpoint.latest.resources;
    const urnOf = (type: string, name: string) => resources.find((r) => r.type.endsWith(`:${type}`) && r.urn.endsWith(`::${name}`))!.urn;
    expect(resources.find((r) => r.urn === urnOf("ZfsDataset", "quickOS/vm-disks"))!.dependencies).toContain(urnOf("ZfsPool", "quickOS"));
    expect(resources.find((r) => r.urn === urnOf("ZfsDataset", "fastData/shared-iso"))!.dependencies).toContain(urnOf("ZfsPool", "fastData"));
    expect(resources.find((r) => r.urn === urnOf("ProxmoxStorage", "fastData-shared-iso"))!.dependencies).toContain(urnOf("ZfsDataset", "fastData/shared-iso"));
    expect(resources.filter((r) => r.type.endsWith(":ZfsDataset"))).toHaveLength(9);
    expect(resources.filter((r) => r.type.endsWith(":ProxmoxStorage"))).toHaveLength(9);
  });

  it("changes nothing on a second up, a preview or a refresh", () => {
    stack.ok(["up", "--yes", "--expect-no-changes"]);
    stack.ok(["preview", "--expect-no-changes"]);
    stack.ok(["refresh", "--yes", "--expect-no-changes"]);
  });

  it("exports datasets over NFS from its own file, repairs an unexport, and removes exports cleanly", () => {
    labSshOk(LAB, "mkdir -p /srv/mine && echo '/srv/mine 10.9.9.9(ro,no_subtree_check)' > /etc/exports && exportfs -ra");
    const bulk = { path: "/fastData/shared-bulk-data", clients: ["10.0.0.0/24"], options: ["rw", "sync", "no_subtree_check", "no_root_squash"] };
    const prod = { path: "/quickOS/shared-prod-data", clients: ["10.0.0.0/24", "10.0.1.5"], options: ["ro", "no_subtree_check"] };
    stack.writeConfig(stackConfig(editedConfig("nfs-two", (cfg) => (cfg.nfs = { exports: [bulk, prod] }))));
    stack.ok(["up", "--yes"]);
    const file = () => labSshOk(LAB, "cat /etc/exports.d/phoenix.exports");
    expect(file()).toContain("/fastData/shared-bulk-data 10.0.0.0/24(rw,sync,no_subtree_check,no_root_squash)\n");
    expect(file()).toContain("/quickOS/shared-prod-data 10.0.0.0/24(ro,no_subtree_check) 10.0.1.5(ro,no_subtree_check)\n");
    expect(labSshOk(LAB, "exportfs -v")).toMatch(/\/fastData\/shared-bulk-data\s+10\.0\.0\.0\/24\([^)]*no_root_squash/);
    stack.ok(["up", "--yes", "--expect-no-changes"]);

    labSshOk(LAB, "exportfs -u 10.0.0.0/24:/fastData/shared-bulk-data");
    expect(stack.run(["refresh", "--preview-only", "--expect-no-changes"]).code).not.toBe(0);
    stack.ok(["refresh", "--yes"]);
    expect(stack.ok(["up", "--yes"]).output).toContain("exportfs -ra");
    expect(labSshOk(LAB, "exportfs -v")).toMatch(/\/fastData\/shared-bulk-data\s+10\.0\.0\.0\/24\(/);

    stack.writeConfig(stackConfig(REAL_HV));
    stack.ok(["up", "--yes"]);
    expect(file()).not.toContain("/fastData/shared-bulk-data");
    expect(labSshOk(LAB, "exportfs -v")).not.toContain("/quickOS/shared-prod-data");
    expect(labSshOk(LAB, "cat /etc/exports")).toBe("/srv/mine 10.9.9.9(ro,no_subtree_check)\n");
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("finds an out-of-band zfs set with refresh, shows the exact repair and applies it", () => {
    labSshOk(LAB, "zfs set compression=off quickOS/vm-disks");
    // The drift check an operator can run from cron: it changes nothing and fails on drift.
    const drift = stack.run(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(drift.code).not.toBe(0);
    // One command that refreshes and shows the repair, changing nothing (one CLI run: the
    // toolchain's engine fix, docs/decisions/0028).
    const both = stack.ok(["preview", "--refresh"]);
    expect(both.output).toContain("zfs set compression=lz4 quickOS/vm-disks");
    expect(both.output).toMatch(/~ 1 to update/);
    expect(zfsGet("compression", "quickOS/vm-disks")).toBe("off\tlocal");
    stack.ok(["refresh", "--yes"]);
    const preview = stack.ok(["preview", "--diff"]);
    expect(preview.output).toContain("zfs set compression=lz4 quickOS/vm-disks");
    stack.ok(["up", "--yes"]);
    expect(zfsGet("compression", "quickOS/vm-disks")).toBe("lz4\tlocal");
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("puts a property removed from the config back to inherited", () => {
    const file = editedConfig("no-sync", (cfg) => {
      const ds = cfg.zfs.datasets.find((d: any) => d.name === "shared-prod-data-sync");
      ds.properties = "recordsize=16K,compression=lz4,quota=100G";
    });
    stack.writeConfig(stackConfig(file));
    stack.ok(["up", "--yes"]);
    expect(zfsGet("sync", "quickOS/shared-prod-data-sync")).toBe("standard\tdefault");
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("refuses to destroy a dataset removed from the config until the stack allows it", () => {
    const file = editedConfig("no-iso", (cfg) => {
      cfg.zfs.datasets = cfg.zfs.datasets.filter((d: any) => d.name !== "shared-iso");
    });
    labSshOk(LAB, "echo keep > /fastData/shared-iso/data.txt");
    stack.writeConfig(stackConfig(file));
    const refused = stack.run(["up", "--yes"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('ZfsDataset "fastData/shared-iso": destroy refused');
    expect(labSshOk(LAB, "cat /fastData/shared-iso/data.txt").trim()).toBe("keep");
    // Its storage registration goes (configuration only); the data stays.
    expect(storageIds()).not.toContain("fastData-shared-iso");

    stack.writeConfig(stackConfig(file, { allowDestroy: '["ZfsDataset:fastData/shared-iso"]' }));
    stack.ok(["up", "--yes"]);
    expect(labSsh(LAB, "zfs list fastData/shared-iso").code).not.toBe(0);
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("never stores the private key in state", () => {
    const keyBody = readFileSync(lab.privateKeyPath, "utf8").split("\n")[1];
    const state = stack.stateText();
    expect(state).toContain("ZfsPool");
    expect(state).not.toContain(keyBody);
    expect(state).not.toContain("PRIVATE KEY");
  });

  it("destroy keeps every pool and dataset whose removal the config does not allow", () => {
    const destroy = stack.run(["destroy", "--yes"]);
    expect(destroy.code).not.toBe(0);
    expect(destroy.output).toMatch(/destroy refused/);
    expect(labSshOk(LAB, "zpool list -H -o name").trim().split("\n").sort()).toEqual(["fastData", "quickOS"]);
    expect(labSsh(LAB, "zfs list quickOS/vm-disks").code).toBe(0);
  });
});

describe("a config with errors", () => {
  it("fails preview when the stack config has no pinned host key", () => {
    const config = stackConfig(REAL_HV);
    delete (config as Record<string, string>).hostKeyPath;
    const noPin = new TestStack("e2e-no-pin", config);
    const r = noPin.run(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("phoenix:hostKey or phoenix:hostKeyPath is required");
  });

  it("fails preview before any host command runs", () => {
    const bad = editedConfig("bad", (cfg) => {
      cfg.zfs.pools[1].raid_level = "raid5";
    });
    // An unreachable host: if anything tried to connect, the error would say so.
    const badStack = new TestStack("e2e-bad-config", { ...stackConfig(bad), host: "127.0.0.1", port: "1" });
    const r = badStack.run(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("$.zfs.pools[1].raid_level");
    expect(r.output).toContain("nothing was sent to the host");
    expect(r.output).not.toMatch(/SSH|ECONNREFUSED/);
  });
});
