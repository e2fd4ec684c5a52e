// End to end through the real pulumi CLI: container features as scripts on a lab host. Three
// containers (two features, one, none) converge and their features run once each, in list order;
// a second up runs no script and a refresh finds nothing; editing one feature script re-runs it
// only in the containers that list it (and the features after it there); a failing feature fails
// that container's resource with the script's output, and the next up retries only it.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labDown, labSsh, labSshOk, labUp, PROJECT, type LabConnection } from "../helpers/lab";
import { TestStack } from "../helpers/pulumi-cli";

const LAB = "e2e-scripts";
const work = mkdtempSync(path.join(tmpdir(), "phoenix-e2e-scripts-"));
// features/ next to the LXC file: the user's own scripts, here copies of the lab stand-ins.
const FEATURES = path.join(work, "features");
let lab: LabConnection;
let stack: TestStack;

function configs() {
  const hv = JSON.parse(readFileSync(path.join(PROJECT, "test", "fixtures", "e2e", "nvidia.hypervisor.json"), "utf8"));
  hv.nvidia_driver = { ...hv.nvidia_driver, install: false };
  const lxc = JSON.parse(readFileSync(path.join(PROJECT, "config", "examples", "phoenix_lxc_configs.json"), "utf8"));
  const base = lxc.lxc_configs["900"];
  const ct = (id: string, name: string, features: string[]) => ({ ...base, name, mac_address: `52:54:00:AA:BB:${id.slice(1)}`, network_config: { ...base.network_config, ip: `10.0.0.${id.slice(1)}/24` }, memory_mb: 512, storage_pool: "fastData-lxc-disks", storage_size_gb: 1, gpu_assignment: "none", features, template_snapshot_name: undefined, template: "/fastData/shared-iso/template/cache/debian-12-standard_12.7-1_amd64.tar.zst", start_at_boot: false });
  // 961 is a template: its snapshot is taken after its features and re-taken when one changes.
  // 964 is a clone of 961's snapshot with no features of its own: what 961 ran, it has.
  const clone = { ...ct("964", "clone", []), template: undefined, clone_from_ctid: "961" };
  lxc.lxc_configs = { "961": { ...ct("961", "both", ["base_setup", "docker"]), template_snapshot_name: "pre-configured" }, "962": ct("962", "base-only", ["base_setup"]), "963": ct("963", "docker-only", ["docker"]), "964": clone };
  const hvFile = path.join(work, "hv.json");
  const lxcFile = path.join(work, "lxc.json");
  writeFileSync(hvFile, JSON.stringify(hv, null, 2));
  writeFileSync(lxcFile, JSON.stringify(lxc, null, 2));
  return { hypervisorConfig: hvFile, lxcConfig: lxcFile };
}

/** The features each container has run so far, in order (the stand-ins log every run). */
const runs = (ctid: string) => labSshOk(LAB, `pct exec ${ctid} -- cat /var/log/phoenix-lab-features.log`).trim().split("\n");
/** The basis recorded in 961's template snapshot (what it was taken from). */
const snapshotBasis = () => /basis ([0-9a-f]+)/.exec(labSshOk(LAB, "pct listsnapshot 961"))?.[1];
let basis: string | undefined;
const allRuns = () => Object.fromEntries(["961", "962", "963"].map((id) => [id, runs(id)]));

beforeAll(() => {
  cpSync(path.join(PROJECT, "lab", "features"), FEATURES, { recursive: true });
  lab = labUp(LAB, ["--gpus", "0"]);
  stack = new TestStack("e2e-scripts", { ...configs(), host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath });
}, 120_000);

afterAll(() => labDown(LAB));

describe("container features as scripts on a lab host", () => {
  it("converge: each container runs its features once, in list order, with progress lines shown", { timeout: 600_000 }, () => {
    const r = stack.ok(["up", "--yes", "--skip-preview"]);
    expect(allRuns()).toEqual({ "961": ["base_setup", "docker"], "962": ["base_setup"], "963": ["docker"] });
    expect(runs("964")).toEqual(["base_setup", "docker"]);
    // Shown once, as a progress row while it runs; not repeated in the closing summary.
    expect(r.output.match(/ContainerScript "961\/feature-docker": lab stand-in for docker: 5 of 5 packages recorded as installed/g)).toHaveLength(1);
    basis = snapshotBasis();
    expect(basis).toMatch(/^[0-9a-f]{16}$/);
  });

  it("a second up runs no script; preview and refresh find nothing", { timeout: 600_000 }, () => {
    stack.ok(["up", "--yes", "--expect-no-changes"]);
    stack.ok(["refresh", "--preview-only", "--expect-no-changes"]);
    expect(allRuns()).toEqual({ "961": ["base_setup", "docker"], "962": ["base_setup"], "963": ["docker"] });
  });

  it("editing a feature script re-runs it only in the containers that list it", { timeout: 600_000 }, () => {
    writeFileSync(path.join(FEATURES, "docker.sh"), `${readFileSync(path.join(FEATURES, "docker.sh"), "utf8")}echo "docker feature, edited"\n`);
    const r = stack.ok(["up", "--yes", "--skip-preview"]);
    expect(allRuns()).toEqual({ "961": ["base_setup", "docker", "docker"], "962": ["base_setup"], "963": ["docker", "docker"] });
    expect(r.output).toMatch(/ContainerScript "963\/feature-docker": docker feature, edited/);
    // 961's snapshot is re-taken after its docker feature ran again; its clone 964 (which may hold
    // data) is left as it was, and the plan says how to re-create it.
    expect(snapshotBasis()).not.toBe(basis);
    expect(runs("964")).toEqual(["base_setup", "docker"]);
    expect(r.output).toMatch(/containers already cloned from it keep their own copy/);
  });

  it("editing a feature that others follow re-runs it and the features after it, there only", { timeout: 600_000 }, () => {
    writeFileSync(path.join(FEATURES, "base_setup.sh"), `${readFileSync(path.join(FEATURES, "base_setup.sh"), "utf8")}echo "base, edited"\n`);
    stack.ok(["up", "--yes", "--skip-preview"]);
    expect(allRuns()).toEqual({ "961": ["base_setup", "docker", "docker", "base_setup", "docker"], "962": ["base_setup", "base_setup"], "963": ["docker", "docker"] });
  });

  it("a failing feature fails its container's resource with its output; the next up retries only it", { timeout: 600_000 }, () => {
    // Fails while the host holds the flag file (a feature runs on the host): the same script,
    // unchanged, succeeds on the retry.
    const docker = readFileSync(path.join(FEATURES, "docker.sh"), "utf8");
    writeFileSync(path.join(FEATURES, "docker.sh"), `${docker}if [[ $ctid == 963 && -e /root/fail-963 ]]; then echo "E: no space left on device (CT $ctid)" >&2; exit 7; fi\n`);
    labSshOk(LAB, "touch /root/fail-963");
    const basisBefore = snapshotBasis();
    const failed = stack.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/ContainerScript "963\/feature-docker": run the create script on the host for CT 963: failed with exit code 7; last lines of its output:\n\s+lab stand-in for docker: 0 of 5 packages recorded as installed\n\s+docker feature, edited\n\s+E: no space left on device \(CT 963\)/);
    // 961 ran the edited script as well (it lists docker too); 963's run was recorded as failed.
    expect(runs("961")).toHaveLength(6);
    expect(runs("963")).toEqual(["docker", "docker", "docker"]);
    labSshOk(LAB, "rm /root/fail-963");
    const retried = stack.ok(["up", "--yes", "--skip-preview"]);
    expect(retried.output).toMatch(/ContainerScript 963\/feature-docker updated/);
    expect(retried.output).not.toMatch(/ContainerScript 96[12]\/feature-\w+ updat/);
    // 961's snapshot follows its edited docker run (in the failed up or, if that stopped first, now).
    expect(snapshotBasis()).not.toBe(basisBefore);
    expect(runs("961")).toHaveLength(6);
    expect(runs("963")).toEqual(["docker", "docker", "docker", "docker"]);
    stack.ok(["up", "--yes", "--expect-no-changes"]);
    expect(labSsh(LAB, "ls /run | grep phoenix-script").stdout).toBe("");
  });

  it("a clone is re-created from the re-taken snapshot only when the stack allows destroying it", { timeout: 600_000 }, () => {
    const urn = /"urn":\s*"(urn:pulumi:[^"]*::964)"/.exec(stack.stateText())?.[1];
    expect(urn).toBeDefined();
    const refused = stack.run(["up", "--yes", "--skip-preview", "--replace", urn!]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/964/);
    expect(runs("964")).toEqual(["base_setup", "docker"]);
    stack.writeConfig({ ...configs(), host: lab.host, port: String(lab.port), user: lab.user, hostKeyPath: lab.hostKeyPath, privateKeyPath: lab.privateKeyPath, allowDestroy: '["LxcContainer:964"]' });
    stack.ok(["up", "--yes", "--skip-preview", "--replace", urn!]);
    // The new 964 starts from 961's current snapshot: every feature run 961 had when it was taken.
    expect(runs("964")).toEqual(runs("961"));
    stack.ok(["up", "--yes", "--expect-no-changes"]);
  });
});
