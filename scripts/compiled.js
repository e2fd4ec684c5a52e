// Phoenix's TypeScript, compiled ahead for the Pulumi processes (docs/decisions/0023).
//
// Every `pulumi` run starts a language host and a provider process; each used to load the
// TypeScript compiler and transpile the program at start (about 3 s of CPU apiece). The program
// and providers now run from JavaScript under .build/<sources hash>/, written by `build` (called by
// scripts/env.sh before every Pulumi command). A process that finds no build for the sources as
// they are on disk falls back to ts-node: never stale code, only slower.
//
// Plain CommonJS with no dependency but `typescript` (at build time), so the language host, the
// provider shim and the shell scripts can all load it before anything is compiled.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOTS = ["index.ts", "config", "providers", "stack"];

/** The project's program and provider sources (not tests), sorted. */
function sourceFiles(project) {
  const found = [];
  const walk = (rel) => {
    const abs = path.join(project, rel);
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs)) walk(path.join(rel, name));
    } else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) {
      found.push(rel);
    }
  };
  ROOTS.forEach(walk);
  return found.sort();
}

/** A digest of every source file's path and content, and of the compiler settings. */
function sourcesHash(project) {
  const hash = crypto.createHash("sha256");
  for (const file of ["tsconfig.json", ...sourceFiles(project)]) {
    hash.update(file).update("\0").update(fs.readFileSync(path.join(project, file))).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function buildDir(project, hash) {
  return path.join(project, ".build", hash);
}

/** Compiles the sources into .build/<hash>/ unless that build exists; returns its directory. */
function build(project) {
  const hash = sourcesHash(project);
  const dir = buildDir(project, hash);
  if (fs.existsSync(path.join(dir, ".complete"))) return { dir, built: false };
  const ts = require(path.join(project, "node_modules", "typescript"));
  const { config } = ts.readConfigFile(path.join(project, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, project);
  // Checked by `npm run typecheck` (part of the tests); here only transpiled, file by file.
  const compilerOptions = { ...options, noEmit: false, sourceMap: false, inlineSourceMap: false, declaration: false };
  const tmp = fs.mkdtempSync(path.join(project, ".build", `.tmp-${hash}-`));
  for (const file of sourceFiles(project)) {
    const source = fs.readFileSync(path.join(project, file), "utf8");
    const out = ts.transpileModule(source, { compilerOptions, fileName: path.join(project, file) });
    const target = path.join(tmp, file.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out.outputText);
  }
  fs.writeFileSync(path.join(tmp, ".complete"), `${new Date().toISOString()}\n`);
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    // Another process built the same sources first: its build is as good as this one.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, ".complete"))) throw err;
    return { dir, built: false };
  }
  prune(project, hash);
  return { dir, built: true };
}

// Older builds go, except the few newest: a run still using one keeps it.
function prune(project, keep) {
  const root = path.join(project, ".build");
  const builds = fs
    .readdirSync(root)
    .filter((name) => name !== keep && /^[0-9a-f]{16}$/.test(name))
    .map((name) => ({ name, mtime: fs.statSync(path.join(root, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of builds.slice(3)) fs.rmSync(path.join(root, old.name), { recursive: true, force: true });
}

/**
 * The project module `rel` ("index" or "providers/runtime"): from the build of the current
 * sources when there is one, else through ts-node.
 */
function load(project, rel) {
  const dir = buildDir(project, sourcesHash(project));
  if (fs.existsSync(path.join(dir, ".complete"))) return require(path.join(dir, `${rel}.js`));
  if (!process[Symbol.for("ts-node.register.instance")]) {
    require(path.join(project, "node_modules", "ts-node")).register({ transpileOnly: true, project: path.join(project, "tsconfig.json") });
  }
  return require(path.join(project, `${rel}.ts`));
}

module.exports = { build, load, sourceFiles, sourcesHash };

if (require.main === module && process.argv[2] === "build") {
  const project = path.resolve(__dirname, "..");
  fs.mkdirSync(path.join(project, ".build"), { recursive: true });
  const { dir, built } = build(project);
  if (built) process.stderr.write(`[build] compiled the program and providers into ${path.relative(project, dir)}\n`);
}
