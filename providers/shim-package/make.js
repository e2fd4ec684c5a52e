// The dynamic provider of one Phoenix kind. Pulumi stores a resource's provider by value, but an
// object that is the exports of a module under node_modules is stored as a require() of that
// module (~200 bytes per resource, twice: inputs and outputs). Each <Kind>.js here exports
// make("<Kind>"); these files only delegate: the implementation (providers/runtime.ts) is loaded
// from the project at run time, so an upgrade of Phoenix also applies to refresh and delete of
// old resources, and no key, secret or SSH client can end up in state.
"use strict";
const path = require("path");

let loaded;
function runtime() {
  if (loaded === undefined) {
    // The provider process's cwd is the project directory; scripts/compiled.js says where the
    // compiled providers are (or falls back to ts-node).
    const project = process.cwd();
    loaded = require(path.join(project, "scripts", "compiled.js")).load(project, "providers/runtime");
  }
  return loaded;
}

module.exports = function make(kind) {
  const hooks = () => runtime().handlers(kind);
  return {
    async configure(req) { runtime().configure(req.config); },
    async check(olds, news) { return hooks().check(olds, news); },
    async diff(id, olds, news) { return hooks().diff(id, olds, news); },
    async create(inputs) { return hooks().create(inputs); },
    async read(id, props) { return hooks().read(id, props); },
    async update(id, olds, news) { return hooks().update(id, olds, news); },
    async delete(id, props) { return hooks().delete(id, props); },
  };
};
