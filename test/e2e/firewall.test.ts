// The datacenter firewall through the real CLI on a lab host, from the real file's layout (the
// block under shared_volumes): create, a second up that changes nothing, a hand edit found by
// refresh and repaired by up, a rule set that would lock out Phoenix's SSH refused in preview
// (and up) with nothing written, and removal refused while the firewall is on until allowed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSshOk, labUp, presentAsRemoteClient, PROJECT, type LabConnection } from "../helpers/lab";
import { TestStack } from "../helpers/pulumi-cli";

const LAB = "fw-e2e";
const CLIENT = "198.51.100.7";
const FIXTURE = path.join(PROJECT, "test", "fixtures", "e2e", "firewall.hypervisor.json");
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-fw-"));
let lab: LabConnection;
let stack: TestStack;

/** The fixture with `rules` as global_firewall_rules (undefined: no firewall block at all). */
function config(name: string, rules: object[] | undefined): string {
  const cfg = JSON.parse(readFileSync(FIXTURE, "utf8"));
  if (rules === undefined) delete cfg.shared_volumes.firewall;
  else cfg.shared_volumes.firewall.global_firewall_rules = rules;
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}

function settings(hypervisorConfig: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    hypervisorConfig,
    lxcConfig: path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json"),
    host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath,
    ...extra,
  };
}

const sshRule = () => ({ type: "in", action: "ACCEPT", source: CLIENT, proto: "tcp", port: String(lab.port), comment: "Phoenix" });
const webRule = { type: "in", action: "ACCEPT", proto: "tcp", port: "443", comment: "HTTPS" };
const clusterFw = () => labSshOk(LAB, "cat /etc/pve/firewall/cluster.fw");

beforeAll(() => {
  lab = labUp(LAB);
  presentAsRemoteClient(LAB, CLIENT, lab);
  stack = new TestStack("e2e-fw", settings(config("base", [sshRule(), webRule])));
}, 120_000);

afterAll(() => labDown(LAB));

describe("the datacenter firewall on a lab host", () => {
  it("is written from the block under shared_volumes; a second up changes nothing", { timeout: 300_000 }, () => {
    stack.ok(["up", "--yes", "--skip-preview"]);
    expect(clusterFw()).toBe(`[OPTIONS]\n\nenable: 1\npolicy_in: DROP\npolicy_out: ACCEPT\n\n[RULES]\n\nIN ACCEPT -source ${CLIENT} -p tcp -dport ${lab.port} # Phoenix\nIN ACCEPT -p tcp -dport 443 # HTTPS\n\n`);
    expect(labSshOk(LAB, "pve-firewall status")).toBe("Status: enabled/running\n");
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });

  it("finds a hand edit with refresh and repairs it with up", { timeout: 300_000 }, () => {
    labSshOk(LAB, "sed -i 's/^policy_in: DROP/policy_in: ACCEPT/' /etc/pve/firewall/cluster.fw");
    expect(stack.run(["refresh", "--preview-only", "--expect-no-changes"]).code).not.toBe(0);
    stack.ok(["refresh", "--yes"]);
    stack.ok(["up", "--yes"]);
    expect(clusterFw()).toContain("policy_in: DROP\n");
  });

  it("a firewall rule set that would lock out SSH is refused in preview, as in up, and nothing is written", { timeout: 300_000 }, () => {
    const before = clusterFw();
    stack.writeConfig(settings(config("locked", [webRule])));
    const preview = stack.run(["preview"]);
    const up = stack.run(["up", "--yes"]);
    const refusal = new RegExp(`Firewall "cluster": this rule set would cut Phoenix's SSH access \\(tcp/${lab.port} from ${CLIENT.replace(/\./g, "\\.")}\\): policy_in DROP with no rule accepting tcp/${lab.port} from ${CLIENT.replace(/\./g, "\\.")}`);
    expect(preview.code).not.toBe(0);
    expect(up.code).not.toBe(0);
    expect(preview.output).toMatch(refusal);
    expect(up.output.match(refusal)?.[0]).toBe(preview.output.match(refusal)?.[0]);
    expect(clusterFw()).toBe(before);
  });

  it("removal is refused while the firewall is on, then turns it off when allowed", { timeout: 300_000 }, () => {
    stack.writeConfig(settings(config("gone", undefined)));
    const refused = stack.run(["up", "--yes"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('phoenix:allowDestroy "Firewall:cluster"');
    expect(clusterFw()).toContain("enable: 1\n");
    stack.writeConfig(settings(config("gone", undefined), { allowDestroy: '["Firewall:cluster"]' }));
    stack.ok(["up", "--yes"]);
    expect(clusterFw()).toBe("[OPTIONS]\n\nenable: 0\n\n[RULES]\n\n");
  });
});
