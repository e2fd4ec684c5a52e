// Reads the hand-written PVE fixtures (test/fixtures/lxc/README.md names the source of each).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const fixture = (name: string): string => readFileSync(resolve(__dirname, "../../fixtures/lxc", name), "utf8");
