// Issue 11 item 6 through the validator itself: values the engine cannot carry are refused by
// `npm run validate` with the file and the JSON path, before any preview; names with characters
// that would not show are printed with escapes.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runValidate } from "../../../config/validate-cli";
import { LAB_APPLICATIONS, shippedHv, shippedLxc, type Json } from "./shipped";

// The shipped LXC file next to a features/ directory is not needed: the shipped features/ resolves.
function validate(mutate: (hv: Json, lxc: Json) => void, hvText?: (json: string) => string): { code: number; out: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "phoenix-bounds-"));
  const hv = shippedHv();
  const lxc = shippedLxc();
  mutate(hv, lxc);
  const hvJson = JSON.stringify(hv);
  writeFileSync(join(dir, "phoenix_hypervisor_config.json"), hvText ? hvText(hvJson) : hvJson);
  writeFileSync(join(dir, "phoenix_lxc_configs.json"), JSON.stringify(lxc));
  const out: string[] = [];
  const code = runValidate(["--application-dir", LAB_APPLICATIONS, join(dir, "phoenix_hypervisor_config.json"), join(dir, "phoenix_lxc_configs.json")], (l) => out.push(...l.split("\n")), (l) => out.push(l));
  return { code, out: out.filter((l) => l.startsWith("error")) };
}

describe("npm run validate refuses values the engine cannot carry", () => {
  it.each([
    ["1e300", 1e300],
    ["1e11", 1e11],
  ])("arc_max_gb: %s", (_name, value) => {
    expect(validate((hv) => (hv.zfs.arc_max_gb = value))).toEqual({
      code: 1,
      out: ["error  phoenix_hypervisor_config.json $.zfs.arc_max_gb: must be at most 8388607 (GiB; larger limits cannot be counted in bytes exactly)"],
    });
  });

  it("a literal 1e300 in the file text", () => {
    const run = validate(() => {}, (json) => json.replace('"arc_max_gb":32', '"arc_max_gb":1e300'));
    expect(run.out).toEqual(["error  phoenix_hypervisor_config.json $.zfs.arc_max_gb: must be at most 8388607 (GiB; larger limits cannot be counted in bytes exactly)"]);
  });

  it("a container root disk whose byte count is not exact", () => {
    expect(validate((_hv, lxc) => (lxc.lxc_configs["953"].storage_size_gb = 2 ** 40)).out).toEqual([
      'error  phoenix_lxc_configs.json $.lxc_configs["953"].storage_size_gb: must be at most 8388607 GiB (larger sizes cannot be counted in bytes exactly)',
    ]);
  });

  it("shows a lone surrogate in a name as an escape, not as an empty character", () => {
    const run = validate((_hv, lxc) => (lxc.lxc_configs["953"].name = "nginx\uD800"));
    expect(run.out).toEqual([
      'error  phoenix_lxc_configs.json $.lxc_configs["953"].name: invalid host name "nginx\\ud800" (expected dot-separated labels of letters, digits and inner hyphens)',
    ]);
  });
});

describe("secrets the file holds", () => {
  it.each([
    ["a number", 123456789],
    ["an empty string", ""],
    ["a list", ["hunter2-secret"]],
  ])("never quotes portainer_api.admin_password when it is %s", (_name, value) => {
    const run = validate((hv) => (hv.portainer_api = { admin_user: "admin", admin_password: value, api_key: null }));
    expect(run.out).toEqual(["error  phoenix_hypervisor_config.json $.portainer_api.admin_password: expected a non-empty string (the value is not shown: it is a secret)"]);
  });
});
