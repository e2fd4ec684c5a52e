// The command from stack file to report, with the shipped example stack (Pulumi.dev.yaml and the
// example config) and a fake runner in place of the host: exactly these commands, nothing when
// the stack or the config is wrong.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { TestCommand } from "../../../cli/args";
import { runTestCommand } from "../../../cli/test-command";
import type { Runner } from "../../../providers/core/runner";
import { FakeRunner, type Exchange } from "../../helpers/fake-runner";

const PROJECT = path.resolve(__dirname, "..", "..", "..");
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-PHOENIX-FAKE-SECRET-KEY-BODY\n-----END OPENSSH PRIVATE KEY-----\n";
const PIN = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH2rYW83T6v8CK++clF36XPkn8MTScymamKSKnC+HpYl vector@test";
// The lab's key files may not exist here: they are the only files faked.
const FAKED: Record<string, string> = { [path.join(PROJECT, ".lab/dev/id_ed25519")]: KEY, [path.join(PROJECT, ".lab/dev/ssh_host_ed25519_key.pub")]: PIN };

async function run(cmd: Partial<TestCommand>, transcript: Exchange[] | "no host") {
  const out: string[] = [];
  const err: string[] = [];
  const runner = transcript === "no host" ? undefined : new FakeRunner(transcript);
  const code = await runTestCommand({ command: "test", ctids: ["952"], stack: "dev", timeoutSeconds: 600, ...cmd }, {
    projectDir: PROJECT,
    readFile: (file) => FAKED[file] ?? readFileSync(file, "utf8"),
    connect: (settings): Runner => {
      if (runner === undefined) throw new Error("connected although nothing may reach the host");
      expect(settings).toMatchObject({ host: "127.0.0.10", port: 22, user: "root", hostKey: PIN });
      return runner;
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  runner?.assertDone();
  return { code, out: out.join("\n"), err: err.join("\n"), seen: runner?.seen ?? [] };
}

describe("phoenix test with the example stack", () => {
  it("runs 952's health check, 950's integration test (the lab stand-in) and 901's NVIDIA check", async () => {
    const r = await run({ ctids: ["952", "950", "901"] }, [
      { command: "timeout -k 10 320 pct exec 952 -- bash -s", stdout: "health check passed (attempt 1 of 5): curl -s --fail http://localhost:6333\n" },
      { command: "timeout -k 10 600 bash -s -- 950", stdout: "served\n" },
      { command: "timeout -k 10 60 pct exec 901 -- nvidia-smi --query-gpu=driver_version --format=csv,noheader", stdout: "570.86.10\n" },
    ]);
    const env = "export 'PHOENIX_CHECK_COMMAND=curl -s --fail http://localhost:6333'\nexport PHOENIX_CHECK_RETRIES=5\nexport PHOENIX_CHECK_INTERVAL=5\n";
    expect(r.seen[0].stdin).toBe(`${env}{\n${readFileSync(path.join(PROJECT, "stack/scripts/health-check.sh"), "utf8")}} </dev/null\n`);
    expect(r.seen[1].stdin).toBe(`{\n${readFileSync(path.join(PROJECT, "lab/tests/run_vllm_integration_tests.sh"), "utf8")}} </dev/null\n`);
    expect(r.out.split("\n")).toEqual([
      "phoenix test: Pulumi.dev.yaml, host 127.0.0.10",
      "CT 952 (qdrant-VSCodeRag)",
      "  PASS health check `curl -s --fail http://localhost:6333`: health check passed (attempt 1 of 5): curl -s --fail http://localhost:6333",
      "CT 950 (vllm-qwen2.5-7b-awq)",
      "  PASS test integration tests (run_vllm_integration_tests.sh): served",
      "CT 901 (Template-GPU)",
      "  FAIL NVIDIA driver in the container is 580.76.05: nvidia-smi reports 570.86.10, expected 580.76.05",
      "       | 570.86.10",
      "FAILED: 2 passed, 1 failed",
      "  CT 901: NVIDIA driver in the container is 580.76.05",
    ]);
    expect(r.code).toBe(1);
  });

  it("exits 0 when everything passed", async () => {
    const r = await run({ ctids: ["901"] }, [{ command: "timeout -k 10 60 pct exec 901 -- nvidia-smi --query-gpu=driver_version --format=csv,noheader", stdout: "580.76.05\n580.76.05\n" }]);
    expect(r.out).toContain("OK: 1 passed, 0 failed");
    expect(r.code).toBe(0);
  });

  it("sends nothing to the host for a container the config does not have", async () => {
    const r = await run({ ctids: ["952", "999"] }, "no host");
    expect(r.code).toBe(2);
    expect(r.err).toBe("not in phoenix_lxc_configs.json: container 999; nothing was sent to the host");
  });

  it("sends nothing to the host when the config has an error", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "phoenix-testcmd-"));
    const lxc = JSON.parse(readFileSync(path.join(PROJECT, "config/examples/phoenix_lxc_configs.json"), "utf8"));
    lxc.lxc_configs["952"].health_check.retries = 0;
    writeFileSync(path.join(dir, "lxc.json"), JSON.stringify(lxc));
    const stack = readFileSync(path.join(PROJECT, "Pulumi.dev.yaml"), "utf8").replace("config/examples/phoenix_lxc_configs.json", path.join(dir, "lxc.json"));
    writeFileSync(path.join(dir, "Pulumi.broken.yaml"), stack);
    const r = await run({ configFile: path.join(dir, "Pulumi.broken.yaml") }, "no host");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^the configuration has errors; nothing was sent to the host:\n.*lxc\.json.*\$\.lxc_configs\["?952"?\]\.health_check\.retries/m);
  });

  it("sends nothing to the host when the stack file is missing or wrong", async () => {
    const missing = await run({ stack: "nosuchstack" }, "no host");
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`cannot read the stack file ${path.join(PROJECT, "Pulumi.nosuchstack.yaml")}: ENOENT`);
    const dir = mkdtempSync(path.join(tmpdir(), "phoenix-testcmd-"));
    writeFileSync(path.join(dir, "s.yaml"), "config:\n  phoenix:host: [a]\n");
    const wrong = await run({ configFile: path.join(dir, "s.yaml") }, "no host");
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/^s\.yaml: line 2: the value of phoenix:host is not a plain or quoted scalar.*\nnothing was sent to the host$/);
  });
});

describe("phoenix test host", () => {
  it("says the example's hypervisor file has no tests, runs nothing and fails (nothing was tested)", async () => {
    const r = await run({ ctids: ["host"] }, []);
    expect(r.out.split("\n")).toEqual([
      "phoenix test: Pulumi.dev.yaml, host 127.0.0.10",
      "host (127.0.0.10)",
      "  (nothing to run: no tests in the hypervisor file)",
      "FAILED: nothing was tested (host configure no checks or tests)",
    ]);
    expect(r.code).toBe(1);
  });
});
