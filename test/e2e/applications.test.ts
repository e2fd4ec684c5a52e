// End to end through the real pulumi CLI: application scripts, health checks and tokens on a lab
// host. Application scripts are the user's, found in bin/ next to the LXC file (here copies of the
// lab's stand-ins); each runs inside its container once, with its config entry as container.json
// and only the tokens it declares. Health checks run after the scripts; a failing one fails `up`
// naming the container, the check and its output, and the next `up` retries only it; a container
// Phoenix had to start again gets its check run again. Fake tokens
// never show in state, CLI output, the host's process list or any file on the host or in a
// container.
import { cpSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSsh, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { TestStack, type CliResult } from "../helpers/pulumi-cli";
import { deployedEntry } from "../../stack/applications";

const LAB = "e2e-apps";
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-apps-"));
const BIN = path.join(work, "bin");
const HF_TOKEN = "hf_FAKEtokenA1b2C3d4E5f6G7h8I9j0";
const HF_TOKEN_2 = "hf_FAKEtokenZ9y8X7w6V5u4T3s2R1q0";
const DOCKER_TOKEN = "dckr_pat_FAKE-0123456789abcdefXYZ";
const TOKEN_FILE = path.join(work, "docker_token.conf");
let lab: LabConnection;
let stack: TestStack;
const outputs: CliResult[] = [];

// 971 runs the vLLM stand-in (declares hf_token); 972 has the docker feature (needs nesting), the
// Qdrant stand-in (declares docker_token, "listens" on 6333) and its real health check; 973 has only
// a health check.
const HEALTHY = { command: "curl -s --fail http://localhost:6333", retries: 2, interval: 1 };
function configs(check972: object = HEALTHY) {
  const hv = JSON.parse(readFileSync(path.join(PROJECT, "test", "fixtures", "e2e", "nvidia.hypervisor.json"), "utf8"));
  hv.nvidia_driver = { ...hv.nvidia_driver, install: false };
  hv.core_paths = { ...hv.core_paths, docker_token_file: TOKEN_FILE, hf_token_file: path.join(work, "absent-hf-token.conf") };
  const lxc = JSON.parse(readFileSync(path.join(PROJECT, "config", "examples", "phoenix_lxc_configs.json"), "utf8"));
  const base = lxc.lxc_configs["900"];
  const ct = (id: string, name: string, extra: object) => ({ ...base, name, mac_address: `52:54:00:AA:CC:${id.slice(1)}`, network_config: { ...base.network_config, ip: `10.0.0.${id.slice(1)}/24` }, memory_mb: 512, storage_pool: "fastData-lxc-disks", storage_size_gb: 1, gpu_assignment: "none", features: [], template_snapshot_name: undefined, template: "/fastData/shared-iso/template/cache/debian-12-standard_12.7-1_amd64.tar.zst", start_at_boot: false, ...extra });
  lxc.lxc_configs = {
    "971": ct("971", "vllm-app", { application_script: "phoenix_hypervisor_lxc_vllm.sh", vllm_model: "Qwen/Qwen2.5-7B-Instruct-AWQ", health_check: { command: "test -s /var/lib/phoenix-lab/apps/phoenix_hypervisor_lxc_vllm.sh", retries: 1 } }),
    "972": ct("972", "qdrant-app", { features: ["docker"], application_script: "phoenix_hypervisor_lxc_952.sh", health_check: check972 }),
    "973": ct("973", "check-only", { health_check: { command: "test -s /etc/hostname", retries: 1 } }),
  };
  const hvFile = path.join(work, "hv.json");
  const lxcFile = path.join(work, "lxc.json");
  writeFileSync(hvFile, JSON.stringify(hv, null, 2));
  writeFileSync(lxcFile, JSON.stringify(lxc, null, 2));
  return { hvFile, lxcFile, entries: lxc.lxc_configs as Record<string, object> };
}

const settings = () => ({ hypervisorConfig: path.join(work, "hv.json"), lxcConfig: path.join(work, "lxc.json"), featureDirs: "lab/features", host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath });
const run = (args: string[], ok = true): CliResult => {
  const r = ok ? stack.ok(args) : stack.run(args);
  outputs.push(r);
  return r;
};
/** What the stand-in recorded about its last run inside `ctid`. */
const record = (ctid: string, script: string) => labSshOk(LAB, `pct exec ${ctid} -- cat /var/lib/phoenix-lab/apps/${script}`);
/** How many times the script `name` ran for `ctid`: the host's record says its last exit code; the run log counts. */
const status = (ctid: string, name: string) => labSsh(LAB, `cat /var/lib/phoenix/scripts/ct-${ctid}/${name}/status`).stdout.trim();

beforeAll(() => {
  cpSync(path.join(PROJECT, "lab", "applications"), BIN, { recursive: true });
  writeFileSync(TOKEN_FILE, `${DOCKER_TOKEN}\n`);
  chmodSync(TOKEN_FILE, 0o600);
  configs();
  lab = labUp(LAB, ["--gpus", "0"]);
  stack = new TestStack("e2e-apps", settings());
  stack.setSecret("hfToken", HF_TOKEN);
}, 120_000);

afterAll(() => labDown(LAB));

describe("application scripts, health checks and tokens on a lab host", () => {
  it("converge: each application script runs once inside its container with its entry and only its tokens; health checks pass", { timeout: 600_000 }, () => {
    const { entries } = configs();
    const r = run(["up", "--yes", "--skip-preview"]);
    expect(record("971", "phoenix_hypervisor_lxc_vllm.sh")).toContain("tokens=PHOENIX_HF_TOKEN=given PHOENIX_DOCKER_TOKEN=absent");
    expect(record("972", "phoenix_hypervisor_lxc_952.sh")).toContain("tokens=PHOENIX_HF_TOKEN=absent PHOENIX_DOCKER_TOKEN=given");
    // The script got the CT id as its argument and the container's entry, as written, beside it.
    expect(record("971", "phoenix_hypervisor_lxc_vllm.sh")).toContain("ctid=971 arg=971");
    const sha = createHash("sha256").update(`${JSON.stringify(deployedEntry(entries["971"] as never), null, 2)}\n`).digest("hex");
    expect(record("971", "phoenix_hypervisor_lxc_vllm.sh")).toContain(`config_sha256=${sha}`);
    // docker declares phoenix-needs: nesting, so 972 was created with it (as the original did).
    expect(labSshOk(LAB, "pct config 972")).toMatch(/^features: nesting=1$/m);
    expect(labSshOk(LAB, "pct config 971")).not.toMatch(/^features:/m);
    for (const ctid of ["971", "972", "973"]) expect(status(ctid, "health-check")).toMatch(/ 0 create$/);
    expect(r.output).toMatch(/ContainerScript "972\/health-check": health check passed \(attempt 1 of 2\): curl -s --fail http:\/\/localhost:6333/);
    // hf_token_file names a file that does not exist, but the stack secret is set: no warning.
    expect(r.output).not.toMatch(/hf_token is declared/);
  });

  it("a second up runs nothing; preview and refresh find nothing", { timeout: 600_000 }, () => {
    const before = record("972", "phoenix_hypervisor_lxc_952.sh");
    run(["up", "--yes", "--expect-no-changes"]);
    run(["preview", "--expect-no-changes"]);
    run(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(record("972", "phoenix_hypervisor_lxc_952.sh")).toBe(before);
    // Pulumi's most verbose log: the file's token never crosses its RPC (path and fingerprint
    // only); the stack secret shows as [secret] (after a rotation Pulumi itself prints the
    // previous value here, docs/decisions/0020, so this scan runs before the rotation below).
    const verbose = run(["preview", "--expect-no-changes", "-v=9", "--logtostderr"]);
    expect(verbose.output).toMatch(/PHOENIX_DOCKER_TOKEN/);
    expect(verbose.output.length).toBeGreaterThan(100_000);
  });

  it("a new token value re-runs only the script that declares it, and no token is visible on the host while it runs", { timeout: 600_000 }, () => {
    labSshOk(LAB, "pct exec 971 -- sh -c 'mkdir -p /etc/phoenix-lab && echo 3 >/etc/phoenix-lab/app-delay'");
    labSshOk(LAB, "rm -f /tmp/ps.log /tmp/ps.stop; nohup sh -c 'while [ ! -e /tmp/ps.stop ]; do ps -eo args >>/tmp/ps.log; sleep 0.1; done' >/dev/null 2>&1 &");
    const before972 = status("972", "application");
    stack.setSecret("hfToken", HF_TOKEN_2);
    const r = run(["up", "--yes", "--skip-preview"]);
    labSshOk(LAB, "touch /tmp/ps.stop");
    expect(r.output).toMatch(/ContainerScript "971\/application": lab stand-in for phoenix_hypervisor_lxc_vllm.sh/);
    expect(r.output).not.toMatch(/ContainerScript "972\/application"/);
    // The application ran again, so its health check did too (the token is in the run's digest);
    // 972's did not.
    expect(r.output).toMatch(/ContainerScript "971\/health-check": health check passed/);
    expect(r.output).not.toMatch(/ContainerScript "972\/health-check"/);
    expect(status("972", "application")).toBe(before972);
    // The process list was watched while the script ran (its pct exec shows), and no token was in it.
    const ps = labSshOk(LAB, "cat /tmp/ps.log");
    expect(ps).toMatch(/pct exec 971 --/);
    for (const token of [HF_TOKEN, HF_TOKEN_2, DOCKER_TOKEN]) expect(ps).not.toContain(token);
  });

  it("a failing health check fails up naming the container, the check and its output; the next up retries only it", { timeout: 600_000 }, () => {
    configs({ command: "curl -s --fail http://localhost:9", retries: 2, interval: 1 });
    const failed = run(["up", "--yes", "--skip-preview"], false);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/ContainerScript "972\/health-check"/);
    expect(failed.output).toMatch(/Failed to connect to localhost port 9/);
    expect(failed.output).toMatch(/health check failed after 2 attempt\(s\), 1 s apart \(last exit code 7\): curl -s --fail http:\/\/localhost:9/);
    const app = status("972", "application");
    configs();
    const fixed = run(["up", "--yes", "--skip-preview"]);
    expect(fixed.output).toMatch(/ContainerScript "972\/health-check": health check passed/);
    expect(status("972", "application")).toBe(app);
    expect(status("973", "health-check")).toMatch(/ 0 create$/);
    run(["up", "--yes", "--expect-no-changes"]);
  });

  it("a container stopped by hand is started by refresh and up, and its health check runs again (only its own)", { timeout: 600_000 }, () => {
    const before = { "971": status("971", "health-check"), "973": status("973", "health-check") };
    labSshOk(LAB, "pct stop 973");
    run(["refresh", "--yes"]);
    // The start is decided in up, so preview cannot know the count yet: the check may run again.
    expect(run(["preview"]).output).toMatch(/973\/health-check.*known only after apply/);
    const r = run(["up", "--yes", "--skip-preview"]);
    expect(labSshOk(LAB, "pct status 973")).toBe("status: running\n");
    expect(r.output).toMatch(/LxcContainer 973: would run: pct start 973/);
    expect(r.output).toMatch(/ContainerScript "973\/health-check": health check passed/);
    expect(status("973", "health-check")).not.toBe(before["973"]);
    expect(status("973", "health-check")).toMatch(/ 0 create$/);
    expect(r.output).not.toMatch(/ContainerScript "97[12]\/health-check"/);
    expect(status("971", "health-check")).toBe(before["971"]);
    run(["up", "--yes", "--expect-no-changes"]);
    run(["refresh", "--preview-only", "--expect-no-changes"]);
  });

  it("no token is in state, in any CLI output, or in any file on the host or in its containers", { timeout: 600_000 }, () => {
    const files = stack.backendFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const token of [HF_TOKEN, HF_TOKEN_2, DOCKER_TOKEN]) {
      for (const f of files) expect(f.text, f.file).not.toContain(token);
      for (const o of outputs) expect(o.output).not.toContain(token);
      // Every file on the lab host, the containers' root filesystems included (they are mounted
      // datasets), but not the kernel's virtual trees.
      const found = labSsh(LAB, `grep -rlF --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -e '${token}' / 2>/dev/null | head -5`).stdout.trim();
      expect(found).toBe("");
    }
    // The search reaches the containers' files: 971's record is found the same way.
    expect(labSsh(LAB, "grep -rlF --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev -e 'PHOENIX_HF_TOKEN=given' / 2>/dev/null | head -5").stdout).toMatch(/phoenix-lab\/apps\/phoenix_hypervisor_lxc_vllm\.sh/);
  });
});
