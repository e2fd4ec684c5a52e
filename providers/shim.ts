// The only provider code Pulumi serializes into state. It captures nothing but a kind name and
// loads the implementation from the project at run time, so an upgrade of Phoenix also applies
// to refresh and to deleting resources that were removed from config, and no key, secret or
// SSH client can ever end up in the serialized text.
import type * as pulumi from "@pulumi/pulumi";

/** Loads providers/runtime.ts from the project directory (the provider process's cwd). */
function loadPhoenixRuntime(): any {
  const path = require("path");
  const project = process.cwd();
  if (!(process as any)[Symbol.for("ts-node.register.instance")]) {
    require(path.join(project, "node_modules", "ts-node")).register({
      transpileOnly: true,
      project: path.join(project, "tsconfig.json"),
    });
  }
  return require(path.join(project, "providers", "runtime.ts"));
}

/** A dynamic provider for one resource kind that delegates every hook to the runtime. */
export function makeShim(kind: string): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      loadPhoenixRuntime().configure(req.config);
    },
    async check(olds, news) {
      return loadPhoenixRuntime().handlers(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return loadPhoenixRuntime().handlers(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return loadPhoenixRuntime().handlers(kind).create(inputs);
    },
    async read(id, props) {
      return loadPhoenixRuntime().handlers(kind).read(id, props);
    },
    async update(id, olds, news) {
      return loadPhoenixRuntime().handlers(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return loadPhoenixRuntime().handlers(kind).delete(id, props);
    },
  };
}
