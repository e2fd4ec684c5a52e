// The shipped feature scripts and the lab's stand-ins (features, tests) parse (`bash -n`) and are shellcheck-clean
// (sources followed; lib files checked as bash). shellcheck comes from scripts/setup.sh.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const PROJECT = path.resolve(__dirname, "..", "..", "..");
const scriptsIn = (dir: string) =>
  readdirSync(path.join(PROJECT, dir))
    .filter((n) => n.endsWith(".sh"))
    .map((n) => path.join(dir, n));
const FILES = ["features", "features/lib", "lab/features", "lab/features/lib", "lab/tests", "lab/applications", "stack/scripts"].flatMap(scriptsIn);

const shellcheck = (files: string[]) => spawnSync("shellcheck", ["-x", "-P", "SCRIPTDIR", "-s", "bash", ...files], { cwd: PROJECT, encoding: "utf8" });

describe("feature scripts", () => {
  it("are all found (the shipped five and their lab stand-ins)", () => {
    for (const name of ["base_setup", "docker", "nvidia", "ollama", "vllm"]) {
      expect(FILES).toContain(`features/${name}.sh`);
      expect(FILES).toContain(`lab/features/${name}.sh`);
    }
  });

  it.each(FILES)("%s parses with bash -n", (file) => {
    const r = spawnSync("bash", ["-n", file], { cwd: PROJECT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("are shellcheck-clean", () => {
    const r = shellcheck(FILES);
    expect(r.error, "shellcheck is missing: npm run setup installs it").toBeUndefined();
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("the checks catch a broken script", () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), "phoenix-shellcheck-")), "bad.sh");
    writeFileSync(bad, "#!/usr/bin/env bash\nset -euo pipefail\nrm -rf $1/\nif then\n");
    expect(spawnSync("bash", ["-n", bad]).status).not.toBe(0);
    expect(shellcheck([bad]).status).not.toBe(0);
  });

  it("start with set -euo pipefail, as features/README.md requires", () => {
    // Sourced libraries and the health check runner (which must not stop at the first failed attempt) aside.
    for (const file of FILES.filter((f) => !f.includes("/lib/") && !f.endsWith("/lab-app.sh") && !f.startsWith("stack/"))) {
      const r = spawnSync("grep", ["-qx", "set -euo pipefail", file], { cwd: PROJECT });
      expect(r.status, file).toBe(0);
    }
  });
});
