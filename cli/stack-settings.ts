// The stack settings the `phoenix` CLI needs, read from Pulumi.<stack>.yaml the way the program
// reads them through pulumi.Config (index.ts): config file paths, directory lists and the SSH
// connection keys. File access comes in through `readFile`, so this stays testable without disk.
import * as path from "node:path";
import { SshError } from "../providers/ssh/errors";
import { forbiddenSettings, resolveConnectionSettings, type ConnectionSettings } from "../providers/ssh/settings";
import { parseStackFile, type StackValue } from "./stack-yaml";
import { parseDirList } from "../config/dir-list";
export { parseDirList };

/** What `phoenix test` reads from a stack. */
export interface StackSettings {
  /** Absolute paths of the two config files. */
  readonly hypervisorConfig: string;
  readonly lxcConfig: string;
  /** `phoenix:featureDirs`, absolute (the feature catalogue must match what `up` validated with). */
  readonly featureDirs: readonly string[];
  /** `phoenix:applicationDirs`, absolute (application scripts are checked with the config too). */
  readonly applicationDirs: readonly string[];
  /** `phoenix:testDirs`, absolute: searched before bin/tests next to the LXC file. */
  readonly testDirs: readonly string[];
  readonly connection: ConnectionSettings;
}

export type StackSettingsResult = { ok: true; settings: StackSettings } | { ok: false; error: string };

const CONNECTION_KEYS = ["host", "port", "user", "privateKeyPath", "hostKey", "hostKeyPath"] as const;
const NAMESPACE = "phoenix:";

/** Stack names as Pulumi allows them; the name becomes part of a file name. */
export function stackNameProblem(name: string): string | undefined {
  return /^[A-Za-z0-9_.-]{1,100}$/.test(name) && !/^\.+$/.test(name) ? undefined : `stack name "${name}" may hold only letters, digits, _ . -`;
}

/** Pulumi.<stack>.yaml in the project directory. */
export function stackFilePath(projectDir: string, stack: string): string {
  return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

/**
 * Reads the settings from the stack file text. Relative paths are from projectDir, as
 * pulumi.Config values are for the program. Never throws; errors name the key, never a value.
 */
export function readStackSettings(fileName: string, text: string, projectDir: string, readFile: (p: string) => string, agentSocket?: string): StackSettingsResult {
  const parsed = parseStackFile(text);
  if (!parsed.ok) return { ok: false, error: `${fileName}: ${parsed.error}` };
  const values = parsed.config;
  const secrets = forbiddenSettings(Object.fromEntries(["privateKey", "privateKeyPassphrase"].map((k) => [k, values.has(NAMESPACE + k) ? "set" : undefined])));
  if (secrets.length > 0) return { ok: false, error: `${fileName}: ${secrets.join("\n")}` };
  try {
    const get = (key: string) => stringValue(fileName, key, values.get(NAMESPACE + key));
    const fromProject = (p: string) => path.resolve(projectDir, p);
    const requiredPath = (key: string) => {
      const value = get(key);
      if (value === undefined || value.trim() === "") throw new Error(`${fileName}: phoenix:${key} is required`);
      return fromProject(value.trim());
    };
    const raw = Object.fromEntries(CONNECTION_KEYS.map((k) => [k, get(k)]));
    const connection = resolveConnectionSettings(raw, readFile, projectDir, agentSocket);
    return {
      ok: true,
      settings: {
        hypervisorConfig: requiredPath("hypervisorConfig"),
        lxcConfig: requiredPath("lxcConfig"),
        featureDirs: parseDirList(fileName, "featureDirs", get("featureDirs")).map(fromProject),
        applicationDirs: parseDirList(fileName, "applicationDirs", get("applicationDirs")).map(fromProject),
        testDirs: parseDirList(fileName, "testDirs", get("testDirs")).map(fromProject),
        connection,
      },
    };
  } catch (err) {
    const message = err instanceof SshError ? `${fileName}: ${err.detail}` : (err as Error).message;
    return { ok: false, error: message };
  }
}

function stringValue(fileName: string, key: string, value: StackValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.kind === "string") return value.value;
  throw new Error(`${fileName}: phoenix:${key} is ${value.kind === "secure" ? "a secret" : "an object"}; it must be a plain string`);
}

