// The Phoenix program: load and validate the two JSON files, then declare one resource per entry.
// It never touches the host itself; a config error stops here, before any host command runs.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, loadConfigPair } from "./config/load";
import { declareZfs } from "./stack/zfs";

const stack = new pulumi.Config("phoenix");
const fromProject = (p: string) => path.resolve(__dirname, p);

const loaded = loadConfigPair(fromProject(stack.require("hypervisorConfig")), fromProject(stack.require("lxcConfig")));
for (const warning of loaded.warnings) pulumi.log.warn(`${warning.file} ${warning.path}: ${warning.message}`);
if (!loaded.ok) {
  throw new pulumi.RunError(`the configuration has errors; nothing was sent to the host:\n${formatProblems(loaded.errors)}`);
}

declareZfs(loaded.hypervisor.zfs);
