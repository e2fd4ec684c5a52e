// A container's application_script and health_check, after its features. The application script
// is the user's (bin/ next to the LXC file, or `phoenix:applicationDirs`); it runs inside the
// container as `<script> <ctid>`, with the container's config entry (less its checks and tests)
// beside it as container.json, the files it declares (phoenix-files) and only the tokens it
// declares (phoenix-tokens). The health check runs inside the container after everything else,
// and again whenever any of it ran again. Both run only when what they depend on changed
// (docs/decisions/0030).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ScriptCatalog } from "../config/features";
import { PROJECT_DIR } from "../config/project-dir";
import type { ContainerSpec } from "../config/normalize-lxc";
import { parseScriptHeader, type Token } from "../config/script-header";
import { ContainerScript } from "../providers/script";
import { shortDigest } from "./digest";
import { tokenEnvironment, type TokenValues } from "./tokens";

export interface ApplicationRun {
  readonly name: string;
  readonly script: string;
  readonly files: Record<string, string>;
  readonly tokens: readonly Token[];
}

export interface HealthCheckRun {
  readonly environment: Record<string, string>;
  readonly timeoutSeconds: number;
}

export const HEALTH_CHECK_SCRIPT = resolve(PROJECT_DIR, "stack", "scripts", "health-check.sh");

// Application scripts wait on services (the vLLM one polls a model server while it downloads).
const APPLICATION_TIMEOUT_S = 2 * 3600;

/** The application script of `spec`, with what it declares, or undefined when it has none. */
export function applicationRun(spec: Pick<ContainerSpec, "ctid" | "entry">, catalog: ScriptCatalog, read: (path: string) => string = (p) => readFileSync(p, "utf8")): ApplicationRun | undefined {
  const name = spec.entry.application_script;
  if (name === undefined) return undefined;
  const path = catalog.find(name);
  if (path === undefined) throw new Error(`CT ${spec.ctid}: application script "${name}" is not in ${catalog.searched.join(", ")}`);
  const script = read(path);
  const header = parseScriptHeader(script);
  const files: Record<string, string> = Object.fromEntries(header.files.map((f) => [f, read(join(dirname(path), f))]));
  files["container.json"] = `${JSON.stringify(deployedEntry(spec.entry), null, 2)}\n`;
  return { name, script, files, tokens: header.tokens };
}

/**
 * The entry as the application script sees it: without the keys that only say how to check the
 * container (health_check, tests), so changing a check re-runs the check, not the deployment.
 */
export function deployedEntry(entry: ContainerSpec["entry"]): Record<string, unknown> {
  const { health_check: _h, tests: _t, integration_tests: _i, run_integration_tests: _r, vllm: _v, ...deployed } = entry;
  return deployed;
}

/** The health check of `spec` as the shipped runner's environment, or undefined. */
export function healthCheckRun(spec: Pick<ContainerSpec, "entry">): HealthCheckRun | undefined {
  const check = spec.entry.health_check;
  if (check === undefined) return undefined;
  // The original's defaults: 3 attempts, 5 s apart.
  const retries = check.retries ?? 3;
  const interval = check.interval ?? 5;
  return {
    environment: { PHOENIX_CHECK_COMMAND: check.command, PHOENIX_CHECK_RETRIES: String(retries), PHOENIX_CHECK_INTERVAL: String(interval) },
    timeoutSeconds: retries * (interval + 120) + 60,
  };
}

export const applicationBasis = (run: ApplicationRun) => shortDigest({ script: run.script, files: run.files });

/** What a container's last scripts depend on, for the scripts and snapshot after them. */
export interface After {
  readonly resource: pulumi.Resource;
  readonly upstream: readonly string[];
  /** The health check's upstream: as `upstream`, plus the digest of the application's last run (a token change re-runs it). */
  readonly checkUpstream?: pulumi.Input<string[]>;
  /** The container's count of applies that ran commands: a repair (a restart) re-runs the health check. */
  readonly containerApplies?: pulumi.Input<number | undefined>;
}

/** Declares the application script and health check of one container, after `after`; returns the last one declared. */
export function declareApplication(ctid: string, app: ApplicationRun | undefined, check: HealthCheckRun | undefined, origin: string, after: After, tokens: TokenValues): After {
  let last = after;
  if (app !== undefined) {
    const secrets = tokenEnvironment(app.tokens, tokens);
    const resource = new ContainerScript(
      `${ctid}/application`,
      {
        ctid,
        name: "application",
        create: app.script,
        files: app.files,
        args: [ctid],
        environment: { PHOENIX_CTID: ctid },
        ...secrets,
        upstream: [...last.upstream],
        container: origin,
        timeoutSeconds: APPLICATION_TIMEOUT_S,
      },
      { dependsOn: [last.resource] },
    );
    const upstream = [...last.upstream, `application:${applicationBasis(app)}`];
    // The run's digest covers its tokens, which the program only holds as secrets: taking it from
    // the run's record makes the check run again whenever the application did.
    const checkUpstream = pulumi.output(resource.observed).apply((o) => [...upstream, `application-run:${(o as { digest?: string } | undefined)?.digest ?? ""}`]);
    last = { ...last, resource, upstream, checkUpstream };
  }
  if (check !== undefined) {
    // No count (state older than it): nothing to compare, so nothing re-runs on that account.
    const checkUpstream = pulumi
      .all([last.checkUpstream ?? [...last.upstream], last.containerApplies])
      .apply(([upstream, applies]) => (applies === undefined ? upstream : [...upstream, `container-applies:${applies}`]));
    const resource = new ContainerScript(
      `${ctid}/health-check`,
      {
        ctid,
        name: "health-check",
        create: readFileSync(HEALTH_CHECK_SCRIPT, "utf8"),
        environment: check.environment,
        upstream: checkUpstream,
        container: origin,
        timeoutSeconds: check.timeoutSeconds,
      },
      { dependsOn: [last.resource] },
    );
    last = { resource, upstream: [...last.upstream, `health-check:${shortDigest(check.environment)}`] };
  }
  return last;
}
