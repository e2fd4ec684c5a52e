// `npm run phoenix -- test <ctid|host>` against a lab host with running containers: one whose
// health check and test scripts pass, one whose health check fails; and the host's own suites. The CLI runs as a user runs
// it (node + ts-node on cli/phoenix.ts), with a stack file that names the lab host.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllSessions } from "../../../providers/ssh/pool";
import { labDown, labSsh, labSshOk, labUp, PROJECT, type LabConnection } from "../../helpers/lab";
import { labHandlers } from "../../helpers/runtime";

const LAB = "testcmd-it";
const TEMPLATE = "debian-12-standard_12.7-1_amd64.tar.zst";
const work = mkdtempSync(path.join(tmpdir(), "phoenix-testcmd-"));
const STACK_FILE = path.join(work, "Pulumi.lab.yaml");
let lab: LabConnection;

function writeConfigs(): { hypervisorConfig: string; lxcConfig: string } {
  const hv = JSON.parse(readFileSync(path.join(PROJECT, "test", "fixtures", "e2e", "nvidia.hypervisor.json"), "utf8"));
  hv.nvidia_driver = { ...hv.nvidia_driver, install: false };
  // The host's own suites, as the real file's later revisions name them (a typo in a suite name included).
  hv.tests = {
    system_validation: [{ name: "Validate Systemic Fixes", type: "script", path: "hypervisor/validate.sh" }],
    "hypervisor_health_.check": [{ name: "Phoenix Hypervisor Tests", type: "script", path: "hypervisor/pools.sh" }],
  };
  const lxc = JSON.parse(readFileSync(path.join(PROJECT, "config", "examples", "phoenix_lxc_configs.json"), "utf8"));
  const base = lxc.lxc_configs["900"];
  const ct = (id: string, name: string, extra: Record<string, unknown>) => ({ ...base, name, mac_address: `52:54:00:AA:BB:${id.slice(1)}`, network_config: { ...base.network_config, ip: `10.0.0.${id.slice(1)}/24` }, memory_mb: 512, storage_pool: "fastData-lxc-disks", storage_size_gb: 1, features: [], template_snapshot_name: undefined, ...extra });
  lxc.lxc_configs = {
    "970": ct("970", "healthy", {
      health_check: { command: "cat /etc/hostname", retries: 2, interval: 0 },
      integration_tests: { script: "integration.sh" },
      tests: { smoke: [{ name: "hostname", type: "script", path: "smoke/hostname.sh" }] },
    }),
    "971": ct("971", "sick", {
      health_check: { command: "ls /srv/phoenix-missing", retries: 2, interval: 0 },
      tests: { smoke: [{ name: "absent", type: "script", path: "smoke/absent.sh" }] },
    }),
    "972": ct("972", "slow", { tests: { slow: [{ name: "sleeps", type: "script", path: "slow.sh" }] } }),
  };
  const hypervisorConfig = path.join(work, "hv.json");
  const lxcConfig = path.join(work, "lxc.json");
  writeFileSync(hypervisorConfig, JSON.stringify(hv, null, 2));
  writeFileSync(lxcConfig, JSON.stringify(lxc, null, 2));
  return { hypervisorConfig, lxcConfig };
}

// Test scripts: bin/tests next to the LXC file, and a phoenix:testDirs directory searched first.
function writeScripts(): string {
  const binTests = path.join(work, "bin", "tests");
  const override = path.join(work, "override-tests");
  mkdirSync(path.join(binTests, "smoke"), { recursive: true });
  mkdirSync(path.join(binTests, "hypervisor"), { recursive: true });
  // Host tests run on the host with no argument.
  writeFileSync(path.join(binTests, "hypervisor", "validate.sh"), 'set -eu\n[ "$#" -eq 0 ] || { echo "got arguments: $*"; exit 1; }\necho "pools: $(zpool list -H -o name | tr "\\n" " ")"\n');
  writeFileSync(path.join(binTests, "hypervisor", "pools.sh"), 'zpool list -H -o name | grep -qx nosuchpool || { echo "pool nosuchpool is missing"; exit 3; }\n');
  mkdirSync(override, { recursive: true });
  // A host script gets the CT id as $1 and reaches into the container itself. Its first command
  // reads stdin: it must get nothing, not the rest of the script (sent on stdin to `bash -s`).
  writeFileSync(path.join(binTests, "smoke", "hostname.sh"), 'set -eu\nseen=$(pct exec "$1" -- cat)\n[ -z "$seen" ] || { echo "stdin held: $seen"; exit 1; }\necho "ct $1 is $(pct exec "$1" -- cat /etc/hostname)"\n');
  writeFileSync(path.join(binTests, "integration.sh"), "echo from bin/tests, not used\nexit 1\n");
  writeFileSync(path.join(override, "integration.sh"), 'echo "integration for $1 from the override dir"\n');
  writeFileSync(path.join(binTests, "slow.sh"), "sleep 300 &\necho $! > /root/slow-child\nsleep 300\n");
  return override;
}

function writeStackFile(config: Record<string, string>): void {
  // The shape `pulumi config set` writes, a secret entry included (it is not read).
  const lines = Object.entries(config).map(([k, v]) => `  phoenix:${k}: ${JSON.stringify(v)}`);
  writeFileSync(STACK_FILE, `encryptionsalt: v1:c2FsdA==:v1:AAAA:BBBB\nconfig:\n${lines.join("\n")}\n  phoenix:sambaPassword:\n    secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBB\n`);
}

function phoenix(...args: string[]): { code: number; output: string } {
  const r = spawnSync(process.execPath, ["--require", "ts-node/register/transpile-only", path.join(PROJECT, "cli", "phoenix.ts"), ...args, "--config-file", STACK_FILE], {
    cwd: PROJECT,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, SSH_AUTH_SOCK: "" },
  });
  return { code: r.status ?? -1, output: `${r.stdout ?? ""}\n${r.stderr ?? ""}` };
}

beforeAll(async () => {
  lab = labUp(LAB, ["--extra-disks", "ata-LAB_TESTCMD", "--gpus", "0"]);
  await labHandlers(lab, "ZfsPool").create({ name: "tc", raidLevel: "single", disks: ["/dev/disk/by-id/ata-LAB_TESTCMD"] });
  labSshOk(LAB, "zfs create tc/disks && pvesm add zfspool tc-disks --pool tc/disks --content rootdir,images");
  labSshOk(LAB, `pveam download local ${TEMPLATE}`);
  for (const [id, name] of [["970", "healthy"], ["971", "sick"], ["972", "slow"]]) {
    labSshOk(LAB, `pct create ${id} local:vztmpl/${TEMPLATE} --rootfs tc-disks:1 --hostname ${name} --start 1`);
  }
  const testDir = writeScripts();
  writeStackFile({ ...writeConfigs(), host: lab.host, port: String(lab.port), user: lab.user, privateKeyPath: lab.privateKeyPath, hostKeyPath: lab.hostKeyPath, testDirs: testDir });
}, 600_000);

afterAll(async () => {
  await closeAllSessions();
  labDown(LAB);
});

describe("npm run phoenix -- test on a lab host", () => {
  it("passes a container whose health check and tests pass, and says what ran", () => {
    const r = phoenix("test", "970");
    expect(r.output).toContain("CT 970 (healthy)");
    expect(r.output).toContain("PASS health check `cat /etc/hostname`: health check passed (attempt 1 of 2): cat /etc/hostname");
    // phoenix:testDirs is searched before bin/tests.
    expect(r.output).toContain("PASS test integration tests (integration.sh): integration for 970 from the override dir");
    expect(r.output).toContain("PASS test smoke: hostname (smoke/hostname.sh): ct 970 is healthy");
    expect(r.output).toContain("OK: 3 passed, 0 failed");
    expect(r.code).toBe(0);
  });

  it("fails a container whose health check fails, naming the container, the check and its output", () => {
    const r = phoenix("test", "970", "971");
    expect(r.code).toBe(1);
    expect(r.output).toContain("CT 971 (sick)");
    expect(r.output).toContain("FAIL health check `ls /srv/phoenix-missing`: exit code 1");
    expect(r.output).toMatch(/\| ls: cannot access '\/srv\/phoenix-missing': No such file or directory/);
    expect(r.output).toContain("| health check failed after 2 attempt(s), 0 s apart (last exit code 2): ls /srv/phoenix-missing");
    // A missing test script is a failed test that names where it was looked for.
    expect(r.output).toContain(`FAIL test smoke: absent (smoke/absent.sh): script not found (searched ${path.join(work, "override-tests", "smoke", "absent.sh")}, ${path.join(work, "bin", "tests", "smoke", "absent.sh")})`);
    expect(r.output).toMatch(/FAILED: 3 passed, 2 failed\n {2}CT 971: health check `ls \/srv\/phoenix-missing`\n {2}CT 971: test smoke: absent/);
  });

  it("runs the hypervisor file's test suites on the host with `host`, next to a container's", () => {
    const r = phoenix("test", "host", "970");
    expect(r.output).toContain(`host (${lab.host})`);
    // No argument reached it (it would have failed), and it ran on the host (it sees the pool).
    expect(r.output).toContain("PASS test system_validation: Validate Systemic Fixes (hypervisor/validate.sh): pools: tc\n");
    expect(r.output).toContain("FAIL test hypervisor_health_.check: Phoenix Hypervisor Tests (hypervisor/pools.sh): exit code 3");
    expect(r.output).toContain("| pool nosuchpool is missing");
    expect(r.output).toContain("CT 970 (healthy)");
    expect(r.output).toMatch(/FAILED: 4 passed, 1 failed\n {2}host: test hypervisor_health_\.check: Phoenix Hypervisor Tests/);
    expect(r.code).toBe(1);
  });

  it("kills a test script at its limit, with what it started", () => {
    const r = phoenix("test", "972", "--timeout", "2");
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/FAIL test slow: sleeps \(slow.sh\): timed out after 2 s \(exit 124\)/);
    const child = labSshOk(LAB, "cat /root/slow-child").trim();
    expect(labSsh(LAB, `kill -0 ${child}`).code).not.toBe(0);
  });

  it("refuses a stopped container's checks as failures, and unknown containers before any host command", () => {
    labSshOk(LAB, "pct stop 970");
    const stopped = phoenix("test", "970");
    expect(stopped.code).toBe(1);
    expect(stopped.output).toMatch(/FAIL health check `cat \/etc\/hostname`: exit code \d+\n {7}\| .*not running/);
    labSshOk(LAB, "pct start 970");
    const unknown = phoenix("test", "970", "979");
    expect(unknown.code).toBe(2);
    expect(unknown.output).toContain("not in lxc.json: container 979; nothing was sent to the host");
  });

  it("never accepts another host key than the pinned one", () => {
    const other = path.join(work, "other-host-key.pub");
    writeFileSync(other, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl lab\n");
    const settings = readFileSync(STACK_FILE, "utf8");
    writeFileSync(STACK_FILE, settings.replace(JSON.stringify(lab.hostKeyPath), JSON.stringify(other)));
    try {
      const r = phoenix("test", "970");
      expect(r.code).toBe(1);
      expect(r.output).toMatch(/SSH hostkey error/);
      expect(r.output).toContain("FAILED: the host could not be reached; no test ran");
      expect(r.output).not.toContain("PASS");
    } finally {
      writeFileSync(STACK_FILE, settings);
    }
  });
});
