// The project directory (where Pulumi.yaml is), the same whether a module runs from its source
// or from a compiled build under .build/<hash>/ (scripts/compiled.js).
import * as fs from "node:fs";
import * as path from "node:path";

function findProject(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Pulumi.yaml above ${from}`);
  }
}

export const PROJECT_DIR = findProject(__dirname);
