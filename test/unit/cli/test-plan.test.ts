import { describe, expect, it } from "vitest";
import type { LxcContainer } from "../../../config/schema/lxc";
import { candidatePaths, planContainerTests, planHostTests, stdinText, testScripts, testSearchDirs } from "../../../cli/test-plan";

const base = { name: "ct", memory_mb: 512, cores: 1, storage_pool: "p", storage_size_gb: 1, network_config: { name: "eth0", bridge: "vmbr0", ip: "dhcp" } } as unknown as LxcContainer;
const ct = (extra: Partial<LxcContainer>) => ({ ...base, ...extra }) as LxcContainer;
const plan = (extra: Partial<LxcContainer>, nvidiaVersion?: string) =>
  planContainerTests({ ctid: "950", container: ct(extra), nvidiaVersion, testDirs: ["/w/override", "/w/cfg/bin/tests"], healthScript: "/p/stack/scripts/health-check.sh", testTimeoutSeconds: 600 });

describe("planContainerTests: which checks run for a container", () => {
  it.each<[string, Partial<LxcContainer>, string[]]>([
    ["nothing configured", {}, []],
    ["a health check", { health_check: { command: "curl -s --fail http://localhost:6333", retries: 5, interval: 5 } }, ["health"]],
    ["the nvidia feature", { features: ["base_setup", "nvidia"] }, ["nvidia"]],
    ["a feature merely containing nvidia in its name", { features: ["nvidia_tools"] }, []],
    ["run_integration_tests false", { run_integration_tests: false }, []],
    ["run_integration_tests true", { run_integration_tests: true }, ["script"]],
    ["all of them, in order", { features: ["nvidia"], health_check: { command: "true" }, run_integration_tests: true, tests: { a: [{ name: "x", type: "script", path: "x.sh" }] } }, ["health", "nvidia", "script", "script"]],
  ])("%s", (_name, extra, kinds) => {
    expect(plan(extra).map((c) => c.kind)).toEqual(kinds);
  });

  it("runs the health check through the shipped runner, its values as quoted export lines on stdin", () => {
    const [check] = plan({ health_check: { command: "curl -s 'http://x/$(id)'", retries: 5, interval: 2 } });
    expect(check).toEqual({
      kind: "health",
      label: "health check `curl -s 'http://x/$(id)'`",
      command: "timeout -k 10 308 pct exec 950 -- bash -s",
      timeoutSeconds: 308,
      stdin: {
        candidates: ["/p/stack/scripts/health-check.sh"],
        prefix: "export 'PHOENIX_CHECK_COMMAND=curl -s '\\''http://x/$(id)'\\'''\nexport PHOENIX_CHECK_RETRIES=5\nexport PHOENIX_CHECK_INTERVAL=2\n",
        bash: true,
      },
    });
  });

  it("fills the original's health check defaults (3 tries, 5 s apart)", () => {
    const [check] = plan({ health_check: { command: "true" } });
    expect(check.command).toBe("timeout -k 10 190 pct exec 950 -- bash -s");
    expect(check.stdin?.prefix).toBe("export PHOENIX_CHECK_COMMAND=true\nexport PHOENIX_CHECK_RETRIES=3\nexport PHOENIX_CHECK_INTERVAL=5\n");
  });

  it("keeps a huge retry count's limit at a week", () => {
    const [check] = plan({ health_check: { command: "true", retries: 4_000_000_000, interval: 0 } });
    expect(check.timeoutSeconds).toBe(604_800);
  });

  it("asks nvidia-smi inside the container for the driver version the host config names", () => {
    const [check] = plan({ features: ["nvidia"] }, "580.76.05");
    expect(check).toMatchObject({
      kind: "nvidia",
      command: "timeout -k 10 60 pct exec 950 -- nvidia-smi --query-gpu=driver_version --format=csv,noheader",
      expectVersion: "580.76.05",
    });
    expect(plan({ features: ["nvidia"] })[0].expectVersion).toBeUndefined();
  });

  it("runs test scripts on the host with the CT id, from stdin, under the limit; .py through python3", () => {
    const checks = plan({ tests: { health_checks: [{ name: "Dummy", type: "script", path: "health_checks/dummy.sh" }], integration_tests: [{ name: "Ctx", type: "script", path: "vllm/ctx.py" }] } });
    expect(checks).toEqual([
      { kind: "script", label: "test health_checks: Dummy (health_checks/dummy.sh)", command: "timeout -k 10 600 bash -s -- 950", timeoutSeconds: 600, stdin: { candidates: ["/w/override/health_checks/dummy.sh", "/w/cfg/bin/tests/health_checks/dummy.sh"], bash: true } },
      { kind: "script", label: "test integration_tests: Ctx (vllm/ctx.py)", command: "timeout -k 10 600 python3 - 950", timeoutSeconds: 600, stdin: { candidates: ["/w/override/vllm/ctx.py", "/w/cfg/bin/tests/vllm/ctx.py"], bash: false } },
    ]);
  });
});

describe("testScripts: the container's test scripts, each once", () => {
  const t = (name: string, path: string) => ({ name, type: "script" as const, path });
  it.each<[string, Partial<LxcContainer>, { name: string; path: string }[]]>([
    ["none", {}, []],
    ["run_integration_tests uses the original's hard-coded script", { run_integration_tests: true }, [{ name: "integration tests", path: "run_vllm_integration_tests.sh" }]],
    ["integration_tests.script names it", { run_integration_tests: true, integration_tests: { script: "mine.sh" } }, [{ name: "integration tests", path: "mine.sh" }]],
    ["integration_tests.script runs on demand even without run_integration_tests", { integration_tests: { script: "mine.sh" } }, [{ name: "integration tests", path: "mine.sh" }]],
    ["suites in order, then the vllm list; a path named twice runs once", {
      run_integration_tests: true,
      tests: { health_checks: [t("A", "a.sh"), t("B", "b.sh")], integration_tests: [t("Again", "run_vllm_integration_tests.sh")] },
      vllm: [t("V", "v.sh"), t("A again", "a.sh")],
    }, [
      { name: "integration tests", path: "run_vllm_integration_tests.sh" },
      { name: "health_checks: A", path: "a.sh" },
      { name: "health_checks: B", path: "b.sh" },
      { name: "vllm: V", path: "v.sh" },
    ]],
  ])("%s", (_name, extra, expected) => expect(testScripts(ct(extra))).toEqual(expected));
});

describe("where test scripts are looked for", () => {
  it("phoenix:testDirs first, then bin/tests next to the LXC file, each once", () => {
    expect(testSearchDirs("/w/cfg/lxc.json", ["/w/lab/tests", "/w/cfg/bin/tests"])).toEqual(["/w/lab/tests", "/w/cfg/bin/tests"]);
    expect(testSearchDirs("/w/cfg/lxc.json", [])).toEqual(["/w/cfg/bin/tests"]);
  });

  it("never a path outside its directory", () => {
    expect(candidatePaths(["/a", "/b"], "x/y.sh")).toEqual(["/a/x/y.sh", "/b/x/y.sh"]);
    expect(candidatePaths(["/a"], "../etc/passwd")).toEqual([]);
    expect(candidatePaths(["/a"], "/etc/passwd")).toEqual([]);
  });
});

describe("stdinText", () => {
  it("sends a bash script as one group reading /dev/null, after its prefix; python as it is", () => {
    expect(stdinText({ candidates: [], bash: true, prefix: "export A=1\n" }, "echo hi\n")).toBe("export A=1\n{\necho hi\n} </dev/null\n");
    expect(stdinText({ candidates: [], bash: true }, "echo no newline")).toBe("{\necho no newline\n} </dev/null\n");
    expect(stdinText({ candidates: [], bash: false }, "print(1)\n")).toBe("print(1)\n");
  });
});

describe("planHostTests: the hypervisor file's suites, on the host", () => {
  it("runs every suite's scripts once, in file order, with no argument", () => {
    const tests = {
      system_validation: [{ name: "Validate", path: "hypervisor/validate.sh" }],
      "hypervisor_health_.check": [{ name: "Tests", path: "hypervisor/tests.py" }, { name: "Again", path: "hypervisor/validate.sh" }],
    };
    const checks = planHostTests({ tests, testDirs: ["/w/override", "/w/cfg/bin/tests"], testTimeoutSeconds: 90 });
    expect(checks.map((c) => [c.label, c.command, c.stdin?.candidates, c.stdin?.bash])).toEqual([
      ["test system_validation: Validate (hypervisor/validate.sh)", "timeout -k 10 90 bash -s --", ["/w/override/hypervisor/validate.sh", "/w/cfg/bin/tests/hypervisor/validate.sh"], true],
      ["test hypervisor_health_.check: Tests (hypervisor/tests.py)", "timeout -k 10 90 python3 -", ["/w/override/hypervisor/tests.py", "/w/cfg/bin/tests/hypervisor/tests.py"], false],
    ]);
  });

  it("has nothing to run without a tests block", () => {
    expect(planHostTests({ tests: undefined, testDirs: ["/w"], testTimeoutSeconds: 90 })).toEqual([]);
  });
});
