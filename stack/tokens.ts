// The Hugging Face and Docker tokens: a stack secret (`phoenix:hfToken`, `phoenix:dockerToken`),
// else the file the hypervisor config names (core_paths.hf_token_file / docker_token_file), on
// the workstation. A stack secret is a Pulumi secret input; a file's value never enters Pulumi:
// the script gets the path and a fingerprint and its provider reads the file (0030). Only the
// scripts that declare `phoenix-tokens: <name>` get it, as PHOENIX_HF_TOKEN / PHOENIX_DOCKER_TOKEN.
import { readFileSync, statSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { secretFileFingerprint, secretFromText } from "../providers/script/secret-files";
import { featureNames, type ScriptCatalog } from "../config/features";
import type { ContainerSpec } from "../config/normalize-lxc";
import type { Token } from "../config/script-header";

export const TOKEN_ENV: Record<Token, string> = { hf_token: "PHOENIX_HF_TOKEN", docker_token: "PHOENIX_DOCKER_TOKEN" };
const STACK_KEY: Record<Token, string> = { hf_token: "hfToken", docker_token: "dockerToken" };

/** Where a token's value is: a stack secret, or a file the provider reads (path and fingerprint). */
export type TokenValue = { readonly secret: pulumi.Output<string> } | { readonly file: { readonly path: string; readonly fingerprint: string } };
export type TokenValues = Partial<Record<Token, TokenValue>>;

/** Where each token may come from. */
export interface TokenSources {
  readonly stackSecret: (key: string) => pulumi.Output<string> | undefined;
  readonly files: Partial<Record<Token, string>>;
}

/** Why the token file at `path` is not used: absent, not a file, or readable by every user. */
export function tokenFileProblem(path: string, stat: (p: string) => { isFile(): boolean; mode: number } = statSync): string | undefined {
  let info;
  try {
    info = stat(path);
  } catch {
    return `${path} does not exist here`;
  }
  if (!info.isFile()) return `${path} is not a file`;
  if ((info.mode & 0o004) !== 0) return `${path} is readable by every user (mode ${(info.mode & 0o777).toString(8)}): chmod 600 it`;
  return undefined;
}

/**
 * The values of the tokens in `used`, and one warning per used token that has none. A token file
 * readable by every user is refused (the original required mode 600 or 640).
 */
export function resolveTokens(used: ReadonlyMap<Token, readonly string[]>, sources: TokenSources): { values: TokenValues; warnings: string[]; errors: string[] } {
  const values: TokenValues = {};
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const [token, users] of used) {
    const fromStack = sources.stackSecret(STACK_KEY[token]);
    if (fromStack !== undefined) {
      values[token] = { secret: pulumi.secret(fromStack) };
      continue;
    }
    const file = sources.files[token];
    const problem = file === undefined ? "no file is named for it in core_paths" : tokenFileProblem(file);
    const value = problem === undefined ? secretFromText(readFileSync(file!, "utf8")) : "";
    if (problem === undefined && value !== "") {
      values[token] = { file: { path: file!, fingerprint: secretFileFingerprint(TOKEN_ENV[token], value) } };
    } else if (problem === undefined) {
      errors.push(`${token}: ${file} is empty`);
    } else if (/readable by every user/.test(problem)) {
      errors.push(`${token}: ${problem}`);
    } else {
      warnings.push(`${token} is declared by ${users.join(", ")}, and neither the stack secret phoenix:${STACK_KEY[token]} is set nor a token file found (${problem}): those scripts run without it`);
    }
  }
  return { values, warnings, errors };
}

/** The ScriptArgs that give a script the `tokens` it declares and that are set (none: empty). */
export function tokenEnvironment(tokens: readonly Token[], values: TokenValues): { secretEnvironment?: pulumi.Output<string>; secretFiles?: Record<string, { path: string; fingerprint: string }> } {
  const fromStack = tokens.flatMap((t) => {
    const v = values[t];
    return v !== undefined && "secret" in v ? [[TOKEN_ENV[t], v.secret] as const] : [];
  });
  const fromFiles = tokens.flatMap((t) => {
    const v = values[t];
    return v !== undefined && "file" in v ? [[TOKEN_ENV[t], v.file] as const] : [];
  });
  return {
    ...(fromStack.length > 0 ? { secretEnvironment: pulumi.all(fromStack.map(([, o]) => o)).apply((vals) => JSON.stringify(Object.fromEntries(fromStack.map(([k], i) => [k, vals[i]])))) } : {}),
    ...(fromFiles.length > 0 ? { secretFiles: Object.fromEntries(fromFiles) } : {}),
  };
}

/** Which tokens the containers' scripts declare, and who declares each (`<script> (CT <ids>)`, for the warning). */
export function tokensInUse(specs: readonly Pick<ContainerSpec, "ctid" | "features" | "portainerRole" | "entry">[], features: ScriptCatalog, applications: ScriptCatalog): Map<Token, string[]> {
  const users = new Map<Token, Map<string, string[]>>();
  const add = (token: Token, script: string, ctid: string) => {
    const byScript = users.get(token) ?? new Map<string, string[]>();
    byScript.set(script, [...(byScript.get(script) ?? []), ctid]);
    users.set(token, byScript);
  };
  for (const spec of specs) {
    for (const name of featureNames(spec.features, spec.portainerRole)) for (const t of features.header(name).tokens) add(t, `feature ${name}`, spec.ctid);
    const app = spec.entry.application_script;
    if (app !== undefined) for (const t of applications.header(app).tokens) add(t, app, spec.ctid);
  }
  return new Map([...users].map(([token, byScript]) => [token, [...byScript].map(([script, ids]) => `${script} (CT ${ids.join(", ")})`)]));
}
