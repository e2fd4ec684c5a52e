// The Pulumi program's entry (Pulumi.yaml `main`): index.ts, compiled ahead when a build of the
// current sources exists (scripts/compiled.js), else through ts-node.
"use strict";

require("./scripts/compiled.js").load(__dirname, "index");
