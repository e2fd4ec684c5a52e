// The lifecycle verdicts through the real CLI on a lab host: preview and up agree on the host
// as it is (a refusal that depends on live usage is shown by preview, not first met by up).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { exampleHypervisorWithoutDriver } from "../helpers/configs";
import { TestStack } from "../helpers/pulumi-cli";

const LAB = "e2e-life";
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-life-"));
const HV = exampleHypervisorWithoutDriver();
let lab: LabConnection;
let stack: TestStack;

type Pool = { raid_level: string; disks: string[]; allow_destroy?: boolean; allow_wipe?: boolean };

/** A one-pool, one-dataset copy of the real config with `edit` applied to that dataset and pool. */
function config(name: string, edit: (dataset: { properties: string }, pool: Pool) => void = () => {}): string {
  const cfg = JSON.parse(readFileSync(HV, "utf8"));
  cfg.zfs.pools = cfg.zfs.pools.filter((p: { name: string }) => p.name === "fastData");
  cfg.zfs.datasets = cfg.zfs.datasets.filter((d: { name: string }) => d.name === "shared-backups");
  edit(cfg.zfs.datasets[0], cfg.zfs.pools[0]);
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}

function settings(hypervisorConfig: string): Record<string, string> {
  return {
    hypervisorConfig,
    lxcConfig: path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json"),
    host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath,
  };
}

/** Waits until the dataset's usage meets `ok` and reads the same twice in a row (bounded). */
function settledUsage(ok: (used: number) => boolean): void {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const used = Number(labSshOk(LAB, "sleep 1; zfs get -H -p -o value used fastData/shared-backups").trim());
    if (ok(used) && used === last) return;
    last = used;
  }
  throw new Error(`usage of fastData/shared-backups did not settle (last ${last})`);
}

beforeAll(() => {
  lab = labUp(LAB);
  stack = new TestStack("e2e-life", settings(config("base")));
  stack.ok(["up", "--yes"]);
});

afterAll(() => labDown(LAB));

describe("preview and up reach the same verdict", () => {
  it("a quota below what the dataset already holds is refused by preview, as by up, and nothing changes", () => {
    labSshOk(LAB, "head -c 8000000 /dev/urandom > /fastData/shared-backups/blob && sync");
    // zfs-fuse accounts written blocks a little later: both runs must see the same host state.
    settledUsage((used) => used > 4 * 1024 * 1024);
    stack.writeConfig(settings(config("tiny-quota", (d) => (d.properties = d.properties.replace(/quota=[^,]+/, "quota=4M")))));
    const preview = stack.run(["preview"]);
    const up = stack.run(["up", "--yes"]);
    // The verdict, not its framing: the engine may append ": " to an error that ends an update.
    const refusal = /ZfsDataset "fastData\/shared-backups": quota=4M is below the [^\n]*? it already uses; zfs would refuse it\. Free space or raise the quota\./;
    expect(preview.code).not.toBe(0);
    expect(up.code).not.toBe(0);
    expect(preview.output).toMatch(refusal);
    expect(up.output.match(refusal)?.[0]).toBe(preview.output.match(refusal)?.[0]);
    expect(preview.output).not.toContain("zfs set quota=4M");
    expect(labSshOk(LAB, "zfs get -H -o value quota fastData/shared-backups").trim()).not.toBe("4M");
    expect(labSshOk(LAB, "wc -c < /fastData/shared-backups/blob").trim()).toBe("8000000");
  });

  it("after the data is gone, both plan the same command and up applies it", () => {
    labSshOk(LAB, "rm /fastData/shared-backups/blob && sync");
    settledUsage((used) => used < 2 * 1024 * 1024);
    const preview = stack.ok(["preview"]);
    // Freed blocks may still count a little (1.1M on the lab's zfs-fuse): far below 4M.
    expect(preview.output).toContain("zfs set quota=4M fastData/shared-backups");
    stack.ok(["up", "--yes"]);
    expect(labSshOk(LAB, "zfs get -H -p -o value quota fastData/shared-backups").trim()).toBe(String(4 * 1024 * 1024));
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });
});

describe("a pool layout change never stops half way", () => {
  const OLD_DISK = "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_4TB_S7U8NJ0Y402334Y";
  const NEW_DISK = "/dev/disk/by-id/nvme-Samsung_SSD_990_EVO_Plus_2TB_S7U6NJ0Y320880M";

  it("refuses in preview and up when re-creating on the old disk would need allow_wipe, and the pool stays", () => {
    // Permission to destroy is recorded first (delete only sees old state).
    stack.writeConfig(settings(config("allow-destroy", (_d, pool) => (pool.allow_destroy = true))));
    stack.ok(["up", "--yes"]);
    labSshOk(LAB, "echo keep > /fastData/shared-backups/keep.txt");
    const mirror = (_d: unknown, pool: Pool) => Object.assign(pool, { raid_level: "mirror", disks: [OLD_DISK, NEW_DISK], allow_destroy: true });
    stack.writeConfig(settings(config("mirror", mirror)));
    const preview = stack.run(["preview"]);
    const up = stack.run(["up", "--yes"]);
    expect(preview.code).not.toBe(0);
    expect(up.code).not.toBe(0);
    for (const r of [preview, up]) expect(r.output).toMatch(/ZfsPool "fastData":[^\n]*allow_?[wW]ipe/);
    expect(labSshOk(LAB, "zpool list -H -o name").trim()).toBe("fastData");
    expect(labSshOk(LAB, "cat /fastData/shared-backups/keep.txt").trim()).toBe("keep");
  });
});
