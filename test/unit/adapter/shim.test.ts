// What Pulumi stores in state for each resource is the serialized shim: it must stay small,
// carry no implementation or secret, and load the runtime the way the engine's provider
// process does (a fresh node process whose cwd is the project).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { serializeFunction } from "@pulumi/pulumi/runtime";
import { makeShim } from "../../../providers/shim";
import { DEFINITIONS } from "../../../providers/registry";

const PROJECT = path.resolve(__dirname, "..", "..", "..");

async function serializedShim(kind: string): Promise<string> {
  const shim = makeShim(kind);
  const result = await serializeFunction(() => shim, { allowSecrets: true });
  expect(result.containsSecrets).toBe(false);
  return result.text;
}

describe("the serialized shim", () => {
  it("is a require() of the kind's shim module: small, no implementation, library or key material", async () => {
    const text = await serializedShim("ZfsPool");
    // Stored twice per resource (inputs and outputs): its size is most of a small stack's state.
    expect(text.length).toBeLessThan(400);
    expect(text).toContain('require("phoenix-shim/ZfsPool.js")');
    for (const forbidden of ["ssh2", "zod", "zpool", "PRIVATE KEY", "privateKey", "async"]) expect(text).not.toContain(forbidden);
  });

  it("exists for every kind the runtime serves, as a copy of providers/shim-package", () => {
    for (const kind of Object.keys(DEFINITIONS)) {
      expect(readFileSync(path.join(PROJECT, "providers", "shim-package", `${kind}.js`), "utf8")).toBe(`module.exports = require("./make.js")("${kind}");\n`);
      expect(readFileSync(path.join(PROJECT, "node_modules", "phoenix-shim", `${kind}.js`), "utf8")).toContain(`("${kind}")`);
    }
  });

  it("is the same text for every release of the runtime, differing only by kind", async () => {
    const pool = await serializedShim("ZfsPool");
    const dataset = await serializedShim("ZfsDataset");
    expect(dataset).toBe(pool.replace(/ZfsPool/g, "ZfsDataset"));
  });

  it("loads the runtime in a separate process and validates inputs there", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "phoenix-shim-")), "provider.txt");
    writeFileSync(file, await serializedShim("ZfsPool"));
    // As the engine's provider host loads it: require-from-string, resolving from the cwd.
    const script = `
      const text = require("fs").readFileSync(${JSON.stringify(file)}, "utf8");
      const provider = require("require-from-string")(text).handler();
      (async () => {
        await provider.configure({ config: { get: (k) => ({ host: "192.0.2.1" })[k] } });
        // Existing objects (olds given): check validates without asking the host.
        const good = await provider.check({ name: "tank" }, { name: "tank", raidLevel: "mirror", disks: ["/dev/disk/by-id/a", "/dev/disk/by-id/b"] });
        const bad = await provider.check({}, { name: "mirror", raidLevel: "raid5", disks: [] });
        console.log(JSON.stringify({ good, bad }));
      })().catch((e) => { console.error(e); process.exit(1); });`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: PROJECT, encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.good.inputs).toMatchObject({ name: "tank", raidLevel: "mirror", allowWipe: false, allowDestroy: false, autotrim: true });
    expect(out.bad.failures.map((f: { property: string }) => f.property).sort()).toEqual(["disks", "name", "raidLevel"]);
  });
});
