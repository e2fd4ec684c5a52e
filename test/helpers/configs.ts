// Config files for lab tests that are not about the NVIDIA driver.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT } from "./lab";

export const EXAMPLE_HV_PATH = path.join(PROJECT, "config", "examples", "phoenix_hypervisor_config.json");

/**
 * The real hypervisor file with `nvidia_driver.install: false`: its driver has no runfile
 * checksum, so an install is refused (docs/decisions/0022), and GPU containers would wait for a
 * reboot. Tests of other kinds use this; test/e2e/nvidia.test.ts covers the driver.
 */
export function withoutDriver(cfg: any): any {
  if (cfg.nvidia_driver) cfg.nvidia_driver.install = false;
  return cfg;
}

/** A temporary copy of the real hypervisor file without the driver, for tests that pass a path. */
export function exampleHypervisorWithoutDriver(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "phoenix-hv-")), "phoenix_hypervisor_config.json");
  writeFileSync(file, JSON.stringify(withoutDriver(JSON.parse(readFileSync(EXAMPLE_HV_PATH, "utf8"))), null, 2));
  return file;
}
