// Container features are open: a name in a container's `features` list is valid when a script
// `<name>.sh` exists in one of the feature directories, searched in order:
//   1. `features/` next to phoenix_lxc_configs.json (the user's own scripts; they override), then
//   2. any directories the caller adds (e.g. from a stack setting), then
//   3. `features/` of this project (the shipped scripts).
// The catalogue is the only IO the checks need, so it is built here and passed in; tests inject one.
import { statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { PROJECT_DIR } from "./project-dir";

/** Answers which script implements a feature, and where it looked. */
export interface FeatureCatalog {
  /** Absolute path of the script for `name`, or undefined when no directory has one. */
  find(name: string): string | undefined;
  /** The directories searched, in order, for messages. */
  readonly searched: readonly string[];
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

/** A catalogue over `dirs` (searched in order) that looks scripts up on disk. */
export function directoryCatalog(dirs: readonly string[]): FeatureCatalog {
  const absolute = [...new Set(dirs.map((d) => resolve(d)))];
  return {
    searched: absolute.map(shown),
    find: (name) => absolute.map((dir) => join(dir, `${name}.sh`)).find(isFile),
  };
}

/** The default search path for an LXC config file at `lxcPath`, plus `extraDirs`. */
export function defaultFeatureDirs(lxcPath: string | undefined, extraDirs: readonly string[] = []): string[] {
  const user = lxcPath === undefined ? [] : [join(dirname(resolve(lxcPath)), "features")];
  return [...user, ...extraDirs, SHIPPED_FEATURE_DIR];
}

/** A catalogue that knows exactly `names` (tests, and the corpus with the scripts its commit shipped). */
export function fixedCatalog(names: Iterable<string>, where = "(given list)"): FeatureCatalog {
  const known = new Set(names);
  return { searched: [where], find: (name) => (known.has(name) ? `${where}/${name}.sh` : undefined) };
}
