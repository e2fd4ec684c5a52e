// How connection settings and keys reach the providers, through the real CLI against a lab host:
// no key in any log at any verbosity or in state across a key rotation, refresh and destroy use
// the stack's current pin, and bad settings stop preview before any resource or host command.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { withoutDriver } from "../helpers/configs";
import { TestStack, type CliResult } from "../helpers/pulumi-cli";

const LAB = "e2e-conn";
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-conn-"));
const LXC = path.join(PROJECT, "test", "fixtures", "e2e", "no-containers.lxc.json");

let lab: LabConnection;
let keyA: string;
let keyB: string;
let smallConfig: string;

function keygen(name: string): string {
  const file = path.join(work, name);
  const r = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  return file;
}

/** The base64 body lines of a private key: what a leak would show. */
const keyBody = (file: string) => readFileSync(file, "utf8").split("\n").filter((l) => l && !l.startsWith("-----"));

function settings(extra: Record<string, string> = {}): Record<string, string> {
  return { hypervisorConfig: smallConfig, lxcConfig: LXC, host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: keyA, ...extra };
}

/** Fails the test if any secret line appears in the text (names the place, never the secret). */
function expectNoSecret(where: string, text: string, secrets: string[]): void {
  const hits = secrets.filter((s) => text.includes(s)).length;
  expect(hits, `secret key material found in ${where}`).toBe(0);
}

beforeAll(() => {
  lab = labUp(LAB);
  keyA = keygen("client-a");
  keyB = keygen("client-b");
  labSshOk(LAB, `cat >> /root/.ssh/authorized_keys <<'EOF'\n${readFileSync(`${keyA}.pub`, "utf8")}${readFileSync(`${keyB}.pub`, "utf8")}EOF`);
  // One pool and its ARC limit: enough objects to exercise every hook, quick to converge.
  const cfg = withoutDriver(JSON.parse(readFileSync(path.join(PROJECT, "config", "examples", "phoenix_hypervisor_config.json"), "utf8")));
  cfg.zfs.pools = cfg.zfs.pools.filter((p: { name: string }) => p.name === "fastData");
  cfg.zfs.datasets = cfg.zfs.datasets.filter((d: { pool: string }) => d.pool === "fastData").slice(0, 1);
  smallConfig = path.join(work, "small.json");
  writeFileSync(smallConfig, JSON.stringify(cfg, null, 2));
});

afterAll(() => labDown(LAB));

// One stack for the host: a second one would (rightly) be refused by the host's owner marker.
let stack: TestStack;

describe("client keys", () => {
  it("never appear in any log at -v=9 or in state, through a key rotation", () => {
    stack = new TestStack("e2e-conn", settings());
    const secrets = [...keyBody(keyA), ...keyBody(keyB)];
    const runs: [string, CliResult][] = [];
    const verbose = (args: string[]) => {
      const r = stack.run([...args, "-v=9", "--logtostderr"]);
      runs.push([args.join(" "), r]);
      return r;
    };
    expect(verbose(["up", "--yes"]).code).toBe(0);
    // Rotate: the stack now names key B (key A stays authorized so old and new both work).
    const rotated = path.join(work, "rotated");
    mkdirSync(rotated, { recursive: true });
    copyFileSync(keyB, path.join(rotated, "id"));
    stack.writeConfig(settings({ privateKeyPath: path.join(rotated, "id") }));
    expect(verbose(["preview", "--diff"]).code).toBe(0);
    expect(verbose(["refresh", "--preview-only"]).code).toBe(0);
    // The new key really is the one in use (key A is still authorized, so check it is not read).
    stack.ok(["up", "--yes", "--refresh"]);
    for (const [what, r] of runs) expectNoSecret(`pulumi ${what}`, r.output, secrets);
    for (const { file, text } of stack.backendFiles()) expectNoSecret(file, text, secrets);
    expectNoSecret("the stack config file", readFileSync(stack.configFile, "utf8"), secrets);
  });

  it("refuses a key stored in the stack config, before any resource is registered", () => {
    const stack = new TestStack("e2e-conn-inline", settings());
    stack.setSecret("privateKey", readFileSync(keyA, "utf8"));
    const r = stack.run(["preview", "-v=9", "--logtostderr"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("phoenix:privateKey must not be in the stack config");
    expect(r.output).toContain("phoenix:privateKeyPath");
    expect(r.output).not.toContain("phoenix:ZfsPool");
    expectNoSecret("preview -v=9", r.output, keyBody(keyA));
  });
});

describe("the stack's current pin and settings, for every command that touches the host", () => {
  beforeAll(() => {
    stack.writeConfig(settings());
    stack.ok(["up", "--yes"]);
  });

  it.each([
    [["refresh", "--preview-only"]],
    [["refresh", "--yes"]],
    [["up", "--refresh", "--yes"]],
    [["preview", "--refresh"]],
    [["destroy", "--yes"]],
  ])("pulumi %s with a replaced pin stops on the pin, not the one in state", (args) => {
    const otherHost = keygen(`other-host-${args.join("-")}`);
    stack.writeConfig(settings({ hostKeyPath: `${otherHost}.pub` }));
    const r = stack.run(args);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/host key|pin/i);
    // Nothing was destroyed or changed with the old pin.
    expect(labSshOk(LAB, "zpool list -H -o name").trim()).toBe("fastData");
  });

  it("up with a change to make and a replaced pin stops on the pin (with nothing to change, it needs no host)", () => {
    const otherHost = keygen("other-host-up");
    const cfg = JSON.parse(readFileSync(smallConfig, "utf8"));
    cfg.zfs.datasets[0].properties = String(cfg.zfs.datasets[0].properties).replace(/compression=\w+/, "compression=gzip");
    const changed = path.join(work, "changed.json");
    writeFileSync(changed, JSON.stringify(cfg, null, 2));
    stack.writeConfig(settings({ hypervisorConfig: changed, hostKeyPath: `${otherHost}.pub` }));
    const r = stack.run(["up", "--yes"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/host key|pin/i);
    expect(labSshOk(LAB, `zfs get -H -o value compression ${cfg.zfs.datasets[0].pool}/${cfg.zfs.datasets[0].name}`).trim()).not.toBe("gzip");
    stack.writeConfig(settings({ hostKeyPath: `${otherHost}.pub` }));
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });


  it("a removed pin stops refresh before any host command", () => {
    const config = settings();
    delete (config as Record<string, string>).hostKeyPath;
    stack.writeConfig(config);
    const r = stack.run(["refresh", "--preview-only"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("phoenix:hostKey or phoenix:hostKeyPath is required");
  });

  it("without PULUMI_RUN_PROGRAM the providers refuse to use the settings recorded in state", () => {
    stack.writeConfig(settings());
    const r = stack.run(["refresh", "--preview-only"], 600_000, { PULUMI_RUN_PROGRAM: "false" });
    expect(r.code).not.toBe(0);
    expect(r.output).toContain("PULUMI_RUN_PROGRAM is not set");
    stack.ok(["refresh", "--preview-only", "--expect-no-changes"]);
  });
});

describe("connection settings are checked by preview before any resource or host command", () => {
  const unreachable = () => ({ host: "127.0.0.1", port: "1" });
  it.each([
    ["a port out of range", { port: "70000" }, "phoenix:port must be 1-65535"],
    ["an invalid user name", { user: "root;id" }, "phoenix:user must be a plain user name"],
    ["a key path that is a directory", { privateKeyPath: "/tmp" }, "it is a directory"],
    ["a public key as the private key", { privateKeyPath: "PUB" }, "holds a public key"],
    ["a missing key file", { privateKeyPath: "/nonexistent/key" }, "no such file"],
  ])("%s", (_name, extra, message) => {
    const values: Record<string, string> = { ...settings(unreachable()), ...extra };
    if (values.privateKeyPath === "PUB") values.privateKeyPath = `${keyA}.pub`;
    const stack = new TestStack(`e2e-conn-bad-${_name.replace(/\W+/g, "-")}`, values);
    const r = stack.run(["preview"]);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(message);
    expect(r.output).not.toContain("phoenix:ZfsPool");
    expect(r.output).not.toMatch(/ECONNREFUSED|connect/i);
  });
});
