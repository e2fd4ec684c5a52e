// The engine floor: a Pulumi project with the same resources as a Phoenix stack (types, names,
// inputs, outputs, dependency edges, one provider module per kind) whose provider does nothing.
// What Phoenix costs beyond it is Phoenix's own overhead (program, providers, host work).
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  custom: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  dependencies?: string[];
}

export interface FloorShape {
  resources: { urn: string; kind: string; name: string; id: string; inputs: Record<string, unknown>; deps: string[] }[];
  /** Outputs beyond the inputs (Phoenix's `observed`), by resource id, so state is as large as Phoenix's. */
  outputs: Record<string, Record<string, unknown>>;
}

const PREFIX = "pulumi-nodejs:dynamic/phoenix:";
// How `stack export` writes a secret: an object with Pulumi's secret signature and the ciphertext.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Secrets as `{ __floorSecret: <ciphertext> }`, which the floor program declares as Pulumi secrets of the same size. */
function markSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(markSecrets);
  if (value === null || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  if (SECRET_SIG in object) return { __floorSecret: String(object.ciphertext ?? object.plaintext ?? "") };
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, markSecrets(v)]));
}

/** The shape of a Phoenix stack from `pulumi stack export`. */
export function floorShape(exported: { deployment: { resources: ExportedResource[] } }): FloorShape {
  const resources: FloorShape["resources"] = [];
  const outputs: FloorShape["outputs"] = {};
  for (const r of exported.deployment.resources) {
    if (!r.custom || !r.type.startsWith(PREFIX)) continue;
    const kind = r.type.slice(PREFIX.length);
    const name = r.urn.split("::").pop()!;
    const { __provider: _p, ...inputs } = markSecrets(r.inputs ?? {}) as Record<string, unknown>;
    const { __provider: _q, ...outs } = markSecrets(r.outputs ?? {}) as Record<string, unknown>;
    const extra = Object.fromEntries(Object.entries(outs).filter(([k]) => !(k in inputs)));
    resources.push({ urn: r.urn, kind, name, id: r.id ?? name, inputs: { ...inputs, floorId: r.id ?? name }, deps: r.dependencies ?? [] });
    outputs[r.id ?? name] = extra;
  }
  return { resources, outputs };
}

// One module per kind under node_modules, as Phoenix's shims are, so the engine stores a short
// require() per resource in both stacks.
const PROVIDER = `"use strict";
const fs = require("fs");
let table;
const extra = (id) => ((table ??= JSON.parse(fs.readFileSync(process.env.FLOOR_OUTPUTS, "utf8")))[id] ?? {});
module.exports = {
  async check(olds, news) { return { inputs: news }; },
  async diff() { return { changes: false }; },
  async create(inputs) { return { id: inputs.floorId, outs: { ...inputs, ...extra(inputs.floorId) } }; },
  async read(id, props) { return { id, props }; },
  async update(id, olds, news) { return { outs: { ...news, ...extra(id) } }; },
  async delete() {},
};
`;

const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const shape = JSON.parse(require("fs").readFileSync(process.env.FLOOR_SHAPE, "utf8"));
const revive = (v) =>
  Array.isArray(v) ? v.map(revive)
  : v === null || typeof v !== "object" ? v
  : "__floorSecret" in v ? pulumi.secret(v.__floorSecret)
  : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
const made = new Map();
for (const r of shape.resources) {
  const provider = require(\`floor-provider/\${r.kind}.js\`);
  const dependsOn = r.deps.map((u) => made.get(u)).filter(Boolean);
  made.set(r.urn, new pulumi.dynamic.Resource(provider, r.name, { ...revive(r.inputs), observed: undefined }, { dependsOn }, "phoenix", r.kind));
}
`;

/** Writes the floor project into `dir` (linked to the project's node_modules); returns its env. */
export function writeFloorProject(dir: string, project: string, shape: FloorShape): NodeJS.ProcessEnv {
  mkdirSync(path.join(dir, "node_modules", "floor-provider"), { recursive: true });
  for (const name of ["@pulumi", "@grpc", "google-protobuf", "typescript"]) {
    symlinkSync(path.join(project, "node_modules", name), path.join(dir, "node_modules", name));
  }
  // The rest of @pulumi/pulumi's dependencies resolve through the project's node_modules.
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "phoenix-floor", main: "index.js" }));
  writeFileSync(path.join(dir, "Pulumi.yaml"), "name: phoenix\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n");
  writeFileSync(path.join(dir, "index.js"), PROGRAM);
  for (const kind of new Set(shape.resources.map((r) => r.kind))) {
    writeFileSync(path.join(dir, "node_modules", "floor-provider", `${kind}.js`), PROVIDER);
  }
  writeFileSync(path.join(dir, "shape.json"), JSON.stringify(shape));
  writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(shape.outputs));
  return { FLOOR_SHAPE: path.join(dir, "shape.json"), FLOOR_OUTPUTS: path.join(dir, "outputs.json"), NODE_PATH: path.join(project, "node_modules") };
}
