// HostScript and ContainerScript inputs (the semantics of command.remote.Command: create /
// update / delete scripts, triggers, environment, stdin) and what the host reports about the
// last run (docs/decisions/0027-scripts.md).
import { z } from "zod";
import { checkedString } from "../core/checked-string";
import { ctidProblem } from "../../config/schema/names";
import { SECRET_PLACEHOLDER } from "../adapter/secrets";
import { FINGERPRINT } from "../adapter/secret-file";

/** Why `name` cannot name a script (it becomes a directory name under MARKER_ROOT). */
export function scriptNameProblem(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$/.test(name) ? undefined : `invalid script name "${name}" (letters, digits, _ . @ -, at most 100)`;
}

/** Why `path` cannot name a file shipped beside the script (relative, no `..`, plain characters). */
export function relativeFileProblem(path: string): string | undefined {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/.test(path)) return `invalid file name "${path}" (a relative path of letters, digits, _ . -)`;
  return path.split("/").some((s) => s === "." || s === "..") ? `file name "${path}" contains a "." or ".." segment` : undefined;
}

const envName = checkedString((v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : `invalid environment variable name "${v}"`));

// A secret environment is one JSON object in a string: secret inputs are strings (adapter/secrets.ts).
const secretEnvironment = z.string().refine((v) => v === SECRET_PLACEHOLDER || secretEnvProblem(v) === undefined, { message: "secretEnvironment must be a JSON object of NAME: string" });
export function secretEnvProblem(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return "not an object";
    for (const [k, v] of Object.entries(value)) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) || typeof v !== "string") return `bad entry ${k}`;
    return undefined;
  } catch {
    return "not JSON";
  }
}

const base = {
  /** Names the run's record on the host (/var/lib/phoenix/scripts/<scope>/<name>). */
  name: checkedString(scriptNameProblem),
  /** A bash script run on the first apply (and on every change when there is no `update`). */
  create: z.string().min(1),
  /** Run instead of `create` when a completed run's inputs changed. */
  update: z.string().min(1).optional(),
  /** Run when the resource is deleted (or replaced because its triggers changed). */
  delete: z.string().min(1).optional(),
  /** Files placed beside the script, by relative path (a feature's lib/common.sh). */
  files: z.record(checkedString(relativeFileProblem), z.string()).default({}),
  args: z.array(z.string()).default([]),
  environment: z.record(envName, z.string()).default({}),
  secretEnvironment: secretEnvironment.optional(),
  /**
   * Secret variables whose values stay in files on the machine running Pulumi: the provider reads
   * each when the script runs and checks it against the fingerprint (docs/decisions/0020, 0030).
   */
  secretFiles: z.record(envName, z.strictObject({ path: z.string().startsWith("/"), fingerprint: z.string().regex(FINGERPRINT) })).default({}),
  stdin: z.string().optional(),
  /** Digests of what ran before this script (a container's earlier features): a change runs it again. */
  upstream: z.array(z.string()).default([]),
  /** Any change re-creates the resource: delete runs, then create (command.remote.Command's triggers). */
  triggers: z.array(z.unknown()).default([]),
  /** The script (and everything it started) is killed after this long, on the host side. */
  timeoutSeconds: z.int().min(1).max(7 * 24 * 3600).default(3600),
  /** Chosen once at create (adapter `complete`): a new resource in state always runs. */
  instance: z.string().regex(/^[0-9a-f]{16}$/).optional(),
};

export const HostScriptInputsSchema = z.strictObject(base);
export type HostScriptInputs = z.output<typeof HostScriptInputsSchema>;

export const ContainerScriptInputsSchema = z.strictObject({
  ...base,
  ctid: checkedString(ctidProblem),
  /**
   * Where the script runs: inside the container (`pct exec`, the default), or on the host with
   * the CT id as its first argument (feature scripts, which also edit the container's config).
   */
  on: z.enum(["container", "host"]).default("container"),
  /** What the container was created from; a re-created container runs its scripts again. */
  container: z.string().default(""),
});
export type ContainerScriptInputs = z.output<typeof ContainerScriptInputsSchema>;

export type ScriptInputs = HostScriptInputs | (ContainerScriptInputs & { ctid: string });

/** The last run recorded on the host, or none. */
export interface ScriptObserved {
  /** A run was recorded (refresh drops the resource when not). */
  readonly present: boolean;
  /** Digest of the inputs of the last run. */
  readonly digest?: string;
  /** Its exit code (0: completed). */
  readonly exitCode?: number;
  /** A create completed once: changes then run `update` when there is one. */
  readonly created?: boolean;
  /** Tails of its output, secrets redacted on the host. */
  readonly stdout?: string;
  readonly stderr?: string;
  /** ContainerScript: the container exists (its delete script is skipped when it does not). */
  readonly containerExists?: boolean;
  /** The secretFiles values, read only when the script is due; never kept in state. */
  readonly fileSecrets?: Readonly<Record<string, string>>;
}

export const MARKER_ROOT = "/var/lib/phoenix/scripts";

export function markerDir(inputs: ScriptInputs): string {
  return `${MARKER_ROOT}/${"ctid" in inputs ? `ct-${inputs.ctid}` : "host"}/${inputs.name}`;
}
