import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { directoryCatalog, fixedCatalog, SHIPPED_FEATURE_DIR } from "../../../config/features";
import { featureNames } from "../../../config/features";
import { containerOrigin, featureBasis, featureEnvironment, featureRuns, libFiles } from "../../../stack/features";

const NVIDIA = { nvidia_driver_version: "580.76.05", nvidia_runfile_url: "https://example.invalid/x.run", nvidia_repo_url: "https://example.invalid/repo/" };

describe("featureEnvironment", () => {
  it.each<[string, number[], Record<string, string>]>([
    ["nvidia", [0, 1], { PHOENIX_GPUS: "0,1", PHOENIX_NVIDIA_DRIVER_VERSION: "580.76.05", PHOENIX_NVIDIA_RUNFILE_URL: "https://example.invalid/x.run", PHOENIX_NVIDIA_REPO_URL: "https://example.invalid/repo/" }],
    ["nvidia", [], { PHOENIX_GPUS: "none", PHOENIX_NVIDIA_DRIVER_VERSION: "580.76.05", PHOENIX_NVIDIA_RUNFILE_URL: "https://example.invalid/x.run", PHOENIX_NVIDIA_REPO_URL: "https://example.invalid/repo/" }],
    ["docker", [0], {}],
    ["base_setup", [], {}],
  ])("%s with GPUs %j", (name, gpus, env) => {
    expect(featureEnvironment(name, { gpus }, NVIDIA)).toEqual(env);
  });
});

it("nvidia gets the CUDA package of the host file's cuda_version", () => {
  expect(featureEnvironment("nvidia", { gpus: [0] }, { cuda_version: "12.8" })).toEqual({ PHOENIX_GPUS: "0", PHOENIX_CUDA_PACKAGE: "cuda-toolkit-12-8" });
});

describe("featureRuns", () => {
  it("reads each script in list order with the shipped lib files", () => {
    const runs = featureRuns({ ctid: "101", features: ["docker", "base_setup"], gpus: [] }, directoryCatalog([SHIPPED_FEATURE_DIR]), NVIDIA);
    expect(runs.map((r) => r.name)).toEqual(["docker", "base_setup"]);
    expect(runs[0]!.script).toBe(readFileSync(path.join(SHIPPED_FEATURE_DIR, "docker.sh"), "utf8"));
    expect(Object.keys(runs[0]!.files)).toEqual(["lib/common.sh"]);
  });

  it("fails naming the directories when a script is missing (the config checks normally say so first)", () => {
    expect(() => featureRuns({ ctid: "101", features: ["nope"], gpus: [] }, fixedCatalog([]), {})).toThrow(/CT 101: feature "nope" has no script in \(given list\)/);
  });

  it("a user's lib file overrides the shipped one of that name; other shipped ones stay", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "phoenix-features-"));
    mkdirSync(path.join(dir, "lib"));
    writeFileSync(path.join(dir, "lib", "common.sh"), "# mine\n");
    writeFileSync(path.join(dir, "lib", "extra.sh"), "# extra\n");
    expect(libFiles(path.join(dir, "docker.sh"))).toEqual({ "lib/common.sh": "# mine\n", "lib/extra.sh": "# extra\n" });
  });
});

describe("featureBasis and containerOrigin", () => {
  const run = { name: "docker", script: "echo a\n", files: { "lib/common.sh": "x" }, environment: {}, timeoutSeconds: 3600, tokens: [] };
  it("change with the script, a lib file or the environment, not with the timeout", () => {
    const b = featureBasis(run);
    expect(featureBasis({ ...run, script: "echo b\n" })).not.toBe(b);
    expect(featureBasis({ ...run, files: { "lib/common.sh": "y" } })).not.toBe(b);
    expect(featureBasis({ ...run, environment: { A: "1" } })).not.toBe(b);
    expect(featureBasis({ ...run, timeoutSeconds: 60 })).toBe(b);
  });
  it("the origin changes with the source or privilege only", () => {
    const o = containerOrigin({ source: { kind: "template", template: "a" }, unprivileged: true });
    expect(containerOrigin({ source: { kind: "template", template: "b" }, unprivileged: true })).not.toBe(o);
    expect(containerOrigin({ source: { kind: "template", template: "a" }, unprivileged: false })).not.toBe(o);
    expect(containerOrigin({ source: { kind: "template", template: "a" }, unprivileged: true })).toBe(o);
  });
});

describe("portainer_role", () => {
  it.each([
    ["server", ["docker"], ["docker", "portainer"]],
    ["agent", ["docker"], ["docker", "portainer"]],
    ["infrastructure", ["docker"], ["docker"]],
    ["none", [], []],
    ["server", ["docker", "portainer"], ["docker", "portainer"]],
  ] as const)("%s with features %j runs %j", (role, features, names) => {
    expect(featureNames(features, role)).toEqual(names);
  });
  it("gives the portainer feature its role, image and port, with the original's images as defaults", () => {
    expect(featureEnvironment("portainer", { gpus: [], portainerRole: "server" }, { portainer: { serverImage: "portainer/portainer-ce:2.21", serverPort: 9443, agentPort: 9001 } })).toEqual({ PHOENIX_PORTAINER_ROLE: "server", PHOENIX_PORTAINER_IMAGE: "portainer/portainer-ce:2.21", PHOENIX_PORTAINER_PORT: "9443" });
    expect(featureEnvironment("portainer", { gpus: [], portainerRole: "agent" }, {})).toEqual({ PHOENIX_PORTAINER_ROLE: "agent", PHOENIX_PORTAINER_IMAGE: "portainer/agent:latest" });
  });
});
