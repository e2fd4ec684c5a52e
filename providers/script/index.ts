// HostScript and ContainerScript as the Pulumi program uses them.
import type * as pulumi from "@pulumi/pulumi";
import { PhoenixResource } from "../adapter/resource";

/** What both kinds take (command.remote.Command's create / update / delete, triggers, environment, stdin). */
export interface ScriptArgs {
  name: pulumi.Input<string>;
  create: pulumi.Input<string>;
  update?: pulumi.Input<string>;
  delete?: pulumi.Input<string>;
  /** Files beside the script, by relative path. */
  files?: pulumi.Input<Record<string, string>>;
  args?: pulumi.Input<string[]>;
  environment?: pulumi.Input<Record<string, string>>;
  /** A JSON object of secret variables; mark it with pulumi.secret(). */
  secretEnvironment?: pulumi.Input<string>;
  /** Secret variables read from files on the machine running Pulumi by the provider: path and fingerprint (secret-files.ts). */
  secretFiles?: pulumi.Input<Record<string, { path: string; fingerprint: string }>>;
  stdin?: pulumi.Input<string>;
  triggers?: pulumi.Input<unknown[]>;
  /** Digests of what ran before (a container's earlier features): a change runs this again. */
  upstream?: pulumi.Input<string[]>;
  timeoutSeconds?: pulumi.Input<number>;
}

export interface ContainerScriptArgs extends ScriptArgs {
  ctid: pulumi.Input<string>;
  /** "container" (default): inside it through pct exec; "host": on the host with the CT id as first argument. */
  on?: pulumi.Input<"container" | "host">;
  /** What the container was created from: a change runs the script again. */
  container?: pulumi.Input<string>;
}

/** Outputs of the last run, as the host recorded them (tails, secrets redacted). */
interface ScriptRun {
  readonly present: boolean;
  readonly exitCode?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export class HostScript extends PhoenixResource<ScriptArgs> {
  declare readonly observed: pulumi.Output<ScriptRun>;
  constructor(name: string, args: ScriptArgs, opts?: pulumi.CustomResourceOptions) {
    super("HostScript", name, args, opts);
  }
}

export class ContainerScript extends PhoenixResource<ContainerScriptArgs> {
  declare readonly observed: pulumi.Output<ScriptRun>;
  constructor(name: string, args: ContainerScriptArgs, opts?: pulumi.CustomResourceOptions) {
    super("ContainerScript", name, args, opts);
  }
}
