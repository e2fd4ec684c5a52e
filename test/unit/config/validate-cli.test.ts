// Runs `config/validate-cli.ts` as a child process, the way `npm run validate` does.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runValidate } from "../../../config/validate-cli";
import { HV_PATH, LAB_APPLICATIONS, LXC_PATH, shippedHv, shippedLxc } from "./shipped";

const ROOT = resolve(__dirname, "../../..");
const INVALID = join(ROOT, "test/fixtures/config/invalid");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ["--require", "ts-node/register/transpile-only", "config/validate-cli.ts", ...args], { cwd: ROOT });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}

// A stack trace prints frames as "    at fn (file:line)"; none may ever reach the user.
function expectNoStackTrace(run: Run): void {
  expect(run.stdout + run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout + run.stderr).not.toMatch(/\b(TypeError|RangeError|SyntaxError|ReferenceError):/);
}

describe("validate CLI", () => {
  it("exits 0 on the shipped files and prints their warnings and a summary", async () => {
    const run = await runCli(["--application-dir", LAB_APPLICATIONS, HV_PATH, LXC_PATH]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      expect.stringMatching(/^warning phoenix_hypervisor_config\.json \$\.samba\.shares\[4\]\.path: /),
      expect.stringMatching(/^warning phoenix_hypervisor_config\.json \$\.vms: webserver-vm not created: /),
      expect.stringMatching(/^warning phoenix_hypervisor_config\.json \$\.shared_volumes\.nginx_sites\.host_path: /),
      expect.stringMatching(/^warning phoenix_hypervisor_config\.json \$\.shared_volumes\.firewall: /),
      expect.stringMatching(/^warning phoenix_hypervisor_config\.json \$\.nvidia_driver\.install_vllm_libs: /),
      expect.stringMatching(/^warning phoenix_hypervisor_config\.json \$\.nvidia_driver: no runfile_sha256/),
      "OK: configuration is valid (0 errors, 6 warnings)",
    ]);
  });

  it("exits 1 on the invalid fixture and lists every error", async () => {
    const run = await runCli(["--application-dir", LAB_APPLICATIONS, join(INVALID, "phoenix_hypervisor_config.json"), join(INVALID, "phoenix_lxc_configs.json")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatchInlineSnapshot(`
      "warning phoenix_hypervisor_config.json $.vms: webserver-vm not created: Phoenix manages the host and its containers, not VMs (the original created a VM only with --create-vm <name>, and its qm command could not work)
      warning phoenix_hypervisor_config.json $.nvidia_driver.install_vllm_libs: changes nothing (nor did it in the original): vLLM is built inside each container that lists the vllm feature, whatever this says
      warning phoenix_hypervisor_config.json $.nvidia_driver: no runfile_sha256: Phoenix installs no driver it cannot verify, so an install or upgrade is refused (the host must already run this version)
      warning phoenix_lxc_configs.json $.lxc_configs["954"].colour: unknown key, ignored
      error  phoenix_hypervisor_config.json $.users.sudo_access: expected true or false, got "yes"
      error  phoenix_hypervisor_config.json $.samba.shares[0].name: share name "global" is reserved in smb.conf
      error  phoenix_hypervisor_config.json $.zfs.pools[1].raid_level: unknown raid level "raid5" (expected mirror, raidz1, raidz2, raidz3, single, stripe)
      error  phoenix_hypervisor_config.json $.zfs.datasets[0].properties: recordsize=100K must be a power of two from 512 to 16M
      error  phoenix_hypervisor_config.json $.shared_volumes.firewall: firewall is defined both at the top level and under shared_volumes; keep only the top-level block
      error  phoenix_lxc_configs.json $.lxc_configs["952"].memory_mb: must be at least 512, got 256
      error  phoenix_lxc_configs.json $.lxc_configs["950"].clone_from_ctid: container 990 is not defined in lxc_configs
      error  phoenix_lxc_configs.json $.lxc_configs["953"].features[1]: feature "kubernetes" has no script: looked for kubernetes.sh in test/fixtures/config/invalid/features, features
      FAILED: configuration is invalid (8 errors, 4 warnings)
      "
    `);
  });

  it("exits 2 with usage when the files are missing", async () => {
    const run = await runCli([]);
    expect(run).toEqual({ code: 2, stdout: "", stderr: `expected 2 file arguments, got 0\n${USAGE}\n` });
  });
});

const USAGE = "usage: npm run validate -- [--feature-dir DIR]... [--application-dir DIR]... <phoenix_hypervisor_config.json> <phoenix_lxc_configs.json>";

// The same entry point in-process: cheap enough to cover every argument shape.
function runInProcess(args: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = runValidate(args, (l) => out.push(l), (l) => err.push(l));
  return { code, stdout: out.map((l) => `${l}\n`).join(""), stderr: err.map((l) => `${l}\n`).join("") };
}

describe("runValidate arguments", () => {
  it.each([
    ["one argument", [HV_PATH], "expected 2 file arguments, got 1"],
    ["three arguments", [HV_PATH, LXC_PATH, LXC_PATH], "expected 2 file arguments, got 3"],
    ["an option", ["--strict", HV_PATH], "unexpected option or empty argument"],
    ["an empty argument", ["", LXC_PATH], "unexpected option or empty argument"],
  ])("exits 2 with usage on %s", (_name, args, reason) => {
    expect(runInProcess(args)).toEqual({ code: 2, stdout: "", stderr: `${reason}\n${USAGE}\n` });
  });

  it("prints usage and exits 0 on --help", () => {
    expect(runInProcess(["--help"])).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: "" });
  });
});

// Deterministic pseudo-random bytes (mulberry32), so a failure reproduces exactly.
function randomBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) & 0xff;
  };
  return Buffer.from(Array.from({ length }, next));
}

// Every top-level value of a shipped file swapped for `value`: right shape, wrong types.
function withEveryValue(doc: Record<string, unknown>, value: unknown): string {
  return JSON.stringify(Object.fromEntries(Object.keys(doc).map((k) => [k, value])));
}

const GARBAGE: Record<string, string | Buffer> = {
  "random-1.bin": randomBytes(1, 4096),
  "random-2.bin": randomBytes(2, 17),
  "random-3.bin": Buffer.concat([Buffer.from('{"zfs": '), randomBytes(3, 512)]),
  "empty.json": "",
  "null.json": "null",
  "array.json": "[1, 2, 3]",
  "string.json": '"phoenix"',
  "huge-number.json": '{"zfs": {"arc_max_gb": 1e400}}',
  "big-integers.json": JSON.stringify({ zfs: { arc_max_gb: 2 ** 80, pools: [{ name: "p", raid_level: "single", disks: ["/d"] }], datasets: [] } }),
  "deep.json": "[".repeat(50_000) + "]".repeat(50_000),
  "deep-objects.json": '{"a":'.repeat(5_000) + "1" + "}".repeat(5_000),
  "nul-and-escapes.json": '{"name": "\u0000\u001b[31mred\u001b[0m"}\u0000',
  "bom-garbage.json": "\uFEFF\uFEFF{}",
  "hv-nulls.json": withEveryValue(shippedHv(), null),
  "lxc-arrays.json": withEveryValue(shippedLxc(), []),
  "lxc-numbers.json": JSON.stringify({ ...shippedLxc(), lxc_configs: { "950": 1, abc: "x", "1e3": [] } }),
  "proto.json": '{"__proto__": {"zfs": 1}, "constructor": {"prototype": null}}',
};

describe("validate CLI on garbage", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "phoenix-garbage-"));
    for (const [name, content] of Object.entries(GARBAGE)) writeFileSync(join(dir, name), content);
    mkdirSync(join(dir, "a-directory"));
  });
  // Garbage files are per run; removing them keeps repeated runs independent.
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const names = [...Object.keys(GARBAGE), "a-directory", "does-not-exist.json"];
  const pairs = names.map((name, i) => [name, names[(i + 5) % names.length]] as const);

  // A failed run must end in the summary line, with control characters from the input escaped.
  function expectCleanFailure(run: Run): void {
    expectNoStackTrace(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^FAILED: configuration is invalid \(\d+ errors?, \d+ warnings?\)$/);
    expect(run.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  }

  it.each(pairs)("reports %s + %s as invalid, in-process", (hv, lxc) => {
    expectCleanFailure(runInProcess([join(dir, hv), join(dir, lxc)]));
  });

  // Child processes cost seconds each on a shared machine; these pairs cover random bytes,
  // runaway nesting, control characters, wrong types everywhere, a directory and a huge number.
  it.each([
    ["random-1.bin", "deep.json"],
    ["random-3.bin", "nul-and-escapes.json"],
    ["hv-nulls.json", "a-directory"],
    ["huge-number.json", "lxc-numbers.json"],
  ])("never prints a stack trace for %s + %s as a process, and exits 1", async (hv, lxc) => {
    expectCleanFailure(await runCli([join(dir, hv), join(dir, lxc)]));
  });

  it("reads /dev/zero as not a regular file instead of reading forever", async () => {
    const run = await runCli(["/dev/zero", LXC_PATH]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("error  zero $: cannot read /dev/zero: not a regular file");
  });
});
