// Reads and validates the two config files of the original system, in their original format.
// Nothing here throws for bad input: unreadable files, broken JSON, wrong types and
// inconsistent values all come back as Problems, so callers can print every one at once.
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { checkHypervisorFile } from "./checks/hypervisor";
import { checkConfigPair, checkLxcFile, TEMPLATE_STORAGE_ALIAS, type LxcView } from "./checks/lxc";
import { checkNvidia } from "./checks/nvidia";
import { defaultApplicationDirs, defaultFeatureDirs, directoryCatalog, type ScriptCatalog } from "./features";
import { impliedNeeds, type ScriptCatalogs } from "./checks/scripts";
import { readJson } from "./json";
import { normalizeZfs, resolveHostFirewall, type HostFirewall, type ZfsConfig } from "./normalize";
import { normalizeLxc, type LxcConfig } from "./normalize-lxc";
import { partitionProblems, ProblemSink, type Problem } from "./problems";
import { HypervisorFileSchema, type HypervisorFile } from "./schema/hypervisor";
import { LxcContainerSchema, LxcFileSchema, type LxcContainer, type LxcFile } from "./schema/lxc";
import { ctidProblem } from "./schema/names";
import { validateWithSchema, validSections } from "./zod-issues";

export { formatProblems, type Problem } from "./problems";

/** Config files larger than this are refused unread; the real ones are about 20 KB. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** The validated hypervisor file plus the normalised parts providers use. */
export interface HypervisorConfig {
  /** The file as written, typed (Phoenix-only keys included). */
  readonly file: HypervisorFile;
  readonly zfs: ZfsConfig;
  /** The datacenter firewall block from the top level or, as shipped, from shared_volumes, rules normalised. */
  readonly firewall: HostFirewall | undefined;
}

/** Outcome of loading both files; `ok` only when neither file has an error. */
export type LoadResult =
  | { ok: true; hypervisor: HypervisorConfig; lxc: LxcFile; containers: LxcConfig; warnings: Problem[] }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

/** How feature and application script names are resolved to scripts (config/features.ts). */
export interface LoadOptions {
  /** Replaces the default search (features/ next to the LXC file, extraFeatureDirs, the shipped features/). */
  readonly features?: ScriptCatalog;
  /** Directories searched after the one next to the LXC file and before the shipped one. */
  readonly extraFeatureDirs?: readonly string[];
  /** Replaces the default search for application_script (bin/ next to the LXC file, extraApplicationDirs). */
  readonly applications?: ScriptCatalog;
  readonly extraApplicationDirs?: readonly string[];
}

/** A parsed JSON document and the name problems about it are filed under. */
export interface ConfigDocument {
  readonly file: string;
  readonly value: unknown;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "file not found",
  EISDIR: "is a directory, not a file",
  EACCES: "permission denied",
  ENOTDIR: "a parent of this path is not a directory",
  ELOOP: "too many symbolic links",
};

// Why `path` is not worth reading: devices and FIFOs (/dev/zero) would never end.
function unreadableReason(path: string): string | undefined {
  const stat = statSync(path);
  if (stat.isDirectory()) return READ_ERRORS.EISDIR;
  if (!stat.isFile()) return "not a regular file";
  if (stat.size > MAX_CONFIG_BYTES) return `larger than ${MAX_CONFIG_BYTES} bytes`;
  return undefined;
}

// Decoding with "utf8" would quietly turn bad bytes into U+FFFD inside a name or path.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

function readText(path: string, sink: ProblemSink): string | undefined {
  try {
    const reason = unreadableReason(path);
    if (reason === undefined) return decodeUtf8(readFileSync(path), path, sink);
    sink.error([], `cannot read ${path}: ${reason}`);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? "";
    sink.error([], `cannot read ${path}: ${READ_ERRORS[code] ?? (code || String(err))}`);
    return undefined;
  }
}

function decodeUtf8(bytes: Buffer, path: string, sink: ProblemSink): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    sink.error([], `cannot read ${path}: not valid UTF-8 text`);
    return undefined;
  }
}

// One file after reading: its problems so far, and its JSON value if it parsed.
interface LoadedDocument {
  readonly sink: ProblemSink;
  readonly parsed: boolean;
  readonly value: unknown;
}

function readDocument(path: string): LoadedDocument {
  const sink = new ProblemSink(basename(path) || path);
  const text = readText(path, sink);
  if (text === undefined) return { sink, parsed: false, value: undefined };
  const json = readJson(text);
  if (!json.ok) {
    sink.error([], `invalid JSON at line ${json.line}, column ${json.column}: ${json.message}`);
    return { sink, parsed: false, value: undefined };
  }
  // Still validated further: the schema may find more to report in the same run.
  for (const { path: at } of json.duplicates) sink.error(at, "duplicate key (JSON readers keep only the last value)");
  return { sink, parsed: true, value: json.value };
}

// The LXC view for the checks: valid containers, plus every key that names a container.
function lxcView(known: unknown): LxcView {
  const configs = isObject(known) && isObject(known.lxc_configs) ? known.lxc_configs : {};
  const containers: Record<string, LxcContainer> = {};
  for (const [id, value] of Object.entries(configs)) {
    const parsed = LxcContainerSchema.safeParse(value);
    if (parsed.success && ctidProblem(id) === undefined) containers[id] = parsed.data;
  }
  return { containers, ids: new Set(Object.keys(configs)) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Schemas first, then the cross-object rules on whatever parts are valid, then the rules that
// need both files. A file that did not parse at all is skipped, the other is still checked.
function validateDocuments(hv: LoadedDocument, lxc: LoadedDocument, scripts: ScriptCatalogs): LoadResult {
  const hvRun = hv.parsed ? validateWithSchema(HypervisorFileSchema, hv.value, hv.sink) : undefined;
  const lxcRun = lxc.parsed ? validateWithSchema(LxcFileSchema, lxc.value, lxc.sink) : undefined;
  const hvSections = hvRun ? validSections(HypervisorFileSchema, hvRun.known) : undefined;
  const view = lxcRun ? lxcView(lxcRun.known) : undefined;
  const hvKeys = new Set(isObject(hv.value) ? Object.keys(hv.value) : []);
  if (hvSections) checkHypervisorFile(hvSections, hv.sink, hvKeys);
  const vmFileDeclared = hvSections?.core_paths?.vm_config_file !== undefined;
  if (view) checkLxcFile(view, { scripts, vmFileDeclared }, lxc.sink);
  if (hvSections && view) checkConfigPair(hvSections, view, hv.sink, lxc.sink);
  if (hvSections && lxcRun) checkNvidia(hvSections, validSections(LxcFileSchema, lxcRun.known), hv.sink, lxc.sink);
  const { errors, warnings } = partitionProblems([...hv.sink.problems, ...lxc.sink.problems]);
  if (errors.length > 0 || !hvRun?.data || !lxcRun?.data) return { ok: false, errors, warnings };
  const hypervisor = { file: hvRun.data, zfs: normalizeZfs(hvRun.data), firewall: resolveHostFirewall(hvRun.data) };
  return { ok: true, hypervisor, lxc: lxcRun.data, containers: normalizeLxc(lxcRun.data, hvRun.data.proxmox_storage_ids?.[TEMPLATE_STORAGE_ALIAS], (ct) => impliedNeeds(ct, scripts)), warnings };
}

/** Validates two already-parsed documents (tests and callers that hold JSON in memory). */
export function validateConfigPair(hv: ConfigDocument, lxc: ConfigDocument, options: LoadOptions = {}): LoadResult {
  const wrap = (doc: ConfigDocument): LoadedDocument => ({ sink: new ProblemSink(doc.file), parsed: true, value: doc.value });
  return validateDocuments(wrap(hv), wrap(lxc), catalogs(undefined, options));
}

/** Reads, validates and normalises both config files; never throws for bad input. */
export function loadConfigPair(hypervisorPath: string, lxcPath: string, options: LoadOptions = {}): LoadResult {
  return validateDocuments(readDocument(hypervisorPath), readDocument(lxcPath), catalogs(lxcPath, options));
}

function catalogs(lxcPath: string | undefined, options: LoadOptions): ScriptCatalogs {
  return {
    features: options.features ?? directoryCatalog(defaultFeatureDirs(lxcPath, options.extraFeatureDirs)),
    applications: options.applications ?? directoryCatalog(defaultApplicationDirs(lxcPath, options.extraApplicationDirs), ""),
  };
}
