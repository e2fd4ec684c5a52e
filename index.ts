// The Phoenix program: load and validate the two JSON files, then declare one resource per entry.
// It never touches the host itself; a config error stops here, before any host command runs.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, loadConfigPair } from "./config/load";
import { declareZfs } from "./stack/zfs";

const stack = new pulumi.Config("phoenix");
const fromProject = (p: string) => path.resolve(__dirname, p);

// The connection is used by the providers at run time; checking that it is complete here makes
// `preview` (which never connects) fail early instead of the first `up`. getSecret only tests
// presence here, without the warning `get` gives for secret values.
const missing = [["host"], ["hostKey", "hostKeyPath"], ["privateKey", "privateKeyPath"]].filter((keys) => keys.every((k) => stack.getSecret(k) === undefined));
if (missing.length > 0) {
  throw new pulumi.RunError(`stack config is missing ${missing.map((keys) => keys.map((k) => `phoenix:${k}`).join(" or ")).join(", ")}`);
}

const loaded = loadConfigPair(fromProject(stack.require("hypervisorConfig")), fromProject(stack.require("lxcConfig")));
for (const warning of loaded.warnings) pulumi.log.warn(`${warning.file} ${warning.path}: ${warning.message}`);
if (!loaded.ok) {
  throw new pulumi.RunError(`the configuration has errors; nothing was sent to the host:\n${formatProblems(loaded.errors)}`);
}

declareZfs(loaded.hypervisor.zfs);
