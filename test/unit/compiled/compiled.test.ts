import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const PROJECT = path.resolve(__dirname, "../../..");
const compiled = require(path.join(PROJECT, "scripts", "compiled.js"));

// A small project shaped like Phoenix: what runs must be the sources as they are on disk.
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "phoenix-compiled-"));
  fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(dir, "node_modules"));
  fs.copyFileSync(path.join(PROJECT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
  fs.mkdirSync(path.join(dir, "providers"));
  fs.mkdirSync(path.join(dir, ".build"));
  fs.writeFileSync(path.join(dir, "providers", "answer.ts"), "export const answer: number = 41;\n");
  fs.writeFileSync(path.join(dir, "index.ts"), 'import { answer } from "./providers/answer";\nexport const value = answer + 1;\nexport const from = __filename;\n');
  fs.writeFileSync(path.join(dir, "providers", "types.d.ts"), "declare const x: number;\n");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each load in a fresh process: Node's module cache would hide what a new run sees.
const run = (): { value: number; from: string } => {
  const code = `const m = require(${JSON.stringify(path.join(PROJECT, "scripts", "compiled.js"))}).load(${JSON.stringify(dir)}, "index"); console.log(JSON.stringify({ value: m.value, from: m.from }));`;
  const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};

describe("scripts/compiled.js", () => {
  it("lists the program's sources, not declaration files", () => {
    expect(compiled.sourceFiles(dir)).toEqual(["index.ts", path.join("providers", "answer.ts")]);
  });

  it("runs the build of the current sources, and the sources themselves once they changed", () => {
    expect(compiled.build(dir).built).toBe(true);
    expect(compiled.build(dir).built).toBe(false);
    const fromBuild = run();
    expect(fromBuild).toEqual({ value: 42, from: path.join(dir, ".build", compiled.sourcesHash(dir), "index.js") });

    fs.writeFileSync(path.join(dir, "providers", "answer.ts"), "export const answer: number = 99;\n");
    // No build for these sources yet: ts-node, never the stale build.
    expect(run()).toEqual({ value: 100, from: path.join(dir, "index.ts") });
    compiled.build(dir);
    expect(run().from).toMatch(/\.build\/[0-9a-f]{16}\/index\.js$/);
    expect(run().value).toBe(100);
  });

  it("keeps the newest builds only", () => {
    for (let i = 0; i < 6; i++) {
      fs.writeFileSync(path.join(dir, "providers", "answer.ts"), `export const answer = ${i};\n`);
      compiled.build(dir);
    }
    expect(fs.readdirSync(path.join(dir, ".build")).filter((n) => /^[0-9a-f]{16}$/.test(n)).length).toBe(4);
  });
});
