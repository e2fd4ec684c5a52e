// Container features as scripts: one ContainerScript per (container, feature), in list order,
// each after the container and the feature before it. A feature runs on the host as
// `<name>.sh <ctid>` (features/README.md) with the lib/ files beside it. What it runs from (its
// text, its lib files, its PHOENIX_* environment) is its basis: editing one feature script
// re-runs it, and the features after it, only in the containers that list it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { FeatureCatalog } from "../config/features";
import { featureNames, SHIPPED_FEATURE_DIR } from "../config/features";
import type { ContainerSpec } from "../config/normalize-lxc";
import { parseScriptHeader, type Token } from "../config/script-header";
import { ContainerScript } from "../providers/script";
import { shortDigest } from "./digest";
import { tokenEnvironment, type TokenValues } from "./tokens";

/** What one feature script needs to run: its text, the lib files beside it, its environment. */
export interface FeatureRun {
  readonly name: string;
  readonly script: string;
  readonly files: Record<string, string>;
  readonly environment: Record<string, string>;
  readonly timeoutSeconds: number;
  /** Secrets it declares (phoenix-tokens): given to it alone, when set. */
  readonly tokens: readonly Token[];
}

/** The lib/*.sh files a feature sources: the shipped ones, overridden by those beside the script. */
export function libFiles(scriptPath: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dir of [SHIPPED_FEATURE_DIR, dirname(scriptPath)]) {
    const lib = join(dir, "lib");
    let names: string[] = [];
    try {
      if (statSync(lib).isDirectory()) names = readdirSync(lib).filter((n) => n.endsWith(".sh")).sort();
    } catch {
      continue;
    }
    for (const name of names) out[`lib/${name}`] = readFileSync(join(lib, name), "utf8");
  }
  return out;
}

/** The LXC file's top-level values the shipped features read. */
export interface FeatureSettings {
  readonly nvidia_driver_version?: string;
  readonly nvidia_runfile_url?: string;
  readonly nvidia_repo_url?: string;
  /** The hypervisor file's nvidia_driver.cuda_version (e.g. 12.8 → cuda-toolkit-12-8). */
  readonly cuda_version?: string;
  /** The hypervisor file's docker.portainer_*_image and network.portainer_*_port. */
  readonly portainer?: { readonly serverImage?: string; readonly agentImage?: string; readonly serverPort?: number; readonly agentPort?: number };
}

function portainerEnvironment(role: string, settings: FeatureSettings): Record<string, string> {
  const p = settings.portainer ?? {};
  const server = role === "server";
  // The original's hard-coded images, when the hypervisor file has no docker block.
  const image = (server ? p.serverImage : p.agentImage) ?? (server ? "portainer/portainer-ce:latest" : "portainer/agent:latest");
  const port = server ? p.serverPort : p.agentPort;
  return { PHOENIX_PORTAINER_ROLE: role, PHOENIX_PORTAINER_IMAGE: image, ...(port === undefined ? {} : { PHOENIX_PORTAINER_PORT: String(port) }) };
}

/** PHOENIX_* variables of one feature (features/<name>.sh lists what it reads). */
export function featureEnvironment(name: string, spec: Pick<ContainerSpec, "gpus"> & Partial<Pick<ContainerSpec, "portainerRole">>, settings: FeatureSettings): Record<string, string> {
  if (name === "portainer") return portainerEnvironment(spec.portainerRole ?? "none", settings);
  if (name !== "nvidia") return {};
  const env: Record<string, string> = { PHOENIX_GPUS: spec.gpus.length === 0 ? "none" : spec.gpus.join(",") };
  if (settings.nvidia_driver_version) env.PHOENIX_NVIDIA_DRIVER_VERSION = settings.nvidia_driver_version;
  if (settings.nvidia_runfile_url) env.PHOENIX_NVIDIA_RUNFILE_URL = settings.nvidia_runfile_url;
  if (settings.nvidia_repo_url) env.PHOENIX_NVIDIA_REPO_URL = settings.nvidia_repo_url;
  if (settings.cuda_version) env.PHOENIX_CUDA_PACKAGE = `cuda-toolkit-${settings.cuda_version.replace(/\./g, "-")}`;
  return env;
}

// Builds take hours (vLLM from source); the rest installs packages.
const TIMEOUTS: Record<string, number> = { vllm: 4 * 3600 };

/** The runs of a container's features, in list order (the catalog has each: the config checks said so). */
export function featureRuns(spec: Pick<ContainerSpec, "ctid" | "features" | "gpus"> & Partial<Pick<ContainerSpec, "portainerRole">>, catalog: FeatureCatalog, settings: FeatureSettings, read: (path: string) => string = (p) => readFileSync(p, "utf8")): FeatureRun[] {
  return featureNames(spec.features, spec.portainerRole).map((name) => {
    const path = catalog.find(name);
    if (path === undefined) throw new Error(`CT ${spec.ctid}: feature "${name}" has no script in ${catalog.searched.join(", ")}`);
    const script = read(path);
    return { name, script, files: libFiles(path), environment: featureEnvironment(name, spec, settings), timeoutSeconds: TIMEOUTS[name] ?? 3600, tokens: parseScriptHeader(script).tokens };
  });
}

/** A short digest of what a feature runs from. */
export function featureBasis(run: FeatureRun): string {
  return shortDigest({ script: run.script, files: run.files, environment: run.environment });
}

/** What a container was created from: a re-created container (another source) runs its features again. */
export function containerOrigin(inputs: { source: unknown; unprivileged?: boolean }): string {
  return shortDigest({ source: inputs.source, unprivileged: inputs.unprivileged ?? null });
}

/** Declares the feature scripts of one container; returns them in order (the last one is what a snapshot waits for). */
export function declareFeatures(ctid: string, runs: readonly FeatureRun[], origin: string, container: pulumi.Resource, tokens: TokenValues = {}): ContainerScript[] {
  const out: ContainerScript[] = [];
  const upstream: string[] = [];
  for (const run of runs) {
    const previous = out.at(-1);
    const secrets = tokenEnvironment(run.tokens, tokens);
    out.push(
      new ContainerScript(
        `${ctid}/feature-${run.name}`,
        {
          ctid,
          name: `feature-${run.name}`,
          on: "host",
          create: run.script,
          files: run.files,
          environment: run.environment,
          ...secrets,
          upstream: [...upstream],
          container: origin,
          timeoutSeconds: run.timeoutSeconds,
        },
        { dependsOn: previous ? [container, previous] : [container] },
      ),
    );
    upstream.push(`${run.name}:${featureBasis(run)}`);
  }
  return out;
}
