// The Phoenix program: load and validate the two JSON files, then declare one resource per entry.
// It never touches the host itself; a config error stops here, before any host command runs.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, loadConfigPair } from "./config/load";
import { declareZfs } from "./stack/zfs";
import { parsePolicy } from "./providers/adapter/policy";
import { DEFINITIONS } from "./providers/registry";
import { forbiddenSettings, resolveConnectionSettings } from "./providers/ssh/settings";

const stack = new pulumi.Config("phoenix");
const fromProject = (p: string) => path.resolve(__dirname, p);

// The providers connect at run time; checking the settings here (key file readable and a
// private key, pin parseable, port and user valid, no secret in the stack config) makes
// `preview` refuse them before any resource is registered and before any host command.
const settings = Object.fromEntries(["host", "port", "user", "privateKeyPath", "hostKey", "hostKeyPath", "allowDestroy"].map((k) => [k, stack.get(k)]));
const secretsInConfig = forbiddenSettings(Object.fromEntries(["privateKey", "privateKeyPassphrase"].map((k) => [k, stack.getSecret(k) === undefined ? undefined : "set"])));
if (secretsInConfig.length > 0) throw new pulumi.RunError(secretsInConfig.join("\n"));
try {
  resolveConnectionSettings(settings, (p) => fs.readFileSync(p, "utf8"), __dirname, process.env.SSH_AUTH_SOCK);
  parsePolicy(settings.allowDestroy, Object.keys(DEFINITIONS));
} catch (err) {
  throw new pulumi.RunError(`stack config: ${(err as Error).message}`);
}

const loaded = loadConfigPair(fromProject(stack.require("hypervisorConfig")), fromProject(stack.require("lxcConfig")));
for (const warning of loaded.warnings) pulumi.log.warn(`${warning.file} ${warning.path}: ${warning.message}`);
if (!loaded.ok) {
  throw new pulumi.RunError(`the configuration has errors; nothing was sent to the host:\n${formatProblems(loaded.errors)}`);
}

declareZfs(loaded.hypervisor.zfs);
