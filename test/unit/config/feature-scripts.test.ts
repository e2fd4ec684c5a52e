// The shipped feature scripts are valid bash, fail fast, and are named so the feature lookup finds them.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHIPPED_FEATURE_DIR } from "../../../config/features";
import { FEATURE_NAME } from "../../../config/schema/lxc";
import { shippedLxc } from "./shipped";

const scripts = readdirSync(SHIPPED_FEATURE_DIR).filter((f) => f.endsWith(".sh"));

describe("shipped feature scripts", () => {
  it("cover every feature of the example config", () => {
    const used = new Set(Object.values(shippedLxc().lxc_configs).flatMap((ct) => (ct as { features?: string[] }).features ?? []));
    expect([...used].filter((f) => !scripts.includes(`${f}.sh`))).toEqual([]);
  });

  it.each(scripts)("%s parses, sets -euo pipefail and has a feature name", (script) => {
    const path = join(SHIPPED_FEATURE_DIR, script);
    expect(() => execFileSync("bash", ["-n", path])).not.toThrow();
    expect(readFileSync(path, "utf8")).toMatch(/^set -euo pipefail$/m);
    expect(script.replace(/\.sh$/, "")).toMatch(FEATURE_NAME);
  });
});
