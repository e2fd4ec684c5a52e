// One stack per host, through the real CLI: a second stack pointed at a managed host stops in
// preview naming the owner; taking the host over is one explicit setting; the old stack then
// stops before touching the host.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { withoutDriver } from "../helpers/configs";
import { TestStack } from "../helpers/pulumi-cli";

const LAB = "e2e-owner";
// A managed dataset: a stack that ran would set its compression back to the config's value.
const DATASET = "fastData/shared-backups";
let lab: LabConnection;
let settings: Record<string, string>;

beforeAll(() => {
  lab = labUp(LAB);
  const cfg = withoutDriver(JSON.parse(readFileSync(path.join(PROJECT, "config", "examples", "phoenix_hypervisor_config.json"), "utf8")));
  cfg.zfs.pools = cfg.zfs.pools.filter((p: { name: string }) => p.name === "fastData");
  cfg.zfs.datasets = cfg.zfs.datasets.filter((d: { name: string }) => d.name === "shared-backups");
  const file = path.join(mkdtempSync(path.join(tmpdir(), "phoenix-e2e-owner-")), "hv.json");
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  settings = {
    hypervisorConfig: file,
    lxcConfig: path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json"),
    host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath,
  };
});

afterAll(() => labDown(LAB));

describe("two stacks, one host", () => {
  let first: TestStack;
  let second: TestStack;
  let firstClaim: string;

  it("the first stack claims the host", () => {
    first = new TestStack("e2e-owner-a", settings);
    first.ok(["up", "--yes"]);
    const marker = JSON.parse(labSshOk(LAB, "cat /etc/phoenix/owner.json"));
    expect(marker.stack).toBe("organization/phoenix/e2e-owner-a");
    firstClaim = marker.claimId;
    first.ok(["up", "--yes", "--expect-no-changes"]);
    first.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("a second stack stops in preview and up, naming the owner, and changes nothing", () => {
    labSshOk(LAB, `zfs set compression=off ${DATASET}`);
    second = new TestStack("e2e-owner-b", settings);
    for (const args of [["preview"], ["up", "--yes"]]) {
      const r = second.run(args);
      expect(r.code).not.toBe(0);
      expect(r.output).toContain("the host is managed by stack organization/phoenix/e2e-owner-a");
      expect(r.output).toContain(`set phoenix:takeOverHost to ${firstClaim}`);
    }
    expect(labSshOk(LAB, `zfs get -H -o value compression ${DATASET}`).trim()).toBe("off");
    expect(JSON.parse(labSshOk(LAB, "cat /etc/phoenix/owner.json")).claimId).toBe(firstClaim);
  });

  it("takes the host over with phoenix:takeOverHost; the first stack then stops before any change", () => {
    second.writeConfig({ ...settings, takeOverHost: firstClaim });
    second.ok(["up", "--yes"]);
    expect(JSON.parse(labSshOk(LAB, "cat /etc/phoenix/owner.json")).stack).toBe("organization/phoenix/e2e-owner-b");
    second.ok(["up", "--yes", "--expect-no-changes"]);
    labSshOk(LAB, `zfs set compression=off ${DATASET}`);
    for (const args of [["refresh", "--preview-only"], ["up", "--yes", "--refresh"], ["destroy", "--yes"]]) {
      const r = first.run(args);
      expect(r.code, `pulumi ${args.join(" ")}`).not.toBe(0);
      expect(r.output).toContain("is now managed by stack organization/phoenix/e2e-owner-b");
    }
    expect(labSshOk(LAB, `zfs get -H -o value compression ${DATASET}`).trim()).toBe("off");
    expect(labSshOk(LAB, "zpool list -H -o name").trim()).toBe("fastData");
  });
});
