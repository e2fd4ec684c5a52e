// Container features are open: a name in a container's `features` list is valid when a script
// `<name>.sh` exists in one of the feature directories, searched in order:
//   1. `features/` next to phoenix_lxc_configs.json (the user's own scripts; they override), then
//   2. any directories the caller adds (e.g. from a stack setting), then
//   3. `features/` of this project (the shipped scripts).
// The catalogue is the only IO the checks need, so it is built here and passed in; tests inject one.
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { PROJECT_DIR } from "./project-dir";
import { EMPTY_HEADER, parseScriptHeader, type ScriptHeader } from "./script-header";

/** Answers which script implements a feature (or an application script), and where it looked. */
export interface ScriptCatalog {
  /** Absolute path of the script for `name`, or undefined when no directory has one. */
  find(name: string): string | undefined;
  /** The directories searched, in order, for messages. */
  readonly searched: readonly string[];
  /** What the script found for `name` declares (config/script-header.ts); empty when none is found. */
  header(name: string): ScriptHeader;
  /** Whether `file` (relative to the directory of `name`'s script) exists, for phoenix-files. */
  hasBeside(name: string, file: string): boolean;
}
export type FeatureCatalog = ScriptCatalog;

/** Whether a portainer_role runs the portainer feature ("infrastructure" and "none" run nothing, as in the original). */
export const runsPortainer = (role: string | undefined): boolean => role === "server" || role === "agent";

/** The features a container runs: its list, then `portainer` for a server or agent role. */
export function featureNames(features: readonly string[], portainerRole: string | undefined): string[] {
  return runsPortainer(portainerRole) && !features.includes("portainer") ? [...features, "portainer"] : [...features];
}

/** The project's own feature scripts. */
export const SHIPPED_FEATURE_DIR = resolve(PROJECT_DIR, "features");

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// Directories below the working directory are shown relative to it, as the user typed the paths.
function shown(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? dir : rel;
}

/**
 * A catalogue over `dirs` (searched in order) that looks scripts up on disk: `<name><suffix>`
 * (features are named without `.sh`, application scripts with it).
 */
export function directoryCatalog(dirs: readonly string[], suffix = ".sh"): ScriptCatalog {
  const absolute = [...new Set(dirs.map((d) => resolve(d)))];
  const find = (name: string) => absolute.map((dir) => join(dir, `${name}${suffix}`)).find(isFile);
  // The checks, the normalisation and the token lookup each ask per container: read each script once.
  const headers = new Map<string, ScriptHeader>();
  return {
    searched: absolute.map(shown),
    find,
    header: (name) => {
      let header = headers.get(name);
      if (header === undefined) {
        const path = find(name);
        header = path === undefined ? EMPTY_HEADER : parseScriptHeader(readFileSync(path, "utf8"));
        headers.set(name, header);
      }
      return header;
    },
    hasBeside: (name, file) => {
      const path = find(name);
      return path !== undefined && isFile(join(dirname(path), file));
    },
  };
}

/** Where application scripts are looked up: `bin/` next to the LXC file (the original's layout), then `extraDirs`. */
export function defaultApplicationDirs(lxcPath: string | undefined, extraDirs: readonly string[] = []): string[] {
  return [...(lxcPath === undefined ? [] : [join(dirname(resolve(lxcPath)), "bin")]), ...extraDirs];
}

/** The default search path for an LXC config file at `lxcPath`, plus `extraDirs`. */
export function defaultFeatureDirs(lxcPath: string | undefined, extraDirs: readonly string[] = []): string[] {
  const user = lxcPath === undefined ? [] : [join(dirname(resolve(lxcPath)), "features")];
  return [...user, ...extraDirs, SHIPPED_FEATURE_DIR];
}

/** A catalogue that knows exactly `names` (tests, and the corpus with the scripts its commit shipped). */
export function fixedCatalog(names: Iterable<string>, where = "(given list)", headers: Readonly<Record<string, ScriptHeader>> = {}): ScriptCatalog {
  const known = new Set(names);
  return {
    searched: [where],
    find: (name) => (known.has(name) ? `${where}/${name}.sh` : undefined),
    header: (name) => headers[name] ?? EMPTY_HEADER,
    hasBeside: (name) => known.has(name),
  };
}
