// NfsExport inputs: one exported path with its clients, as a line of the Phoenix-owned file
// /etc/exports.d/phoenix.exports. Option and client rules follow nfs-utils 2.6's exports(5) and
// support/nfs/exports.c (parseopts), so a config that passes here is one exportfs accepts.
import { z } from "zod";
import { checkedString } from "../core/checked-string";
import { absolutePathProblem } from "../core/names";

/** The file Phoenix owns; exportfs reads /etc/exports.d/*.exports after /etc/exports. */
export const EXPORTS_FILE = "/etc/exports.d/phoenix.exports";

// Keywords without a value (exports.c parseopts), and those taking one.
const FLAGS = new Set([
  "ro", "rw", "secure", "insecure", "sync", "async", "wdelay", "no_wdelay", "hide", "nohide", "crossmnt", "nocrossmnt",
  "subtree_check", "no_subtree_check", "secure_locks", "insecure_locks", "auth_nlm", "no_auth_nlm", "root_squash",
  "no_root_squash", "all_squash", "no_all_squash", "acl", "no_acl", "nordirplus", "rdirplus", "security_label", "pnfs",
  "no_pnfs", "mountpoint", "mp",
]);
const VALUED: Record<string, RegExp> = {
  anonuid: /^-?\d+$/,
  anongid: /^-?\d+$/,
  fsid: /^(root|\d+|[0-9a-fA-F-]{32,36})$/,
  sec: /^(sys|krb5|krb5i|krb5p)(:(sys|krb5|krb5i|krb5p))*$/,
  mountpoint: /^\/[^\s,()]*$/,
  mp: /^\/[^\s,()]*$/,
  refer: /^\/[^\s,()]+@[^\s,()]+$/,
  replicas: /^\/[^\s,()]+@[^\s,()]+$/,
  xprtsec: /^(none|tls|mtls)(:(none|tls|mtls))*$/,
};
const OPPOSITES: [string, string][] = [["ro", "rw"], ["sync", "async"], ["root_squash", "no_root_squash"], ["all_squash", "no_all_squash"], ["subtree_check", "no_subtree_check"], ["secure", "insecure"], ["hide", "nohide"], ["wdelay", "no_wdelay"], ["acl", "no_acl"]];

/** Why `option` is not an export option exportfs accepts, or undefined. */
export function exportOptionProblem(option: string): string | undefined {
  const eq = option.indexOf("=");
  if (eq < 0) return FLAGS.has(option) ? undefined : `unknown export option "${option}" (exportfs: unknown keyword)`;
  const pattern = VALUED[option.slice(0, eq)];
  if (pattern === undefined) return `unknown export option "${option}" (exportfs: unknown keyword)`;
  return pattern.test(option.slice(eq + 1)) ? undefined : `invalid value in export option "${option}"`;
}

/** Why the option list contradicts itself (exportfs takes the last one silently), or undefined. */
export function exportOptionsProblem(options: readonly string[]): string | undefined {
  for (const [a, b] of OPPOSITES) if (options.includes(a) && options.includes(b)) return `export options "${a}" and "${b}" contradict each other`;
  return undefined;
}

/** Why `client` is not an exports(5) client (host, address, network, wildcard, @netgroup or *), or undefined. */
export function exportClientProblem(client: string): string | undefined {
  if (/^(\*|@[A-Za-z0-9_.-]+|[A-Za-z0-9*?_.:\-[\]]+(\/[0-9.]+)?)$/.test(client) && !client.startsWith("-")) return undefined;
  return `invalid NFS client "${client}" (a host name, address, address/prefix, wildcard, @netgroup or *)`;
}

/** Why `path` cannot be written unquoted into an exports line, or undefined. */
export function exportPathProblem(path: string): string | undefined {
  const problem = absolutePathProblem(path);
  if (problem !== undefined) return problem;
  if (/[\s"'#\\]/.test(path)) return `export path "${path}" holds whitespace, a quote, # or \\ (not supported in ${EXPORTS_FILE})`;
  return undefined;
}

const option = checkedString(exportOptionProblem);

export const NfsExportInputsSchema = z.object({
  path: checkedString(exportPathProblem),
  clients: z
    .array(z.object({ host: checkedString(exportClientProblem), options: z.array(option).superRefine((o, ctx) => {
      const problem = exportOptionsProblem(o);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }) }))
    .min(1),
});

export type NfsExportInputs = z.output<typeof NfsExportInputsSchema>;

/** What the host reported. */
export interface NfsExportObserved {
  /** This path's line in EXPORTS_FILE, or null when absent. */
  readonly line: string | null;
  /** The whole file, or null when it does not exist (for the file edit's display). */
  readonly file: string | null;
  /** Live export table for this path (`exportfs -v`): client → options as exportfs prints them. */
  readonly live: Readonly<Record<string, readonly string[]>>;
  /** The path is a directory on the host. */
  readonly isDirectory: boolean;
}

/** The exports line for these inputs: `<path> <client>(<opts>) ...` (no space before `(`). */
export function exportsLine(inputs: NfsExportInputs): string {
  return [inputs.path, ...inputs.clients.map((c) => `${c.host}(${c.options.join(",")})`)].join(" ");
}
